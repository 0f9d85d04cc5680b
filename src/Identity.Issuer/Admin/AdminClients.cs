using System.Security.Cryptography;
using System.Text.Json;
using Identity.Issuer.Keys;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Admin;

/// <summary>
/// The admin scope and the demonstration admin client. The client authenticates with private_key_jwt (RFC 7523 §2.2) only: it has
/// no secret, and its ES256 private key is written, as a JWK, to <c>admin-client.jwk</c> in the data folder on first run so that
/// an operator on a developer machine can sign client assertions (docs/admin-api.md). Never seed it in a shared environment.
/// </summary>
internal static class AdminClients
{
    /// <summary>The scope an access token needs to call the admin API.</summary>
    public const string Scope = "admin";

    public const string DemoClientId = "demo-admin";

    public const string PrivateKeyFile = "admin-client.jwk";

    public static async Task SeedAsync(IOpenIddictApplicationManager applications, DataFolder folder, CancellationToken cancellationToken)
    {
        var privateJwk = folder.ReadOrCreate(PrivateKeyFile, () =>
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var created = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ecdsa));
            created.KeyId = Base64UrlEncoder.Encode(created.ComputeJwkThumbprint());
            created.Alg = SecurityAlgorithms.EcdsaSha256;
            return JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["kty"] = created.Kty, ["crv"] = created.Crv, ["x"] = created.X, ["y"] = created.Y, ["d"] = created.D, ["kid"] = created.KeyId, ["alg"] = created.Alg,
            });
        });
        if (await applications.FindByClientIdAsync(DemoClientId, cancellationToken) is not null)
        {
            return;
        }

        var jwk = new JsonWebKey(privateJwk);
        var publicJwk = new JsonWebKey { Kty = jwk.Kty, Crv = jwk.Crv, X = jwk.X, Y = jwk.Y, Kid = jwk.Kid, Alg = jwk.Alg, Use = "sig" };
        await applications.CreateAsync(Descriptor(DemoClientId, publicJwk), cancellationToken);
    }

    /// <summary>An admin service client: client_credentials only, the admin scope, a public key and no secret.</summary>
    public static OpenIddictApplicationDescriptor Descriptor(string clientId, JsonWebKey publicKey) => new()
    {
        ClientId = clientId,
        ClientType = ClientTypes.Confidential,
        DisplayName = "Administration des attestations / Attestation administration",
        JsonWebKeySet = new JsonWebKeySet { Keys = { publicKey } },
        Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + Scope },
    };
}
