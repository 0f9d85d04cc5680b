using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Cli.Wallet;

/// <summary>A compact JWS (RFC 7515 §7.1) with a caller-built header, signed through the key's own crypto provider (ES256 or EdDSA).</summary>
internal static class Jws
{
    public static string Sign(JsonObject header, JsonObject payload, SecurityKey key, string algorithm)
    {
        var input = Base64UrlEncoder.Encode(header.ToJsonString()) + "." + Base64UrlEncoder.Encode(payload.ToJsonString());
        var factory = key.CryptoProviderFactory ?? CryptoProviderFactory.Default;
        var provider = factory.CreateForSigning(key, algorithm);
        try
        {
            return input + "." + Base64UrlEncoder.Encode(provider.Sign(Encoding.ASCII.GetBytes(input)));
        }
        finally
        {
            factory.ReleaseSignatureProvider(provider);
        }
    }
}
