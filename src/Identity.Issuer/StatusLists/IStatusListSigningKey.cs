using System.Security.Cryptography;
using Identity.Issuer.Keys;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.StatusLists;

/// <summary>
/// The key that signs status list tokens. Verifiers check these tokens with the issuer's credential-signing keys, so the
/// registration is replaceable (TryAdd): the OpenID4VCI credential key source registers itself in place of the default.
/// </summary>
internal interface IStatusListSigningKey
{
    /// <summary>The current signing key (with its <c>kid</c>) and algorithm.</summary>
    SigningCredentials Credentials { get; }
}

/// <summary>Default: an ES256 key generated on first run in the data folder, separate from the login keys.</summary>
internal sealed class DataFolderStatusListSigningKey : IStatusListSigningKey
{
    public const string FileName = "status-list-signing-es256.pem";

    public DataFolderStatusListSigningKey(DataFolder folder)
    {
        var pem = folder.ReadOrCreate(FileName, () =>
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return created.ExportPkcs8PrivateKeyPem();
        });
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        var key = new ECDsaSecurityKey(ecdsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        Credentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256);
    }

    public SigningCredentials Credentials { get; }
}
