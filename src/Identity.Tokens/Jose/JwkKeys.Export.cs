using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Jose;

public static partial class JwkKeys
{
    private const int MaxJwkJsonLength = 16 * 1024;

    /// <summary>Generates a P-256 key for ES256 whose <c>kid</c> is its RFC 7638 thumbprint.</summary>
    public static ECDsaSecurityKey GenerateEs256()
    {
        var key = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        key.KeyId = ComputeThumbprint(key);
        return key;
    }

    /// <summary>Generates an Ed25519 key (seed from <see cref="RandomNumberGenerator"/>) whose <c>kid</c> is its RFC 7638 thumbprint.</summary>
    public static Ed25519SecurityKey GenerateEd25519()
    {
        Span<byte> seed = stackalloc byte[Ed25519SecurityKey.KeyLength];
        RandomNumberGenerator.Fill(seed);
        try
        {
            if (!Ed25519SecurityKey.TryCreatePrivate(seed, default, out var key) || key is null)
            {
                throw new CryptographicException("Ed25519 key generation failed.");
            }

            key.KeyId = ComputeThumbprint(key);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The public JWK (<c>kty</c>, <c>crv</c>, <c>x</c>, <c>y</c>, <c>kid</c>) of an ES256 or Ed25519 key.</summary>
    /// <exception cref="ArgumentException">The key is neither a P-256 <see cref="ECDsaSecurityKey"/> nor an <see cref="Ed25519SecurityKey"/>.</exception>
    public static JsonWebKey ExportPublicJwk(SecurityKey key) => Export(key, includePrivate: false);

    /// <summary>The private JWK (with <c>d</c>) of an ES256 or Ed25519 key. Store it as a secret.</summary>
    /// <exception cref="ArgumentException">The key is not supported or has no private part.</exception>
    public static JsonWebKey ExportPrivateJwk(SecurityKey key) => Export(key, includePrivate: true);

    /// <summary>Serializes the members this project uses (<c>kty crv x y d kid alg use</c>) as compact JSON.</summary>
    public static string ToJson(JsonWebKey jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            WriteIfPresent(writer, "kty", jwk.Kty);
            WriteIfPresent(writer, "crv", jwk.Crv);
            WriteIfPresent(writer, "x", jwk.X);
            WriteIfPresent(writer, "y", jwk.Y);
            WriteIfPresent(writer, "d", jwk.D);
            WriteIfPresent(writer, "kid", jwk.Kid);
            WriteIfPresent(writer, "alg", jwk.Alg);
            WriteIfPresent(writer, "use", jwk.Use);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses a JWK from JSON and creates its key as <see cref="TryCreateSecurityKey(JsonWebKey, out SecurityKey?)"/> does.</summary>
    public static bool TryCreateSecurityKey(string json, out SecurityKey? key)
    {
        key = null;
        if (string.IsNullOrEmpty(json) || json.Length > MaxJwkJsonLength)
        {
            return false;
        }

        JsonWebKey jwk;
        try
        {
            jwk = new JsonWebKey(json);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (JsonException)
        {
            return false;
        }

        return TryCreateSecurityKey(jwk, out key);
    }

    /// <summary>
    /// The RFC 7638 thumbprint (SHA-256, base64url) of a JWK: <c>EC</c>, <c>OKP</c> (RFC 8037 §2) or <c>RSA</c>.
    /// Returns false when a required member is missing or the key type is another one.
    /// </summary>
    public static bool TryComputeThumbprint(JsonWebKey jwk, out string? thumbprint)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        thumbprint = null;
        string? canonical = jwk.Kty switch
        {
            JsonWebAlgorithmsKeyTypes.EllipticCurve when Present(jwk.Crv, jwk.X, jwk.Y) => JwkThumbprints.CanonicalEc(jwk.Crv, jwk.X, jwk.Y),
            KeyTypeOkp when Present(jwk.Crv, jwk.X) => JwkThumbprints.CanonicalOkp(jwk.Crv, jwk.X),
            JsonWebAlgorithmsKeyTypes.RSA when Present(jwk.E, jwk.N) => JwkThumbprints.CanonicalRsa(jwk.E, jwk.N),
            _ => null,
        };
        if (canonical is null)
        {
            return false;
        }

        thumbprint = Base64UrlText.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        return true;
    }

    /// <summary>The RFC 7638 thumbprint of an ES256 or Ed25519 key.</summary>
    /// <exception cref="ArgumentException">The key type is not supported.</exception>
    public static string ComputeThumbprint(SecurityKey key)
        => TryComputeThumbprint(ExportPublicJwk(key), out var thumbprint) ? thumbprint! : throw new ArgumentException("Unsupported key.", nameof(key));

    private static JsonWebKey Export(SecurityKey key, bool includePrivate)
    {
        ArgumentNullException.ThrowIfNull(key);
        switch (key)
        {
            case Ed25519SecurityKey ed:
                if (includePrivate && ed.PrivateKeyStatus != PrivateKeyStatus.Exists)
                {
                    throw new ArgumentException("The key has no private part.", nameof(key));
                }

                return new JsonWebKey
                {
                    Kty = KeyTypeOkp,
                    Crv = CurveEd25519,
                    X = Base64UrlText.Encode(ed.PublicKey),
                    D = includePrivate ? Base64UrlText.Encode(ed.ExportPrivateSeed()) : null,
                    Kid = ed.KeyId,
                };

            case ECDsaSecurityKey ec:
                ECParameters parameters;
                try
                {
                    parameters = ec.ECDsa.ExportParameters(includePrivate);
                }
                catch (CryptographicException e)
                {
                    throw new ArgumentException("The key cannot be exported (no private part, or not exportable).", nameof(key), e);
                }

                if (parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value || parameters.Q.X is null || parameters.Q.Y is null)
                {
                    throw new ArgumentException("Only P-256 EC keys are supported.", nameof(key));
                }

                var jwk = new JsonWebKey
                {
                    Kty = JsonWebAlgorithmsKeyTypes.EllipticCurve,
                    Crv = JsonWebKeyECTypes.P256,
                    X = Base64UrlText.Encode(parameters.Q.X),
                    Y = Base64UrlText.Encode(parameters.Q.Y),
                    D = includePrivate && parameters.D is not null ? Base64UrlText.Encode(parameters.D) : null,
                    Kid = ec.KeyId,
                };
                if (parameters.D is not null)
                {
                    CryptographicOperations.ZeroMemory(parameters.D);
                }

                return jwk;

            default:
                throw new ArgumentException($"Unsupported key type {key.GetType().Name}: only ES256 (P-256) and Ed25519 keys.", nameof(key));
        }
    }

    private static bool Present(params string?[] values) => values.All(v => !string.IsNullOrEmpty(v));

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }
}
