using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Issuer.Keys;
using Identity.Tokens.Jose;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Oid4Vci.Keys;

/// <summary>
/// The key that signs credentials (ES256, HAIP), separate from the login keys so that each can be rotated and protected on its own.
/// Generated on first run into the data folder and reloaded on restart, like <see cref="KeyMaterial"/>; replicas sharing the folder
/// share the key. Its public JWK is published in the JWT VC Issuer Metadata.
/// </summary>
internal sealed class CredentialSigningKeys
{
    private const string SigningKeyFile = "credential-signing-es256.pem";

    public CredentialSigningKeys(DataFolder folder)
    {
        var pem = folder.ReadOrCreate(SigningKeyFile, () =>
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return created.ExportPkcs8PrivateKeyPem();
        });
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        var key = new ECDsaSecurityKey(ecdsa);
        // RFC 7638 thumbprint as kid: stable across restarts and replicas.
        key.KeyId = JwkKeys.ComputeThumbprint(key);
        SigningCredentials = new SigningCredentials(key, JoseAlgorithms.ES256);
        var jwk = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(key)))!.AsObject();
        jwk["use"] = "sig";
        jwk["alg"] = JoseAlgorithms.ES256;
        PublicJwks = new JsonObject { ["keys"] = new JsonArray(jwk) };
    }

    public SigningCredentials SigningCredentials { get; }

    /// <summary>The JWK Set of the credential-signing keys (public parts only).</summary>
    public JsonObject PublicJwks { get; }
}
