using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;

namespace Identity.Issuer.Tests;

/// <summary>Pairwise subjects (OpenID Connect Core §8.1) and claims by scope (§5.4) through the ID token and userinfo (§5.3).</summary>
public sealed class SubjectAndClaimsTests
{
    private static async Task<string> SubjectAsync(HttpClient http, AuthorizationRequest request, string username = OidcFlow.Citizen)
        => TokenCheck.Read((await OidcFlow.SignInAsync(http, request, username)).Get("id_token")!).Subject;

    private static AuthorizationRequest Partner() => new() { ClientId = DemoClients.PartnerRpId, Secret = DemoClients.PartnerRpSecret, RedirectUri = DemoClients.PartnerRpRedirect };

    [Fact]
    public async Task Pairwise_sub_is_stable_within_a_sector()
    {
        await using var server = await IssuerServer.CreateServerAsync(options =>
            options.Clients.Add(DemoClients.LoginClient("same-sector-rp", "same-sector-secret", "Autre service", "Other service", "http://localhost:5093/signin-oidc", "http://localhost:5093/out", DemoClients.DemoSector)));
        using var http = server.CreateClient();

        var first = await SubjectAsync(http, new AuthorizationRequest());
        var again = await SubjectAsync(http, new AuthorizationRequest());
        var sameSector = await SubjectAsync(http, new AuthorizationRequest { ClientId = "same-sector-rp", Secret = "same-sector-secret", RedirectUri = "http://localhost:5093/signin-oidc" });

        Assert.Equal(first, again);
        Assert.Equal(first, sameSector);
    }

    [Fact]
    public async Task Pairwise_sub_differs_across_sectors_and_citizens()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var demo = await SubjectAsync(http, new AuthorizationRequest());
        var partner = await SubjectAsync(http, Partner());
        using var other = server.CreateClient();
        var otherCitizen = await SubjectAsync(other, new AuthorizationRequest(), "jean.gagnon");

        Assert.NotEqual(demo, partner);
        Assert.NotEqual(demo, otherCitizen);
    }

    [Fact]
    public async Task Pairwise_sub_matches_the_documented_formula()
    {
        await using var server = await IssuerServer.CreateServerAsync(options => options.Settings["Issuer:PairwiseSecret"] = Convert.ToBase64String(new byte[32]));
        using var http = server.CreateClient();

        var subject = await SubjectAsync(http, new AuthorizationRequest());

        var input = System.Text.Encoding.UTF8.GetBytes(DemoClients.DemoSector + "\0cit-7f3a9c21");
        var expected = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(System.Security.Cryptography.HMACSHA256.HashData(new byte[32], input));
        Assert.Equal(expected, subject);
    }

    [Fact]
    public async Task Userinfo_returns_only_the_claims_of_the_granted_scopes()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest { Scope = "openid profile" };
        var tokens = await OidcFlow.SignInAsync(http, request);

        using var message = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Get("access_token"));
        using var response = await http.SendAsync(message);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TokenCheck.Read(tokens.Get("id_token")!).Subject, body.GetProperty("sub").GetString());
        Assert.Equal("Marie", body.GetProperty("given_name").GetString());
        Assert.Equal("Tremblay", body.GetProperty("family_name").GetString());
        Assert.False(body.TryGetProperty("email", out _));
        Assert.False(body.TryGetProperty("birthdate", out _));
        Assert.False(body.TryGetProperty("address", out _));
        var idToken = TokenCheck.Payload(tokens.Get("id_token")!);
        Assert.False(idToken.TryGetProperty("email", out _));
        Assert.Null(tokens.Get("refresh_token")); // no offline_access asked
    }

    [Fact]
    public async Task Userinfo_returns_address_as_an_object_and_email_verified_as_a_boolean()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var tokens = await OidcFlow.SignInAsync(http);

        using var message = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Get("access_token"));
        var body = JsonDocument.Parse(await (await http.SendAsync(message)).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("Québec", body.GetProperty("address").GetProperty("locality").GetString());
        Assert.Equal("G1R 2B5", body.GetProperty("address").GetProperty("postal_code").GetString());
        Assert.True(body.GetProperty("email_verified").GetBoolean());
        Assert.Equal("1985-04-12", body.GetProperty("birthdate").GetString());
    }

    [Fact]
    public async Task Userinfo_rejects_a_missing_or_forged_access_token()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        using var message = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        var response = await http.SendAsync(message);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Consent_page_lists_the_client_name_and_each_requested_claim()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest { Scope = "openid birthdate" };
        var pushed = await OidcFlow.PushAsync(http, request);
        var login = await OidcFlow.LoginAsync(http, "/login", OidcFlow.Citizen, Citizens.SeededCitizenDirectory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var page = await (await http.GetAsync(OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!))).Content.ReadAsStringAsync();

        Assert.Contains("Service de démonstration", page, StringComparison.Ordinal);
        Assert.Contains("data-claim=\"birthdate\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-claim=\"email\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"consent-accept\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"consent-deny\"", page, StringComparison.Ordinal);
    }
}
