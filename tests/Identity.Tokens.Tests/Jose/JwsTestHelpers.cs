using Identity.Tokens.Jose;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Tests.Jose;

internal static class JwsTestHelpers
{
    public static string Sign(SecurityKey key, string algorithm, IDictionary<string, object>? claims = null)
        => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims ?? new Dictionary<string, object> { ["sub"] = "urn:example:subject" },
            SigningCredentials = new SigningCredentials(key, algorithm),
        });

    public static Task<TokenValidationResult> ValidateAsync(string token, params SecurityKey[] keys)
        => new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = JoseAlgorithms.Supported,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        });

    public static string TamperSignature(string token)
    {
        var parts = token.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[0] ^= 0x01;
        return $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";
    }
}
