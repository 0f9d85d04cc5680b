using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.Tests.Support;

/// <summary>Test-side JWS signing with full control of header and payload (so tests can build bad tokens too).</summary>
internal static class Jws
{
    public static string Sign(JsonObject header, JsonObject payload, SecurityKey key, string alg)
    {
        var signingInput = B64(header.ToJsonString()) + "." + B64(payload.ToJsonString());
        var provider = key.CryptoProviderFactory.CreateForSigning(key, alg);
        try
        {
            var signature = provider.Sign(Encoding.ASCII.GetBytes(signingInput));
            return signingInput + "." + Base64Url.EncodeToString(signature);
        }
        finally
        {
            key.CryptoProviderFactory.ReleaseSignatureProvider(provider);
        }
    }

    public static string Unsigned(JsonObject header, JsonObject payload) => B64(header.ToJsonString()) + "." + B64(payload.ToJsonString()) + ".";

    public static string B64(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    public static string AlgOf(SecurityKey key) => key is ECDsaSecurityKey ? "ES256" : "EdDSA";
}
