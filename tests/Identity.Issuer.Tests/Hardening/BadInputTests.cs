using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Issuer.Tests.Oid4Vci;

namespace Identity.Issuer.Tests.Hardening;

/// <summary>
/// Bad input in every form gets the protocol's error, never a 5xx: oversized and malformed forms at every form endpoint,
/// duplicated headers, invalid UTF-8 in JSON, and JSON APIs answering 404/405 as JSON.
/// </summary>
public sealed class BadInputTests
{
    public static TheoryData<string> FormEndpoints() => ["/connect/token", "/connect/par", "/connect/revoke", "/connect/authorize", "/connect/endsession", "/connect/userinfo", "/login"];

    private static HttpContent Form(int fields, int keyLength = 4, int valueLength = 4)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < fields; i++)
        {
            builder.Append(i == 0 ? "" : "&").Append(new string('k', keyLength)).Append(i).Append('=').Append(new string('v', valueLength));
        }

        return new StringContent(builder.ToString(), Encoding.ASCII, "application/x-www-form-urlencoded");
    }

    private static async Task AssertClientErrorAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode} {body}");
        Assert.True(response.Headers.Contains("X-Content-Type-Options"), what + ": no security headers");
    }

    [Theory]
    [MemberData(nameof(FormEndpoints))]
    public async Task Oversized_forms_get_a_4xx(string endpoint)
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        await AssertClientErrorAsync(await http.PostAsync(endpoint, Form(1_100), TestContext.Current.CancellationToken), endpoint + " 1,100 fields");
        await AssertClientErrorAsync(await http.PostAsync(endpoint, Form(1, keyLength: 2_100), TestContext.Current.CancellationToken), endpoint + " long key");
        await AssertClientErrorAsync(await http.PostAsync(endpoint, Form(1, valueLength: (4 * 1024 * 1024) + 10), TestContext.Current.CancellationToken), endpoint + " 4 MiB value");
    }

    [Theory]
    [MemberData(nameof(FormEndpoints))]
    public async Task Two_content_type_headers_get_a_4xx(string endpoint)
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent("grant_type=client_credentials"u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        await AssertClientErrorAsync(await http.SendAsync(request, TestContext.Current.CancellationToken), endpoint);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_credential_request_is_invalid_credential_request()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oid4vci/credential")
        {
            Content = new ByteArrayContent([.. "{\"credential_configuration_id\":\""u8, 0xff, .. "\"}"u8]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await wallet.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("invalid_credential_request", body.RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("GET", "/oid4vci/credential")]
    [InlineData("GET", "/connect/token")]
    [InlineData("DELETE", "/oid4vci/nonce")]
    [InlineData("GET", "/oid4vci/no-such-endpoint")]
    [InlineData("GET", "/admin/credentials/x/nothing")]
    public async Task Json_apis_answer_404_and_405_as_json(string method, string path)
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        await AssertClientErrorAsync(response, method + " " + path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
