using System.Net;
using System.Text.Json;
using Identity.Issuer.SystemTests.Flow;
using Identity.Issuer.SystemTests.Hosting;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// Two issuer processes sharing one Redis, one database and one data folder behave as one provider (DESIGN §5):
/// what one replica issues the other honours, and what must be used once is used once across both.
/// </summary>
public sealed class TwoProcessTests
{
    private const string Scope = "openid profile offline_access";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_code_issued_by_process_A_is_redeemed_at_process_B_and_refused_when_redeemed_again_at_either()
    {
        await using var cluster = await IssuerCluster.StartAsync(2, cancellationToken: Token);
        var (a, b) = (cluster[0].BaseAddress, cluster[1].BaseAddress);
        var client = OidcClient.Demo();
        using var browser = new ScriptedBrowser();

        var pending = await client.PushAsync(a, Scope, "fr-CA", Token);
        var outcome = await FrontChannel.AuthorizeAsync(browser, pending.AuthorizationUrl, OidcClient.DemoRedirectUri, OidcClient.DemoUsername, OidcClient.DemoPassword, Token);
        Assert.Equal(["login", "consent"], outcome.Pages);
        Assert.Equal(pending.State, outcome.State);
        Assert.Equal(cluster.Issuer.AbsoluteUri.TrimEnd('/'), outcome.Iss?.TrimEnd('/')); // RFC 9207 §2
        Assert.NotNull(outcome.Code);

        var (status, tokens) = await client.RedeemAsync(b, outcome.Code, pending, Token);
        Assert.True(status == 200, $"{tokens}{Environment.NewLine}{cluster.Output}");
        Assert.True(tokens.TryGetProperty("id_token", out _));
        Assert.True(tokens.TryGetProperty("access_token", out _));
        Assert.True(tokens.TryGetProperty("refresh_token", out _));

        // RFC 6749 §4.1.2: a code is used once; a second redemption is refused wherever it is attempted.
        var (againAtA, errorAtA) = await client.RedeemAsync(a, outcome.Code, pending, Token);
        var (againAtB, errorAtB) = await client.RedeemAsync(b, outcome.Code, pending, Token);
        Assert.Equal(400, againAtA);
        Assert.Equal("invalid_grant", errorAtA.GetProperty("error").GetString());
        Assert.Equal(400, againAtB);
        Assert.Equal("invalid_grant", errorAtB.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_request_pushed_at_A_is_completed_at_B_and_its_code_redeemed_at_A()
    {
        await using var cluster = await IssuerCluster.StartAsync(2, cancellationToken: Token);
        var (a, b) = (cluster[0].BaseAddress, cluster[1].BaseAddress);
        var client = OidcClient.Demo();
        using var browser = new ScriptedBrowser();

        var pending = await client.PushAsync(a, Scope, "en", Token);
        var atB = new Uri(b, pending.AuthorizationUrl.PathAndQuery);
        var outcome = await FrontChannel.AuthorizeAsync(browser, atB, OidcClient.DemoRedirectUri, OidcClient.DemoUsername, OidcClient.DemoPassword, Token);
        Assert.NotNull(outcome.Code);

        var (status, tokens) = await client.RedeemAsync(a, outcome.Code, pending, Token);
        Assert.True(status == 200, $"{tokens}{Environment.NewLine}{cluster.Output}");
    }

    [Fact]
    public async Task The_session_cookie_set_at_login_on_A_is_honoured_by_B_for_consent()
    {
        // Cookies and antiforgery tokens are protected with Data Protection: B can read A's only if the key ring is shared.
        await using var cluster = await IssuerCluster.StartAsync(2, cancellationToken: Token);
        var (a, b) = (cluster[0].BaseAddress, cluster[1].BaseAddress);
        var client = OidcClient.Demo();
        using var browser = new ScriptedBrowser();
        var pending = await client.PushAsync(a, Scope, "fr-CA", Token);

        var outcome = await FrontChannel.AuthorizeAsync(
            browser, pending.AuthorizationUrl, OidcClient.DemoRedirectUri, OidcClient.DemoUsername, OidcClient.DemoPassword, Token, continueAfterLoginAt: b);
        Assert.Equal(["login", "consent"], outcome.Pages);
        Assert.NotNull(outcome.Code);
        var (status, tokens) = await client.RedeemAsync(a, outcome.Code, pending, Token);
        Assert.True(status == 200, tokens.ToString());
    }

    [Fact]
    public async Task A_refresh_token_rotated_at_A_is_refused_at_B()
    {
        await using var cluster = await IssuerCluster.StartAsync(2, cancellationToken: Token);
        var (a, b) = (cluster[0].BaseAddress, cluster[1].BaseAddress);
        var client = OidcClient.Demo();
        using var browser = new ScriptedBrowser();
        var pending = await client.PushAsync(a, Scope, "fr-CA", Token);
        var outcome = await FrontChannel.AuthorizeAsync(browser, pending.AuthorizationUrl, OidcClient.DemoRedirectUri, OidcClient.DemoUsername, OidcClient.DemoPassword, Token);
        var (_, tokens) = await client.RedeemAsync(b, outcome.Code!, pending, Token);
        var first = tokens.GetProperty("refresh_token").GetString()!;

        var (rotatedStatus, rotated) = await client.RefreshAsync(a, first, Token);
        Assert.True(rotatedStatus == 200, rotated.ToString());
        Assert.NotEqual(first, rotated.GetProperty("refresh_token").GetString());

        // RFC 9700 §4.14.2: a rotated refresh token is single-use, at every replica.
        var (reuseStatus, reuse) = await client.RefreshAsync(b, first, Token);
        Assert.Equal(400, reuseStatus);
        Assert.Equal("invalid_grant", reuse.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Both_processes_publish_the_same_signing_keys()
    {
        await using var cluster = await IssuerCluster.StartAsync(2, cancellationToken: Token);
        using var http = new HttpClient();
        var jwksA = await http.GetStringAsync(new Uri(cluster[0].BaseAddress, ".well-known/jwks"), Token);
        var jwksB = await http.GetStringAsync(new Uri(cluster[1].BaseAddress, ".well-known/jwks"), Token);
        var kids = (string json) => JsonDocument.Parse(json).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).Order().ToArray();
        Assert.NotEmpty(kids(jwksA));
        Assert.Equal(kids(jwksA), kids(jwksB));
    }

    [Fact]
    public async Task Failed_logins_at_A_and_B_add_up_and_lock_the_account_at_both()
    {
        var settings = new Dictionary<string, string?> { ["Issuer__Login__MaxFailuresPerAccount"] = "3" };
        await using var cluster = await IssuerCluster.StartAsync(2, extraSettings: settings, cancellationToken: Token);
        var (a, b) = (cluster[0].BaseAddress, cluster[1].BaseAddress);

        Assert.Equal(HttpStatusCode.OK, await LoginAsync(a, "wrong-1"));
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(b, "wrong-2"));
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(a, "wrong-3"));

        // The third failure, counted in the shared Redis, locks the account everywhere, even for the right password.
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(b, OidcClient.DemoPassword));
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(a, OidcClient.DemoPassword));
    }

    /// <summary>Posts the login form at <paramref name="server"/>; a failed login re-shows the form (200), a lock answers 429, success redirects.</summary>
    private static async Task<HttpStatusCode> LoginAsync(Uri server, string password)
    {
        using var browser = new ScriptedBrowser();
        using var page = await browser.GetAsync(new Uri(server, "login"), Token);
        var form = HtmlForm.Parse(await page.Content.ReadAsStringAsync(Token)).Single();
        using var response = await browser.PostAsync(
            new Uri(server, "login"),
            form.Submit(values: new Dictionary<string, string> { ["Username"] = OidcClient.DemoUsername, ["Password"] = password }),
            Token);
        return response.StatusCode;
    }
}
