using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Tests.Infrastructure;

/// <summary>Validates tokens the way a relying party does: with the published JWKS.</summary>
internal static class TokenCheck
{
    public static async Task<JsonWebKeySet> GetJwksAsync(HttpClient http)
        => new(await http.GetStringAsync("/.well-known/jwks"));

    public static async Task<TokenValidationResult> ValidateAsync(HttpClient http, string token, string audience, JsonWebKeySet? jwks = null)
    {
        jwks ??= await GetJwksAsync(http);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "http://localhost/",
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = ["JWT", "at+jwt"],
        });
    }

    public static JsonWebToken Read(string token) => new(token);

    public static JsonElement Payload(string token)
        => JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[1])).RootElement.Clone();
}
