using System.Net;
using Identity.Issuer.Citizens;
using Identity.Issuer.Tests.Infrastructure;

namespace Identity.Issuer.Tests;

/// <summary>Login form: throttling, no account enumeration, language, accessibility hooks and security headers.</summary>
public sealed class LoginPageTests
{
    private static async Task<(HttpStatusCode Status, string Body)> TryLoginAsync(HttpClient http, string username, string password)
    {
        var response = await OidcFlow.LoginAsync(http, "/login", username, password);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string ErrorText(string body)
    {
        var start = body.IndexOf("id=\"login-error\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no error message");
        var end = body.IndexOf("</p>", start, StringComparison.Ordinal);
        return body[start..end];
    }

    [Fact]
    public async Task Unknown_account_and_wrong_password_get_the_same_message_and_status()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var unknown = await TryLoginAsync(http, "nobody.here", "whatever-password");
        var wrong = await TryLoginAsync(http, OidcFlow.Citizen, "wrong-password");

        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal(unknown.Status, wrong.Status);
        Assert.Equal(ErrorText(unknown.Body), ErrorText(wrong.Body));
        Assert.Contains("role=\"alert\"", ErrorText(wrong.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_is_locked_after_five_failures_even_with_the_right_password()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await TryLoginAsync(http, OidcFlow.Citizen, "wrong-password");
        }

        var locked = await TryLoginAsync(http, OidcFlow.Citizen, SeededCitizenDirectory.DemoPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
        Assert.Contains("Trop de tentatives", ErrorText(locked.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lock_lifts_when_the_window_ends()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await TryLoginAsync(http, OidcFlow.Citizen, "wrong-password");
        }

        server.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var response = await OidcFlow.LoginAsync(http, "/login", OidcFlow.Citizen, SeededCitizenDirectory.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_accounts_are_locked_like_known_ones()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await TryLoginAsync(http, "nobody.here", "whatever-password");
            await TryLoginAsync(http, "jean.gagnon", "wrong-password");
        }

        var unknown = await TryLoginAsync(http, "nobody.here", "whatever-password");
        var known = await TryLoginAsync(http, "jean.gagnon", "wrong-password");

        Assert.Equal(HttpStatusCode.TooManyRequests, unknown.Status);
        Assert.Equal(unknown.Status, known.Status);
        Assert.Equal(ErrorText(unknown.Body), ErrorText(known.Body));
    }

    [Fact]
    public async Task Address_is_throttled_across_account_names()
    {
        await using var server = await IssuerServer.CreateServerAsync(options => options.Settings["Issuer:Login:MaxFailuresPerAddress"] = "3");
        using var attacker = server.CreateClient("192.0.2.7");
        for (var i = 0; i < 3; i++)
        {
            await TryLoginAsync(attacker, $"guess{i}", "whatever-password");
        }

        var fromAttacker = await TryLoginAsync(attacker, "sophie.roy", SeededCitizenDirectory.DemoPassword);
        using var citizen = server.CreateClient("198.51.100.9");
        var fromElsewhere = await OidcFlow.LoginAsync(citizen, "/login", "sophie.roy", SeededCitizenDirectory.DemoPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, fromAttacker.Status);
        Assert.Equal(HttpStatusCode.Redirect, fromElsewhere.StatusCode);
    }

    [Fact]
    public async Task Login_page_is_french_by_default_with_stable_ids_and_labels()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var page = await http.GetStringAsync("/login");

        Assert.Contains("<html lang=\"fr\">", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">Nom d’utilisateur</label>", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">Mot de passe</label>", page, StringComparison.Ordinal);
        Assert.Contains("id=\"submit\"", page, StringComparison.Ordinal);
        Assert.Contains(">English</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ui_locales_en_shows_english_pages()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        request.Parameters["ui_locales"] = "en-CA fr";
        var pushed = await OidcFlow.PushAsync(http, request);

        var redirect = await http.GetAsync(OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!));
        var page = await http.GetStringAsync(redirect.Headers.Location);

        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">Username</label>", page, StringComparison.Ordinal);
        Assert.Contains(">Français</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_switch_is_remembered_in_a_cookie()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var response = await http.GetAsync("/lang?c=en&returnUrl=%2Flogin");
        var page = await http.GetStringAsync("/login");

        Assert.Equal("/login", response.Headers.Location!.OriginalString);
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_switch_refuses_external_return_urls()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var response = await http.GetAsync("/lang?c=en&returnUrl=https%3A%2F%2Fattacker.example%2F");

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Pages_send_CSP_without_inline_script_no_framing_and_no_store()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var response = await http.GetAsync("/login");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_post_without_antiforgery_token_is_refused()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var response = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = OidcFlow.Citizen,
            ["Password"] = SeededCitizenDirectory.DemoPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
