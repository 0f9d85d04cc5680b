using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Jose;

/// <summary>
/// Conversions between JSON Web Keys (RFC 7517) and IdentityModel security keys.
/// Contract shared by the SD-JWT, status list, issuer and verifier code: everything that turns a JWK into a
/// verification key goes through here, so that supported key types are decided in one place.
/// Supported: <c>EC</c> <c>P-256</c> (ES256, RFC 7518 §6.2) and <c>OKP</c> <c>Ed25519</c> (EdDSA, RFC 8037 §2).
/// Everything else (RSA, <c>oct</c>, other curves, malformed members) is refused.
/// </summary>
public static partial class JwkKeys
{
    private const string KeyTypeOkp = "OKP";
    private const string CurveEd25519 = "Ed25519";
    private const int P256CoordinateLength = 32;

    /// <summary>
    /// Creates a verification (or signing, when private parts are present) key from a JWK.
    /// Returns false for unsupported key types or curves, malformed members, or symmetric keys.
    /// An EC point is imported, so a point that is not on P-256 is refused; an OKP <c>d</c> must match its <c>x</c>.
    /// The returned key carries the JWK's <c>kid</c>.
    /// </summary>
    public static bool TryCreateSecurityKey(JsonWebKey jwk, out SecurityKey? key)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        key = null;

        // RFC 7517 §4.2: a key meant for encryption is not a signature key.
        if (!string.IsNullOrEmpty(jwk.Use) && jwk.Use != JsonWebKeyUseNames.Sig)
        {
            return false;
        }

        if (jwk.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve)
        {
            return TryCreateEcKey(jwk, out key);
        }

        if (jwk.Kty == KeyTypeOkp)
        {
            return TryCreateOkpKey(jwk, out key);
        }

        return false;
    }

    private static bool TryCreateEcKey(JsonWebKey jwk, out SecurityKey? key)
    {
        key = null;
        if (jwk.Crv != JsonWebKeyECTypes.P256
            || !IsAlgorithmCompatible(jwk.Alg, JoseAlgorithms.ES256)
            || !Base64UrlText.TryDecode(jwk.X, out var x) || x.Length != P256CoordinateLength
            || !Base64UrlText.TryDecode(jwk.Y, out var y) || y.Length != P256CoordinateLength)
        {
            return false;
        }

        byte[]? d = null;
        if (jwk.D is not null && (!Base64UrlText.TryDecode(jwk.D, out d) || d.Length != P256CoordinateLength))
        {
            return false;
        }

        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y }, D = d };
        ECDsa? ecdsa = null;
        try
        {
            // Importing validates the point is on the curve (and, with d, that d matches it).
            ecdsa = ECDsa.Create(parameters);
            key = new ECDsaSecurityKey(ecdsa) { KeyId = jwk.Kid };
            return true;
        }
        catch (CryptographicException)
        {
            ecdsa?.Dispose();
            return false;
        }
        finally
        {
            if (d is not null)
            {
                CryptographicOperations.ZeroMemory(d);
            }
        }
    }

    private static bool TryCreateOkpKey(JsonWebKey jwk, out SecurityKey? key)
    {
        key = null;
        if (jwk.Crv != CurveEd25519
            || !(IsAlgorithmCompatible(jwk.Alg, JoseAlgorithms.EdDSA) || IsAlgorithmCompatible(jwk.Alg, JoseAlgorithms.Ed25519))
            || !Base64UrlText.TryDecode(jwk.X, out var x) || x.Length != Ed25519SecurityKey.KeyLength
            || !string.IsNullOrEmpty(jwk.Y))
        {
            return false;
        }

        Ed25519SecurityKey? created;
        if (jwk.D is null)
        {
            if (!Ed25519SecurityKey.TryCreatePublic(x, out created))
            {
                return false;
            }
        }
        else
        {
            if (!Base64UrlText.TryDecode(jwk.D, out var d))
            {
                return false;
            }

            try
            {
                if (!Ed25519SecurityKey.TryCreatePrivate(d, x, out created))
                {
                    return false;
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(d);
            }
        }

        created!.KeyId = jwk.Kid;
        key = created;
        return true;
    }

    // RFC 7517 §4.4: when a JWK names its algorithm, it must be the one the key type is used with.
    private static bool IsAlgorithmCompatible(string? declared, string expected)
        => string.IsNullOrEmpty(declared) || declared == expected;
}
