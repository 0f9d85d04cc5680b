using Identity.Issuer.Citizens;
using System.Net;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Issuer.Tests;

/// <summary>RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) and restart durability.</summary>
public sealed class SessionTests
{
    private static string EndSessionUrl(string idToken, string postLogout) => QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
    {
        ["id_token_hint"] = idToken,
        ["post_logout_redirect_uri"] = postLogout,
        ["state"] = "logout-state",
    });

    [Fact]
    public async Task Logout_asks_confirmation_then_returns_to_the_registered_post_logout_uri()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var tokens = await OidcFlow.SignInAsync(http);

        var confirm = await http.GetAsync(EndSessionUrl(tokens.Get("id_token")!, DemoClients.DemoRpPostLogout));
        var page = await confirm.Content.ReadAsStringAsync();
        Assert.Contains("id=\"logout-confirm\"", page, StringComparison.Ordinal);
        var response = await http.PostAsync("/connect/endsession", new FormUrlEncodedContent(OidcFlow.HiddenFields(page)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(DemoClients.DemoRpPostLogout, response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("state=logout-state", response.Headers.Location.Query, StringComparison.Ordinal);
        // The session is gone: the next authorization asks for the password again.
        var request = new AuthorizationRequest();
        var pushed = await OidcFlow.PushAsync(http, request);
        var again = await http.GetAsync(OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!));
        Assert.Contains("/login", again.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_cookie_saved_before_logout_opens_nothing_after_it()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var login = await OidcFlow.LoginAsync(http, "/login?ReturnUrl=%2Fattestations", OidcFlow.Citizen, SeededCitizenDirectory.DemoPassword);
        var saved = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("citizen_session=", StringComparison.Ordinal)).Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/attestations")).StatusCode);

        var confirm = await (await http.GetAsync("/connect/endsession")).Content.ReadAsStringAsync();
        await http.PostAsync("/connect/endsession", new FormUrlEncodedContent(OidcFlow.HiddenFields(confirm)));

        // Another browser replays the cookie saved before the logout: the login has ended, so it is sent to the login page.
        using var replay = new HttpClient(server.CreateHandler()) { BaseAddress = new Uri("http://localhost/") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/attestations");
        request.Headers.Add("Cookie", saved);
        var response = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_is_reused_until_max_age_then_login_is_asked_again()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var first = await OidcFlow.SignInAsync(http);
        var authTime = TokenCheck.Payload(first.Get("id_token")!).GetProperty("auth_time").GetInt64();
        Assert.Equal(server.Clock.GetUtcNow().ToUnixTimeSeconds(), authTime, tolerance: 1);

        server.Clock.Advance(TimeSpan.FromMinutes(2));
        var reuse = new AuthorizationRequest();
        reuse.Parameters["max_age"] = "600";
        var pushedReuse = await OidcFlow.PushAsync(http, reuse);
        var consent = await http.GetAsync(OidcFlow.AuthorizeUrl(reuse.ClientId, pushedReuse.Get("request_uri")!));
        var fresh = new AuthorizationRequest();
        fresh.Parameters["max_age"] = "60";
        var pushedFresh = await OidcFlow.PushAsync(http, fresh);
        var login = await http.GetAsync(OidcFlow.AuthorizeUrl(fresh.ClientId, pushedFresh.Get("request_uri")!));

        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("/login", login.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_refuses_an_unregistered_post_logout_uri()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var tokens = await OidcFlow.SignInAsync(http);

        var response = await http.GetAsync(EndSessionUrl(tokens.Get("id_token")!, "https://attacker.example/"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"error-code\">invalid_request<", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_keeps_the_signing_key_and_honours_tokens_issued_before()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "issuer-tests", Guid.NewGuid().ToString("N"));
        var request = new AuthorizationRequest();
        string idToken, refreshToken;
        Microsoft.IdentityModel.Tokens.JsonWebKeySet firstJwks;
        await using (var first = await IssuerServer.CreateServerAsync(options => options.DataPath = dataPath))
        {
            using var http = first.CreateClient();
            var tokens = await OidcFlow.SignInAsync(http, request);
            idToken = tokens.Get("id_token")!;
            refreshToken = tokens.Get("refresh_token")!;
            firstJwks = await TokenCheck.GetJwksAsync(http);
        }

        try
        {
            await using var second = await IssuerServer.CreateServerAsync(options => options.DataPath = dataPath);
            using var http2 = second.CreateClient();

            var jwks = await TokenCheck.GetJwksAsync(http2);
            Assert.Equal(firstJwks.Keys.Single().Kid, jwks.Keys.Single().Kid);
            Assert.True((await TokenCheck.ValidateAsync(http2, idToken, DemoClients.DemoRpId, jwks)).IsValid);
            var refreshed = await OidcFlow.RefreshAsync(http2, request, refreshToken);
            Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
