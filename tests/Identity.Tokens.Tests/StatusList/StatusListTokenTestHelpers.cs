using Identity.Tokens.Jose;
using Identity.Tokens.StatusList;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Tests.StatusList;

internal static class StatusListTokenTestHelpers
{
    public const string ListUri = "https://issuer.example.ca/statuslists/1";

    public static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock(DateTimeOffset? at = null) => new(at ?? Now);

    public static StatusListTokenValidationOptions Options(TimeProvider clock, TimeSpan? maxAge = null)
        => new() { TimeProvider = clock, MaxAge = maxAge };

    /// <summary>Signs an arbitrary claims set, to build tokens the writer would never produce.</summary>
    public static string SignRaw(SecurityKey key, IDictionary<string, object> claims, string? typ = StatusListToken.JwtType, string? algorithm = null)
        => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = typ,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm ?? JoseAlgorithms.ForKey(key)),
        });

    public static Dictionary<string, object> Claims(string lst = "eNrbuRgAAhcBXQ", int bits = 1)
        => new()
        {
            ["sub"] = ListUri,
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["exp"] = Now.AddDays(1).ToUnixTimeSeconds(),
            ["ttl"] = 3600,
            ["status_list"] = new Dictionary<string, object> { ["bits"] = bits, ["lst"] = lst },
        };
}
