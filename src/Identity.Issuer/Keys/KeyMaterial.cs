using System.Security.Cryptography;
using Identity.Issuer.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Keys;

/// <summary>
/// Keys of the provider, generated on first run and kept in the data folder so that a restart does not invalidate issued tokens:
/// an ES256 (ECDSA P-256) signing key for ID and access tokens, a 256-bit key that encrypts the tokens only this server reads
/// (authorization codes, refresh tokens, PAR request URIs), and the pairwise subject secret.
/// </summary>
internal sealed class KeyMaterial
{
    private const string SigningKeyFile = "signing-es256.pem";
    private const string EncryptionKeyFile = "token-encryption.key";
    private const string PairwiseSecretFile = "pairwise.secret";

    public KeyMaterial(DataFolder folder, IOptions<IssuerOptions> options)
    {
        var pem = folder.ReadOrCreate(SigningKeyFile, () =>
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return created.ExportPkcs8PrivateKeyPem();
        });
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        var signingKey = new ECDsaSecurityKey(ecdsa);
        // RFC 7638 thumbprint as kid: stable across restarts and replicas sharing the folder.
        signingKey.KeyId = Base64UrlEncoder.Encode(signingKey.ComputeJwkThumbprint());
        SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.EcdsaSha256);

        var encryption = Convert.FromBase64String(folder.ReadOrCreate(EncryptionKeyFile, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        EncryptionKey = new SymmetricSecurityKey(encryption) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(encryption)[..8]) };

        var configured = options.Value.PairwiseSecret;
        PairwiseSecret = string.IsNullOrEmpty(configured)
            ? Convert.FromBase64String(folder.ReadOrCreate(PairwiseSecretFile, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))))
            : Convert.FromBase64String(configured);
    }

    public SigningCredentials SigningCredentials { get; }

    public SymmetricSecurityKey EncryptionKey { get; }

    public byte[] PairwiseSecret { get; }
}
