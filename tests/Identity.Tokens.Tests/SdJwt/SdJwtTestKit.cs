using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.SdJwt;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Tests.SdJwt;

/// <summary>Keys, clocks and hand-made tokens for SD-JWT tests.</summary>
internal static class SdJwtTestKit
{
    public const string Audience = "https://verifier.example.org";
    public const string Nonce = "n-0S6_WzA2Mj";
    public static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly JsonWebTokenHandler Handler = new();

    public static string ReadData(string folder, string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, folder, "TestData", name)).Trim();

    public static JsonObject ReadJson(string folder, string name) => JsonNode.Parse(ReadData(folder, name))!.AsObject();

    public static FakeTimeProvider Clock(DateTimeOffset? at = null) => new(at ?? Now);

    public static ECDsaSecurityKey NewEcKey() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = Guid.NewGuid().ToString("N") };

    public static SigningCredentials Es256(SecurityKey key) => new(key, JoseAlgorithms.ES256);

    /// <summary>The public JWK of an EC key, as a cnf.jwk member.</summary>
    public static JsonObject PublicJwk(ECDsaSecurityKey key)
    {
        var q = key.ECDsa.ExportParameters(false).Q;
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64Url.EncodeToString(q.X),
            ["y"] = Base64Url.EncodeToString(q.Y),
        };
    }

    public static JsonObject Cnf(ECDsaSecurityKey holderKey) => new() { ["jwk"] = PublicJwk(holderKey) };

    /// <summary>A payload like the RFC 9901 §5 one, bound to <paramref name="holderKey"/>.</summary>
    public static JsonObject SampleClaims(ECDsaSecurityKey holderKey) => new()
    {
        ["iss"] = "https://issuer.example.com",
        ["iat"] = Now.AddDays(-1).ToUnixTimeSeconds(),
        ["exp"] = Now.AddDays(30).ToUnixTimeSeconds(),
        ["sub"] = "user_42",
        ["given_name"] = "Jean",
        ["family_name"] = "Tremblay",
        ["email"] = "jean@example.ca",
        ["address"] = new JsonObject { ["street_address"] = "1 rue Principale", ["locality"] = "Québec", ["country"] = "CA" },
        ["nationalities"] = new JsonArray("CA", "FR"),
        ["cnf"] = Cnf(holderKey),
    };

    public static ClaimPath[] SampleDisclosable { get; } =
    [
        ClaimPath.Of("given_name"), ClaimPath.Of("family_name"), ClaimPath.Of("email"),
        ClaimPath.Of("address"), ClaimPath.Of("address", "street_address"), ClaimPath.Of("address", "locality"),
        ClaimPath.Of("nationalities", 0), ClaimPath.Of("nationalities", 1),
    ];

    public static SdJwtVerificationOptions Options(SecurityKey issuerKey, bool requireKeyBinding = true) => new()
    {
        IssuerSigningKeys = [issuerKey],
        RequireKeyBinding = requireKeyBinding,
        ExpectedAudience = Audience,
        ExpectedNonce = Nonce,
    };

    /// <summary>Signs any payload as an Issuer-signed JWT, to build inputs a correct issuer would never produce.</summary>
    public static string SignJwt(JsonObject payload, SigningCredentials credentials, string typ = "example+sd-jwt", IDictionary<string, object>? extraHeaders = null)
    {
        var headers = new Dictionary<string, object> { ["typ"] = typ };
        foreach (var (name, value) in extraHeaders ?? new Dictionary<string, object>())
        {
            headers[name] = value;
        }

        return Handler.CreateToken(payload.ToJsonString(), credentials, headers);
    }

    /// <summary>An ES256 JWS over exactly the given header and payload text, for inputs no JWT library would produce.</summary>
    public static string SignRaw(string headerJson, string payloadJson, ECDsaSecurityKey key)
    {
        var signingInput = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson))}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson))}";
        var signature = key.ECDsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>base64url of raw JSON text: a Disclosure exactly as written.</summary>
    public static string RawDisclosure(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    public static string Digest(string ascii) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(ascii)));

    /// <summary>Verifies with the test's cancellation token.</summary>
    public static Task<Identity.Tokens.Results.TokenResult<SdJwtVerifiedPresentation>> Verify(this SdJwtVerifier verifier, string presentation, SdJwtVerificationOptions options)
        => verifier.VerifyAsync(presentation, options, TestContext.Current.CancellationToken);

    /// <summary>An unsigned JWS with <c>alg: none</c>.</summary>
    public static string UnsignedJwt(JsonObject header, JsonObject payload)
        => $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.";
}
