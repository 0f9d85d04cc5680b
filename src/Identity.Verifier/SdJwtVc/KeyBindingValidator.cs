using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Identity.Tokens.Results;
using Identity.Verifier.Jose;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.SdJwtVc;

/// <summary>
/// Validates the Key Binding JWT (RFC 9901 §4.3 and §7.3): <c>typ</c> <c>kb+jwt</c>, an allowed algorithm, a signature by
/// the holder key in <c>cnf</c>, <c>sd_hash</c> over the presented SD-JWT, the expected <c>nonce</c> and <c>aud</c>, and a fresh <c>iat</c>.
/// </summary>
internal static class KeyBindingValidator
{
    public static TokenError? Validate(
        string keyBindingJwt,
        string sdJwtWithoutKb,
        SecurityKey holderKey,
        VerificationOptions expected,
        AttestationVerifierOptions options,
        DateTimeOffset now)
    {
        var kb = CompactJws.TryParse(keyBindingJwt);
        if (kb is null)
        {
            return Error(VerifierErrorCodes.KeyBindingMalformed, "The Key Binding JWT cannot be read.");
        }

        // §4.3: typ MUST be kb+jwt.
        if (kb.Type != "kb+jwt")
        {
            return Error(VerifierErrorCodes.KeyBindingMalformed, "The Key Binding JWT typ is not kb+jwt.");
        }

        if (!IsAllowed(kb.Algorithm, options))
        {
            return Error(VerifierErrorCodes.AlgorithmNotAllowed, "The Key Binding JWT algorithm is not allowed.");
        }

        // §7.3 step 5: the signature is checked with the key in the SD-JWT's cnf claim.
        if (!kb.VerifyWith(holderKey))
        {
            return Error(VerifierErrorCodes.KeyBindingSignatureInvalid, "The Key Binding JWT is not signed by the holder key.");
        }

        // §4.3.1: sd_hash is the base64url SHA-256 of the SD-JWT as presented, up to and including the last '~'.
        if (CompactJws.GetString(kb.Payload, "sd_hash") is not { } sdHash || !FixedTimeEquals(sdHash, SdHash(sdJwtWithoutKb)))
        {
            return Error(VerifierErrorCodes.KeyBindingSdHashMismatch, "The Key Binding JWT does not cover this presentation.");
        }

        // §7.3 step 5: nonce and aud bind the presentation to this request of this relying party.
        if (CompactJws.GetString(kb.Payload, "nonce") is not { } nonce || !FixedTimeEquals(nonce, expected.Nonce))
        {
            return Error(VerifierErrorCodes.KeyBindingNonceMismatch, "The Key Binding JWT nonce is not the expected one.");
        }

        if (!AudienceMatches(kb.Payload, expected.Audience))
        {
            return Error(VerifierErrorCodes.KeyBindingAudienceMismatch, "The Key Binding JWT audience is not this relying party.");
        }

        if (CompactJws.GetNumericDate(kb.Payload, "iat") is not { } iat)
        {
            return Error(VerifierErrorCodes.KeyBindingMalformed, "The Key Binding JWT has no iat.");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(iat);
        if (issuedAt > now + expected.ClockSkew || issuedAt < now - expected.MaxKeyBindingAge - expected.ClockSkew)
        {
            return Error(VerifierErrorCodes.KeyBindingStale, "The Key Binding JWT is too old or issued in the future.");
        }

        return null;
    }

    public static string SdHash(string sdJwtWithoutKb)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes(sdJwtWithoutKb), hash);
        return Base64Url.EncodeToString(hash);
    }

    internal static bool IsAllowed(string? alg, AttestationVerifierOptions options) =>
        alg is not null && !string.Equals(alg, "none", StringComparison.OrdinalIgnoreCase) && options.AllowedAlgorithms.Contains(alg);

    private static bool AudienceMatches(JsonElement payload, string audience)
    {
        if (!payload.TryGetProperty("aud", out var aud))
        {
            return false;
        }

        // §4.3 defines aud as a single string; an array with exactly that one value is tolerated (RFC 7519 §4.1.3).
        return aud.ValueKind switch
        {
            JsonValueKind.String => string.Equals(aud.GetString(), audience, StringComparison.Ordinal),
            JsonValueKind.Array => aud.GetArrayLength() == 1 && aud[0].ValueKind == JsonValueKind.String
                && string.Equals(aud[0].GetString(), audience, StringComparison.Ordinal),
            _ => false,
        };
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static TokenError Error(string code, string description) => new(code, description, "invalid_presentation");
}
