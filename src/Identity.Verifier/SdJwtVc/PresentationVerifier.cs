using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Identity.Verifier.Jose;
using Identity.Verifier.Trust;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.SdJwtVc;

/// <summary>
/// Verifies an SD-JWT VC presentation up to, not including, the status step. Each step is one method, in the order of
/// RFC 9901 §7.1 (issuer-signed JWT), §7.3 (key binding) and draft-ietf-oauth-sd-jwt-vc §3.2 (vct) — cheapest and
/// offline checks first, so that nothing is fetched for a presentation that is already wrong.
/// </summary>
internal sealed class PresentationVerifier(AttestationVerifierOptions options, IssuerKeyResolver keys, TimeProvider timeProvider)
{
    // Registered members that are not holder claims (RFC 7519 §4.1, draft-ietf-oauth-sd-jwt-vc §3.2.2).
    private static readonly HashSet<string> RegisteredClaims =
        new(["iss", "nbf", "exp", "iat", "cnf", "vct", "vct#integrity", "status", "_sd_alg"], StringComparer.Ordinal);

    public async ValueTask<TokenResult<VerifiedCredential>> VerifyAsync(string presentation, VerificationOptions expected, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();

        var parts = PresentationParts.Split(presentation, options.MaxPresentationLength);
        if (!parts.IsSuccess)
        {
            return parts.Error;
        }

        var issuerJwt = CompactJws.TryParse(parts.Value.IssuerJwt);
        if (issuerJwt is null)
        {
            return Fail(VerifierErrorCodes.IssuerJwtMalformed, "The issuer-signed JWT cannot be read.");
        }

        if (ValidateHeader(issuerJwt) is { } headerError)
        {
            return headerError;
        }

        if (CompactJws.GetString(issuerJwt.Payload, "iss") is not { Length: > 0 } issuer)
        {
            return Fail(VerifierErrorCodes.IssuerJwtMalformed, "The credential has no iss.");
        }

        if (ValidateLifetime(issuerJwt.Payload, expected.ClockSkew, now) is { } lifetimeError)
        {
            return lifetimeError;
        }

        var issuerKeys = await keys.ResolveAsync(issuer, issuerJwt.X5c, cancellationToken).ConfigureAwait(false);
        if (!issuerKeys.IsSuccess)
        {
            return issuerKeys.Error;
        }

        if (!VerifySignature(issuerJwt, issuerKeys.Value))
        {
            return Fail(VerifierErrorCodes.IssuerSignatureInvalid, "The credential signature does not verify with the issuer's keys.");
        }

        var claims = DisclosureProcessor.Process(issuerJwt.Payload, parts.Value.Disclosures);
        if (!claims.IsSuccess)
        {
            return claims.Error;
        }

        var holderKey = ReadHolderKey(issuerJwt.Payload);
        if (holderKey is null || !JwkKeys.TryCreateSecurityKey(holderKey, out var holderSecurityKey) || holderSecurityKey is null)
        {
            return Fail(VerifierErrorCodes.HolderKeyMissing, "The credential has no supported cnf.jwk holder key.");
        }

        if (KeyBindingValidator.Validate(parts.Value.KeyBindingJwt, parts.Value.SdJwtWithoutKb, holderSecurityKey, expected, options, now) is { } kbError)
        {
            return kbError;
        }

        // draft-ietf-oauth-sd-jwt-vc §3.2.2.1: vct is required and must be a type the relying party accepts.
        var vct = CompactJws.GetString(issuerJwt.Payload, "vct");
        if (vct is null || (expected.AcceptedVcts.Count > 0 && !expected.AcceptedVcts.Contains(vct)))
        {
            return Fail(VerifierErrorCodes.VctNotAccepted, "The credential type is not accepted.");
        }

        var disclosed = ToClaims(claims.Value);
        foreach (var required in expected.RequiredClaims)
        {
            if (!disclosed.ContainsKey(required))
            {
                return Fail(VerifierErrorCodes.RequiredClaimMissing, $"The claim '{required}' was not disclosed.");
            }
        }

        var status = ReadStatus(issuerJwt.Payload);
        if (!status.IsSuccess)
        {
            return status.Error;
        }

        return TokenResult<VerifiedCredential>.Success(new VerifiedCredential(
            issuer,
            vct,
            disclosed,
            holderKey,
            ToDate(CompactJws.GetNumericDate(issuerJwt.Payload, "iat")),
            ToDate(CompactJws.GetNumericDate(issuerJwt.Payload, "exp")),
            status.Value.Reference,
            issuerJwt.X5c));
    }

    /// <summary>draft-ietf-oauth-sd-jwt-vc §3.2.1: typ dc+sd-jwt; RFC 8725 §3.1: alg from an allow-list, never none.</summary>
    private TokenError? ValidateHeader(CompactJws jwt)
    {
        if (!KeyBindingValidator.IsAllowed(jwt.Algorithm, options))
        {
            return new TokenError(VerifierErrorCodes.AlgorithmNotAllowed, "The credential algorithm is not allowed.", "invalid_credential");
        }

        return jwt.Type == "dc+sd-jwt"
            ? null
            : new TokenError(VerifierErrorCodes.IssuerJwtWrongType, "The credential typ is not dc+sd-jwt.", "invalid_credential");
    }

    /// <summary>RFC 7519 §4.1.4–4.1.6 with the configured clock skew.</summary>
    private static TokenError? ValidateLifetime(JsonElement payload, TimeSpan skew, DateTimeOffset now)
    {
        if (CompactJws.GetNumericDate(payload, "exp") is { } exp && DateTimeOffset.FromUnixTimeSeconds(exp) + skew <= now)
        {
            return new TokenError(VerifierErrorCodes.CredentialExpired, "The credential has expired.", "invalid_credential");
        }

        if (CompactJws.GetNumericDate(payload, "nbf") is { } nbf && DateTimeOffset.FromUnixTimeSeconds(nbf) - skew > now)
        {
            return new TokenError(VerifierErrorCodes.CredentialNotYetValid, "The credential is not valid yet.", "invalid_credential");
        }

        if (CompactJws.GetNumericDate(payload, "iat") is { } iat && DateTimeOffset.FromUnixTimeSeconds(iat) - skew > now)
        {
            return new TokenError(VerifierErrorCodes.CredentialNotYetValid, "The credential is issued in the future.", "invalid_credential");
        }

        return null;
    }

    internal static bool VerifySignature(CompactJws jwt, IReadOnlyList<SecurityKey> candidates)
    {
        // Prefer the key named by kid; without a match every trusted key is tried (keys without kid are common in x5c and small JWKS).
        var kid = jwt.KeyId;
        if (kid is not null)
        {
            foreach (var key in candidates)
            {
                if (string.Equals(key.KeyId, kid, StringComparison.Ordinal) && jwt.VerifyWith(key))
                {
                    return true;
                }
            }
        }

        foreach (var key in candidates)
        {
            if ((kid is null || !string.Equals(key.KeyId, kid, StringComparison.Ordinal)) && jwt.VerifyWith(key))
            {
                return true;
            }
        }

        return false;
    }

    private static JsonWebKey? ReadHolderKey(JsonElement payload)
    {
        if (!payload.TryGetProperty("cnf", out var cnf) || cnf.ValueKind != JsonValueKind.Object
            || !cnf.TryGetProperty("jwk", out var jwk) || jwk.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            var key = new JsonWebKey(jwk.GetRawText());
            return string.IsNullOrEmpty(key.D) ? key : null;
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            return null;
        }
    }

    private static TokenResult<(StatusReference? Reference, bool Present)> ReadStatus(JsonElement payload)
    {
        if (!payload.TryGetProperty("status", out var status))
        {
            return TokenResult<(StatusReference?, bool)>.Success((null, false));
        }

        // draft-ietf-oauth-status-list §6.2: status.status_list { idx, uri }.
        if (status.ValueKind != JsonValueKind.Object || !status.TryGetProperty("status_list", out var list) || list.ValueKind != JsonValueKind.Object
            || !list.TryGetProperty("idx", out var idx) || !idx.TryGetInt32(out var index) || index < 0
            || CompactJws.GetString(list, "uri") is not { } uri || !Uri.TryCreate(uri, UriKind.Absolute, out var listUri))
        {
            return TokenResult<(StatusReference?, bool)>.Failure(VerifierErrorCodes.StatusInvalid, "The credential status claim is malformed.", "invalid_credential");
        }

        return TokenResult<(StatusReference?, bool)>.Success((new StatusReference(listUri, index), true));
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

    private static DateTimeOffset? ToDate(long? seconds) => seconds is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;

    private static TokenResult<VerifiedCredential> Fail(string code, string description) =>
        TokenResult<VerifiedCredential>.Failure(code, description, "invalid_credential");
}
