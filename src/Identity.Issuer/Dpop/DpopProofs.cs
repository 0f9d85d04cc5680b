using Identity.State;
using Identity.Tokens.Dpop;
using Identity.Tokens.Results;

namespace Identity.Issuer.Dpop;

/// <summary>
/// Verifies the DPoP proof of an HTTP request (RFC 9449 §4.3) and uses its <c>jti</c> once across every replica through the
/// shared replay cache (§11.1). Server nonces are not issued (see docs/issuer-login.md, "DPoP").
/// </summary>
internal sealed class DpopProofs(IReplayCache replayCache, TimeProvider time)
{
    public const string HeaderName = "DPoP";
    public const string Scheme = "DPoP";

    /// <summary>The proof policy: ES256 and EdDSA, 60 seconds old at most, 60 seconds of skew.</summary>
    public static DpopProofValidationOptions Options => DpopProofValidationOptions.Default;

    /// <summary>The WWW-Authenticate <c>algs</c> parameter and the <c>dpop_signing_alg_values_supported</c> metadata (§5.1, §7.1).</summary>
    public static string Algorithms => string.Join(' ', Options.AllowedAlgorithms);

    public static bool HasProof(HttpRequest request) => request.Headers.ContainsKey(HeaderName);

    /// <summary>Verifies the proof for <paramref name="uri"/> (the endpoint's public URL) and, at a resource, <paramref name="accessToken"/>.</summary>
    public async Task<TokenResult<DpopProof>> ValidateAsync(HttpRequest request, Uri uri, string? accessToken, CancellationToken cancellationToken)
    {
        var headers = request.Headers[HeaderName];
        if (headers.Count > 1)
        {
            // §4.3 check 1: exactly one DPoP header.
            return new TokenError(DpopErrorCodes.ProofMultiple, "Send exactly one DPoP header.", DpopErrorCodes.InvalidDpopProof);
        }

        var result = DpopProofValidator.Validate(headers.Count == 1 ? headers[0] : null, new DpopRequest(request.Method, uri, accessToken), Options, time);
        if (!result.IsSuccess)
        {
            return result;
        }

        // §11.1: a proof is used once; the key is part of the entry so that one client cannot burn another's identifiers.
        var proof = result.Value;
        if (!await replayCache.TryUseAsync($"dpop:{proof.Thumbprint}:{proof.JwtId}", Options.AcceptedUntil(proof.IssuedAt), cancellationToken))
        {
            return new TokenError(DpopErrorCodes.Replayed, "This DPoP proof was already used; create a new proof for each request.", DpopErrorCodes.InvalidDpopProof);
        }

        return result;
    }

    /// <summary>The RFC 7800 confirmation of a DPoP-bound token (§6.1): <c>{"jkt": thumbprint}</c>.</summary>
    public static System.Text.Json.Nodes.JsonObject Confirmation(string thumbprint) => new() { ["jkt"] = thumbprint };

    /// <summary>The <c>cnf.jkt</c> of a token's <c>cnf</c> claim value, or null when the token is not DPoP-bound.</summary>
    public static string? BoundThumbprint(string? confirmation)
    {
        if (string.IsNullOrEmpty(confirmation))
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(confirmation);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("jkt", out var jkt) && jkt.ValueKind == System.Text.Json.JsonValueKind.String
                ? jkt.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
