using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.SdJwtVc;

/// <summary>
/// Checks the holder key put in <c>cnf.jwk</c> (RFC 7800 §3.2) without building a key object: a public key of a supported type,
/// and for P-256 a point on the curve (SEC 1 §3.2.2.1; the cofactor is 1, so that is the whole public key validation). Importing
/// the key through OpenSSL for the same answer cost a quarter of a credential's issuance and left a native handle per credential
/// for the finalizer (docs/performance.md).
/// </summary>
internal static class HolderJwkCheck
{
    // FIPS 186-4 D.1.2.3 (P-256): y^2 = x^3 - 3x + b mod p.
    private static readonly BigInteger P = BigInteger.Parse("0ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    private static readonly BigInteger B = BigInteger.Parse("05ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static bool IsSupportedPublicKey(JsonObject jwk)
    {
        if (jwk.ContainsKey("d") || Text(jwk, "kty") is not { } kty)
        {
            return false;
        }

        // RFC 7517 §4.2: a key meant for encryption is not a signature key.
        if (jwk.ContainsKey("use") && Text(jwk, "use") != "sig")
        {
            return false;
        }

        if (kty == "EC")
        {
            return Text(jwk, "crv") == "P-256"
                && (!jwk.ContainsKey("alg") || Text(jwk, "alg") == JoseAlgorithms.ES256)
                && Coordinate(jwk, "x") is { } x && Coordinate(jwk, "y") is { } y
                && IsOnP256(x, y);
        }

        // OKP (Ed25519): importing the 32-byte key is cheap; the shared JWK contract decides.
        return kty == "OKP" && JwkKeys.TryCreateSecurityKey(new JsonWebKey(jwk.ToJsonString()), out _);
    }

    private static bool IsOnP256(BigInteger x, BigInteger y)
    {
        if (x >= P || y >= P)
        {
            return false;
        }

        var left = BigInteger.ModPow(y, 2, P);
        var right = ((BigInteger.ModPow(x, 3, P) - (3 * x) + B) % P + P) % P;
        return left == right;
    }

    private static BigInteger? Coordinate(JsonObject jwk, string name)
    {
        if (Text(jwk, name) is not { Length: 43 } text)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[33];
        if (Base64Url.DecodeFromChars(text, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return null;
        }

        return new BigInteger(bytes[..32], isUnsigned: true, isBigEndian: true);
    }

    private static string? Text(JsonObject jwk, string name)
        => jwk.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
