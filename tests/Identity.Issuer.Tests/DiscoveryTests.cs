using System.Text.Json;
using Identity.Issuer.Tests.Infrastructure;

namespace Identity.Issuer.Tests;

/// <summary>OpenID Connect Discovery 1.0 §3 and the JWKS.</summary>
public sealed class DiscoveryTests
{
    private static string[] Strings(JsonElement document, string name) => [.. document.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task Discovery_lists_pairwise_acr_S256_iss_parameter_PAR_and_client_auth_methods()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var document = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal("http://localhost/", document.GetProperty("issuer").GetString());
        Assert.Equal(["pairwise"], Strings(document, "subject_types_supported"));
        Assert.Equal(["urn:ca:pctf:loa:1", "urn:ca:pctf:loa:2", "urn:ca:pctf:loa:3"], Strings(document, "acr_values_supported"));
        Assert.Equal(["S256"], Strings(document, "code_challenge_methods_supported"));
        Assert.True(document.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.True(document.GetProperty("require_pushed_authorization_requests").GetBoolean());
        Assert.Equal("http://localhost/connect/par", document.GetProperty("pushed_authorization_request_endpoint").GetString());
        Assert.Equal(["client_secret_basic", "private_key_jwt"], Strings(document, "token_endpoint_auth_methods_supported"));
        Assert.Equal(["authorization_code", "refresh_token", "client_credentials", "urn:ietf:params:oauth:grant-type:pre-authorized_code"], Strings(document, "grant_types_supported"));
        Assert.Equal(["code"], Strings(document, "response_types_supported"));
        Assert.Equal(["ES256"], Strings(document, "id_token_signing_alg_values_supported"));
        Assert.Contains("birthdate", Strings(document, "scopes_supported"));
    }

    [Fact]
    public async Task Jwks_publishes_one_ES256_P256_signing_key()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var jwks = await TokenCheck.GetJwksAsync(http);

        var key = Assert.Single(jwks.Keys);
        Assert.Equal("EC", key.Kty);
        Assert.Equal("P-256", key.Crv);
        Assert.Equal("ES256", key.Alg);
        Assert.False(key.HasPrivateKey);
    }

    [Fact]
    public async Task Health_endpoint_answers()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var response = await http.GetAsync("/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
