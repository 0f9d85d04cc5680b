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
        // resolver's own error (untrusted, fetch failure, bad chain) is kept so the caller gets the precise code.
        TokenError? trustError = null;
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

            var x5c = JwsHeader.TryRead(presentation.AsSpan(0, Math.Max(0, presentation.IndexOf('~', StringComparison.Ordinal))))?.X5c;
            var resolved = await keys.ResolveAsync(context.Issuer, x5c, ct).ConfigureAwait(false);
            if (!resolved.IsSuccess)
            {
                trustError = resolved.Error;
                return [];
            }

            return OrderByKeyId(resolved.Value, context.KeyId);
        }

        var verified = await _sdJwtVc.VerifyAsync(presentation, new SdJwtVcVerificationOptions
        {
            IssuerKeyResolver = ResolveAsync,
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
            return trustError ?? verified.Error;
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
    private static List<SecurityKey> OrderByKeyId(IReadOnlyList<SecurityKey> candidates, string? kid) =>
        kid is null ? [.. candidates] : [.. candidates.OrderBy(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal) ? 0 : 1)];

    internal static Dictionary<string, JsonElement> ToElements(JsonObject claims)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in claims)
        {
            result[name] = JsonSerializer.SerializeToElement(value, VerifierJsonContext.Default.JsonNode);
        }

        return result;
    }
}
