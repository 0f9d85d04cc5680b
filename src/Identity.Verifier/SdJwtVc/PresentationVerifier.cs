using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Results;
using Identity.Tokens.SdJwt;
using Identity.Verifier.Jose;
using Identity.Verifier.Trust;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.SdJwtVc;

/// <summary>
/// Verifies an SD-JWT VC presentation up to, not including, the status step. RFC 9901 §7.1 and §7.3 (format, algorithm,
/// signature, disclosures, lifetime, key binding) run in <see cref="SdJwtVerifier"/>; this class adds what the relying
/// party decides: which issuers are trusted and with which keys, the SD-JWT VC type (draft-ietf-oauth-sd-jwt-vc §3.2),
/// required claims and the status reference.
/// </summary>
internal sealed class PresentationVerifier(AttestationVerifierOptions options, TrustedKeyResolver keys, TimeProvider timeProvider)
{
    /// <summary>draft-ietf-oauth-sd-jwt-vc §3.2.1: the issuer-signed JWT of an SD-JWT VC is explicitly typed.</summary>
    private static readonly string[] AcceptedTypes = ["dc+sd-jwt"];

    // Registered members that are not holder claims (RFC 7519 §4.1, draft-ietf-oauth-sd-jwt-vc §3.2.2).
    private static readonly HashSet<string> RegisteredClaims =
        new(["iss", "nbf", "exp", "iat", "cnf", "vct", "vct#integrity", "status", "_sd_alg"], StringComparer.Ordinal);

    private readonly SdJwtVerifier _sdJwt = new(timeProvider);

    public async ValueTask<TokenResult<VerifiedCredential>> VerifyAsync(string presentation, VerificationOptions expected, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presentation))
        {
            return TokenResult<VerifiedCredential>.Failure(VerifierErrorCodes.PresentationMalformed, "The presentation is empty.", "invalid_presentation");
        }

        if (presentation.Length > options.MaxPresentationLength)
        {
            return TokenResult<VerifiedCredential>.Failure(VerifierErrorCodes.PresentationTooLarge, "The presentation is larger than allowed.", "invalid_presentation");
        }

        // Trust is decided here, not by the token: the resolver only sees an issuer the relying party configured.
        // Its error (untrusted, fetch failure, bad chain) is kept so the caller gets the precise code.
        TokenError? trustError = null;
        IReadOnlyList<string>? x5c = null;
        async ValueTask<IReadOnlyCollection<SecurityKey>> ResolveAsync(IssuerKeyContext context, CancellationToken ct)
        {
            if (!options.AllowedAlgorithms.Contains(context.Algorithm))
            {
                trustError = new TokenError(VerifierErrorCodes.AlgorithmNotAllowed, "The credential algorithm is not allowed by this relying party.", "invalid_credential");
                return [];
            }

            if (string.IsNullOrEmpty(context.Issuer))
            {
                trustError = new TokenError(VerifierErrorCodes.IssuerMissing, "The credential has no iss.", "invalid_credential");
                return [];
            }

            x5c = ReadX5c(presentation);
            var resolved = await keys.ResolveAsync(context.Issuer, x5c, ct).ConfigureAwait(false);
            if (!resolved.IsSuccess)
            {
                trustError = resolved.Error;
                return [];
            }

            return OrderByKeyId(resolved.Value, context.KeyId);
        }

        var verified = await _sdJwt.VerifyAsync(presentation, new SdJwtVerificationOptions
        {
            IssuerKeyResolver = ResolveAsync,
            AcceptedTypes = AcceptedTypes,
            RequireKeyBinding = true,
            ExpectedAudience = expected.Audience,
            ExpectedNonce = expected.Nonce,
            KeyBindingMaxAge = expected.MaxKeyBindingAge,
            ClockSkew = expected.ClockSkew,
        }, cancellationToken).ConfigureAwait(false);
        if (!verified.IsSuccess)
        {
            return trustError ?? verified.Error;
        }

        var payload = verified.Value.Payload;

        // draft-ietf-oauth-sd-jwt-vc §3.2.2.1: vct is required and must be a type the relying party accepts.
        var vct = GetString(payload, "vct");
        if (vct is null || (expected.AcceptedVcts.Count > 0 && !expected.AcceptedVcts.Contains(vct)))
        {
            return Fail(VerifierErrorCodes.VctNotAccepted, "The credential type is not accepted.");
        }

        var claims = ToClaims(payload);
        foreach (var required in expected.RequiredClaims)
        {
            if (!claims.ContainsKey(required))
            {
                return Fail(VerifierErrorCodes.RequiredClaimMissing, $"The claim '{required}' was not disclosed.");
            }
        }

        var status = ReadStatus(payload);
        if (!status.IsSuccess)
        {
            return status.Error;
        }

        return TokenResult<VerifiedCredential>.Success(new VerifiedCredential(
            GetString(payload, "iss")!,
            vct,
            claims,
            ReadHolderJwk(payload),
            ReadDate(payload, "iat"),
            ReadDate(payload, "exp"),
            status.Value.Reference,
            x5c));
    }

    /// <summary>The <c>x5c</c> header of the issuer-signed JWT (the part before the first <c>~</c>).</summary>
    private static IReadOnlyList<string>? ReadX5c(string presentation)
    {
        var end = presentation.IndexOf('~', StringComparison.Ordinal);
        return CompactJws.TryParse(end < 0 ? presentation : presentation[..end])?.X5c;
    }

    /// <summary>The key named by <c>kid</c> first, so the usual case verifies once.</summary>
    private static List<SecurityKey> OrderByKeyId(IReadOnlyList<SecurityKey> candidates, string? kid) =>
        kid is null ? [.. candidates] : [.. candidates.OrderBy(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal) ? 0 : 1)];

    private static TokenResult<(StatusReference? Reference, bool Present)> ReadStatus(JsonObject payload)
    {
        if (!payload.TryGetPropertyValue("status", out var status))
        {
            return TokenResult<(StatusReference?, bool)>.Success((null, false));
        }

        // draft-ietf-oauth-status-list §6.2: status.status_list { idx, uri }.
        if (status is not JsonObject statusObject || statusObject["status_list"] is not JsonObject list
            || list["idx"] is not JsonValue idx || !idx.TryGetValue<int>(out var index) || index < 0
            || GetString(list, "uri") is not { } uri || !Uri.TryCreate(uri, UriKind.Absolute, out var listUri))
        {
            return TokenResult<(StatusReference?, bool)>.Failure(VerifierErrorCodes.StatusInvalid, "The credential status claim is malformed.", "invalid_credential");
        }

        return TokenResult<(StatusReference?, bool)>.Success((new StatusReference(listUri, index), true));
    }

    private static JsonWebKey ReadHolderJwk(JsonObject payload)
    {
        // SdJwtVerifier has already verified the KB-JWT with cnf.jwk, so it is present and valid here.
        var jwk = payload["cnf"]?["jwk"]?.ToJsonString(VerifierJsonContext.Default.Options) ?? "{}";
        return new JsonWebKey(jwk);
    }

    private static Dictionary<string, JsonElement> ToClaims(JsonObject processed)
    {
        var claims = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in processed)
        {
            if (!RegisteredClaims.Contains(name))
            {
                claims[name] = JsonSerializer.SerializeToElement(value, VerifierJsonContext.Default.JsonNode);
            }
        }

        return claims;
    }

    private static string? GetString(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? ReadDate(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.TryGetValue<double>(out var seconds) && seconds is >= 0 and < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds((long)seconds)
            : null;

    private static TokenResult<VerifiedCredential> Fail(string code, string description) =>
        TokenResult<VerifiedCredential>.Failure(code, description, "invalid_credential");
}
