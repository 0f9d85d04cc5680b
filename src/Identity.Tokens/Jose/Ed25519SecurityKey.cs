using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using NSec.Cryptography;

namespace Identity.Tokens.Jose;

/// <summary>
/// An Ed25519 key (RFC 8032) for JWS with <c>alg</c> <c>EdDSA</c> (RFC 8037) or <c>Ed25519</c> (RFC 9864), backed by NSec.
/// Its <see cref="SecurityKey.CryptoProviderFactory"/> is preset so that <c>JsonWebTokenHandler</c> signs and validates
/// with it without any setup by the caller. Create instances through <see cref="JwkKeys"/>.
/// </summary>
/// <example>
/// <code>
/// var key = JwkKeys.GenerateEd25519();
/// var jwt = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
/// {
///     Claims = new Dictionary&lt;string, object&gt; { ["sub"] = "x" },
///     SigningCredentials = new SigningCredentials(key, JoseAlgorithms.Ed25519),
/// });
/// </code>
/// </example>
public sealed class Ed25519SecurityKey : AsymmetricSecurityKey
{
    /// <summary>Length of an Ed25519 public key and of a private key seed, in bytes (RFC 8032 §5.1.5).</summary>
    public const int KeyLength = 32;

    /// <summary>Length of an Ed25519 signature, in bytes (RFC 8032 §5.1.6).</summary>
    public const int SignatureLength = 64;

    private static readonly CryptoProviderFactory SharedFactory = new() { CustomCryptoProvider = Ed25519CryptoProvider.Instance };

    private readonly byte[] _publicKeyBytes;

    private Ed25519SecurityKey(PublicKey publicKey, Key? privateKey)
    {
        NSecPublicKey = publicKey;
        NSecPrivateKey = privateKey;
        _publicKeyBytes = publicKey.Export(KeyBlobFormat.RawPublicKey);
        CryptoProviderFactory = SharedFactory;
    }

    /// <summary>The raw 32-byte public key (the JWK <c>x</c> member, RFC 8037 §2).</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKeyBytes;

    /// <inheritdoc />
    [Obsolete("HasPrivateKey is deprecated by IdentityModel; use PrivateKeyStatus.")]
    public override bool HasPrivateKey => NSecPrivateKey is not null;

    /// <inheritdoc />
    public override PrivateKeyStatus PrivateKeyStatus => NSecPrivateKey is null ? PrivateKeyStatus.DoesNotExist : PrivateKeyStatus.Exists;

    /// <inheritdoc />
    public override int KeySize => 256;

    internal PublicKey NSecPublicKey { get; }

    internal Key? NSecPrivateKey { get; }

    /// <inheritdoc />
    public override bool CanComputeJwkThumbprint() => true;

    /// <inheritdoc />
    /// <remarks>SHA-256 over the RFC 7638 §3 canonical members <c>crv</c>, <c>kty</c>, <c>x</c> (RFC 8037 §2).</remarks>
    public override byte[] ComputeJwkThumbprint()
        => SHA256.HashData(Encoding.UTF8.GetBytes(JwkThumbprints.CanonicalOkp(Base64UrlText.Encode(_publicKeyBytes))));

    /// <inheritdoc />
    public override string ToString() => $"Ed25519SecurityKey(kid={KeyId}, private={NSecPrivateKey is not null})";

    /// <summary>Imports a raw public key. Returns false for a wrong length or an encoding NSec refuses.</summary>
    internal static bool TryCreatePublic(ReadOnlySpan<byte> publicKey, out Ed25519SecurityKey? key)
    {
        key = null;
        if (publicKey.Length != KeyLength
            || !NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var imported)
            || imported is null)
        {
            return false;
        }

        key = new Ed25519SecurityKey(imported, null);
        return true;
    }

    /// <summary>
    /// Imports a 32-byte private seed. When <paramref name="expectedPublicKey"/> is given it must be the key derived
    /// from the seed, so that a JWK with mismatched <c>d</c> and <c>x</c> is refused.
    /// </summary>
    internal static bool TryCreatePrivate(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> expectedPublicKey, out Ed25519SecurityKey? key)
    {
        key = null;
        if (seed.Length != KeyLength)
        {
            return false;
        }

        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        if (!Key.TryImport(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, out var privateKey, parameters) || privateKey is null)
        {
            return false;
        }

        var candidate = new Ed25519SecurityKey(privateKey.PublicKey, privateKey);
        if (!expectedPublicKey.IsEmpty && !CryptographicOperations.FixedTimeEquals(candidate.PublicKey, expectedPublicKey))
        {
            privateKey.Dispose();
            return false;
        }

        key = candidate;
        return true;
    }

    /// <summary>The raw 32-byte private seed, for JWK export (the <c>d</c> member).</summary>
    internal byte[] ExportPrivateSeed()
        => NSecPrivateKey?.Export(KeyBlobFormat.RawPrivateKey) ?? throw new InvalidOperationException("The key has no private part.");
}
