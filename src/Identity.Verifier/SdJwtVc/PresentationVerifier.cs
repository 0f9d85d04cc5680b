using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Results;
using Identity.Tokens.SdJwt;
using Identity.Tokens.SdJwtVc;
using Identity.Verifier.Jose;
using Identity.Verifier.Trust;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.SdJwtVc;

/// <summary>
/// Verifies an SD-JWT VC presentation up to, not including, the status step. The checks of RFC 9901 §7.1/§7.3 and
/// draft-ietf-oauth-sd-jwt-vc (format, algorithm, typ, signature, disclosures, vct, lifetime, cnf, key binding) run in
/// <see cref="SdJwtVcVerifier"/>; this class adds what the relying party decides: which issuers are trusted and with which
/// keys, the algorithm allow-list and the required claims.
/// </summary>
internal sealed class PresentationVerifier(AttestationVerifierOptions options, TrustedKeyResolver keys, TimeProvider timeProvider)
{
    private readonly SdJwtVcVerifier _sdJwtVc = new(timeProvider);

    public async ValueTask<TokenResult<SdJwtVcCredential>> VerifyAsync(string presentation, VerificationOptions expected, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presentation))
        {
            return TokenResult<SdJwtVcCredential>.Failure(VerifierErrorCodes.PresentationMalformed, "The presentation is empty.", "invalid_presentation");
        }

        if (presentation.Length > options.MaxPresentationLength)
        {
            return TokenResult<SdJwtVcCredential>.Failure(VerifierErrorCodes.PresentationTooLarge, "The presentation is larger than allowed.", "invalid_presentation");
        }

        // Trust is decided here, not by the token: keys come only for an issuer the relying party configured. The
        // lookup's own error (algorithm not allowed, untrusted, fetch failure, bad chain) is the verification result.
        async ValueTask<TokenResult<IReadOnlyCollection<SecurityKey>>> LookupAsync(IssuerKeyRequest request, CancellationToken ct)
        {
            if (!options.AllowedAlgorithms.Contains(request.Algorithm))
            {
                return new TokenError(VerifierErrorCodes.AlgorithmNotAllowed, "The credential algorithm is not allowed by this relying party.", "invalid_credential");
            }

            if (string.IsNullOrEmpty(request.Issuer))
            {
                return new TokenError(VerifierErrorCodes.IssuerMissing, "The credential has no iss.", "invalid_credential");
            }

            var resolved = await keys.ResolveAsync(request.Issuer, JwsHeader.ReadX5c(request.Header), ct).ConfigureAwait(false);
            return resolved.IsSuccess ? OrderByKeyId(resolved.Value, request.KeyId) : resolved.Error;
        }

        var verified = await _sdJwtVc.VerifyAsync(presentation, new SdJwtVcVerificationOptions
        {
            IssuerKeyLookup = LookupAsync,
            KeyBindingAlgorithms = [.. options.AllowedAlgorithms],
            AcceptLegacyType = false,
            AcceptedVcts = expected.AcceptedVcts.Count > 0 ? [.. expected.AcceptedVcts] : null,
            RequireKeyBinding = true,
            ExpectedAudience = expected.Audience,
            ExpectedNonce = expected.Nonce,
            KeyBindingMaxAge = expected.MaxKeyBindingAge,
            ClockSkew = expected.ClockSkew,
        }, cancellationToken).ConfigureAwait(false);
        if (!verified.IsSuccess)
        {
            return verified.Error;
        }

        foreach (var required in expected.RequiredClaims)
        {
            if (!verified.Value.Claims.ContainsKey(required))
            {
                return TokenResult<SdJwtVcCredential>.Failure(VerifierErrorCodes.RequiredClaimMissing, $"The claim '{required}' was not disclosed.", "invalid_credential");
            }
        }

        return verified;
    }

    /// <summary>The key named by <c>kid</c> first, so the usual case verifies once.</summary>
    private static TokenResult<IReadOnlyCollection<SecurityKey>> OrderByKeyId(IReadOnlyList<SecurityKey> candidates, string? kid) =>
        kid is null ? TokenResult<IReadOnlyCollection<SecurityKey>>.Success(candidates) : TokenResult<IReadOnlyCollection<SecurityKey>>.Success([.. candidates.OrderBy(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal) ? 0 : 1)]);

    internal static Dictionary<string, JsonElement> ToElements(JsonObject claims)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in claims)
        {
            // A parsed scalar already is an element (of a document nobody disposes): no need to write and re-parse it.
            result[name] = value is JsonValue scalar && scalar.TryGetValue<JsonElement>(out var element)
                ? element
                : JsonSerializer.SerializeToElement(value, VerifierJsonContext.Default.JsonNode);
        }

        return result;
    }
}
