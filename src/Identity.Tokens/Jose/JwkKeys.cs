using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Jose;

/// <summary>
/// Conversions between JSON Web Keys (RFC 7517) and IdentityModel security keys.
/// Contract shared by the SD-JWT, status list, issuer and verifier code: everything that turns a JWK into a
/// verification key goes through here, so that supported key types are decided in one place.
/// </summary>
public static class JwkKeys
{
    /// <summary>
    /// Creates a verification (or signing, when private parts are present) key from a JWK.
    /// Returns false for unsupported key types or curves, malformed members, or symmetric keys.
    /// </summary>
    public static bool TryCreateSecurityKey(JsonWebKey jwk, out SecurityKey? key)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        key = null;
        if (jwk.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve && jwk.Crv == JsonWebKeyECTypes.P256
            && !string.IsNullOrEmpty(jwk.X) && !string.IsNullOrEmpty(jwk.Y))
        {
            key = jwk;
            return true;
        }

        return false;
    }
}
