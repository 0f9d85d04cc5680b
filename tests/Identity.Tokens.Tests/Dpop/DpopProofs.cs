using System.Text;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Tests.Dpop;

/// <summary>Writes DPoP proofs as a client does (RFC 9449 §4.2), with hooks to break one part at a time.</summary>
internal static class DpopProofs
{
    public static string Create(
        SecurityKey key,
        string htm,
        string htu,
        DateTimeOffset iat,
        string? accessToken = null,
        string? alg = null,
        Action<JsonObject>? header = null,
        Action<JsonObject>? payload = null)
    {
        alg ??= key is Ed25519SecurityKey ? JoseAlgorithms.EdDSA : JoseAlgorithms.ES256;
        var jwk = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(key)))!.AsObject();
        jwk.Remove("kid");
        var head = new JsonObject { ["typ"] = "dpop+jwt", ["alg"] = alg, ["jwk"] = jwk };
        var body = new JsonObject
        {
            ["jti"] = Base64UrlEncoder.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            ["htm"] = htm,
            ["htu"] = htu,
            ["iat"] = iat.ToUnixTimeSeconds(),
        };
        if (accessToken is not null)
        {
            body["ath"] = Identity.Tokens.Dpop.DpopProofValidator.AccessTokenHash(accessToken);
        }

        header?.Invoke(head);
        payload?.Invoke(body);
        var input = Base64UrlEncoder.Encode(head.ToJsonString()) + "." + Base64UrlEncoder.Encode(body.ToJsonString());
        if (alg == "none")
        {
            return input + ".";
        }

        var signingAlg = key is Ed25519SecurityKey ? JoseAlgorithms.EdDSA : JoseAlgorithms.ES256;
        var provider = key.CryptoProviderFactory.CreateForSigning(key, signingAlg);
        try
        {
            return input + "." + Base64UrlEncoder.Encode(provider.Sign(Encoding.ASCII.GetBytes(input)));
        }
        finally
        {
            key.CryptoProviderFactory.ReleaseSignatureProvider(provider);
        }
    }
}
