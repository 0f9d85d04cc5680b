using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.SdJwt;

/// <summary>RFC 9901 §7.3 step 5: verification of the Key Binding JWT, in the order the RFC lists the checks.</summary>
internal static class KeyBindingValidator
{
    internal sealed record Result(SecurityKey HolderKey, DateTimeOffset IssuedAt);

    public static async Task<TokenResult<Result>> ValidateAsync(SdJwtCompact compact, JsonObject processedPayload, SdJwtVerificationOptions options, TimeProvider time)
    {
        // §7.3 step 5.1 and §4.1.2: the Holder key is the cnf.jwk of the SD-JWT, never a key from the KB-JWT header.
        if (processedPayload["cnf"] is not JsonObject cnf || cnf["jwk"] is not JsonObject jwkNode)
        {
            return Fail(SdJwtErrorCodes.KbJwtCnfMissing, "The SD-JWT has no cnf.jwk Holder key to verify the Key Binding JWT with.");
        }

        var holderKey = CreateHolderKey(jwkNode);
        if (holderKey is null)
        {
            return Fail(SdJwtErrorCodes.KbJwtCnfInvalid, "The cnf.jwk Holder key is malformed or of an unsupported type.");
        }

        var kb = SdJwtPresentationValidator.TryReadJwt(compact.KeyBindingJwt!);
        if (kb is null || !TryReadPayload(kb, out var claims))
        {
            return Fail(SdJwtErrorCodes.KbJwtMalformed, "The Key Binding JWT cannot be read.");
        }

        // §7.3 step 5.2: algorithm deemed secure; never none.
        if (!JoseAlgorithms.IsSupported(kb.Alg))
        {
            return Fail(SdJwtErrorCodes.KbJwtAlgNotAllowed, "The Key Binding JWT algorithm is not allowed.");
        }

        // §7.3 step 5.3: signature with the Holder key.
        if (!await SdJwtPresentationValidator.VerifySignatureAsync(kb, [holderKey]).ConfigureAwait(false))
        {
            return Fail(SdJwtErrorCodes.KbJwtSignatureInvalid, "The Key Binding JWT signature does not verify with the cnf.jwk Holder key.");
        }

        // §7.3 step 5.4 and §4.3: typ kb+jwt.
        if (!string.Equals(kb.Typ, SdJwtHolder.KeyBindingJwtType, StringComparison.Ordinal))
        {
            return Fail(SdJwtErrorCodes.KbJwtTypInvalid, "The Key Binding JWT typ is not kb+jwt.");
        }

        // §7.3 step 5.5: iat within the acceptable window.
        var now = time.GetUtcNow();
        if (!claims.TryGetProperty("iat", out var iatElement) || iatElement.ValueKind != JsonValueKind.Number || !iatElement.TryGetInt64(out var iatSeconds)
            || iatSeconds < 0 || iatSeconds > 253402300799)
        {
            return Fail(SdJwtErrorCodes.KbJwtIatInvalid, "The Key Binding JWT has no valid iat.");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(iatSeconds);
        if (issuedAt > now + options.ClockSkew || issuedAt < now - options.KeyBindingMaxAge - options.ClockSkew)
        {
            return Fail(SdJwtErrorCodes.KbJwtIatInvalid, "The Key Binding JWT iat is outside the accepted window.");
        }

        // §7.3 step 5.6: bound to this transaction (nonce) and this Verifier (aud, a single string per §4.3).
        if (!IsExpectedString(claims, "nonce", options.ExpectedNonce))
        {
            return Fail(SdJwtErrorCodes.KbJwtNonceMismatch, "The Key Binding JWT nonce is not the expected one.");
        }

        if (!IsExpectedString(claims, "aud", options.ExpectedAudience))
        {
            return Fail(SdJwtErrorCodes.KbJwtAudMismatch, "The Key Binding JWT aud is not this verifier.");
        }

        // §7.3 step 5.7 and §4.3.1: sd_hash over the Issuer-signed JWT and the presented Disclosures.
        var sdHash = claims.TryGetProperty("sd_hash", out var sdHashElement) && sdHashElement.ValueKind == JsonValueKind.String ? sdHashElement.GetString() : null;
        if (!SdJwtEncoding.FixedTimeEquals(sdHash, SdJwtEncoding.DigestOfAscii(compact.SdJwtSpan)))
        {
            return Fail(SdJwtErrorCodes.KbJwtSdHashMismatch, "The Key Binding JWT sd_hash does not match the presented SD-JWT.");
        }

        return TokenResult<Result>.Success(new Result(holderKey, issuedAt));
    }

    private static SecurityKey? CreateHolderKey(JsonObject jwkNode)
    {
        try
        {
            var jwk = new JsonWebKey(jwkNode.ToJsonString());
            return JwkKeys.TryCreateSecurityKey(jwk, out var key) ? key : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool TryReadPayload(JsonWebToken kb, out JsonElement claims)
    {
        claims = default;
        if (!SdJwtEncoding.TryDecode(kb.EncodedPayload, out var bytes))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            claims = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsExpectedString(JsonElement claims, string name, string? expected)
        => expected is not null && claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && string.Equals(value.GetString(), expected, StringComparison.Ordinal);

    private static TokenResult<Result> Fail(string code, string description) => TokenResult<Result>.Failure(code, description);
}
