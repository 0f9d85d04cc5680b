using System.Net;
using System.Text.Json;
using Identity.Issuer.Citizens;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;

namespace Identity.Issuer.Tests;

/// <summary>OpenID Connect Core §3.1.2.1: <c>prompt</c> (none, login, consent) and <c>max_age</c>, with <c>auth_time</c> in the ID token (§2).</summary>
public sealed class PromptAndMaxAgeTests
{
    [Fact]
    public async Task Discovery_advertises_prompt_values_none_login_and_consent()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var document = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        var values = document.GetProperty("prompt_values_supported").EnumerateArray().Select(v => v.GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(["consent", "login", "none"], values);
    }

    [Fact]
    public async Task Prompt_login_asks_for_the_password_again_despite_a_session()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        await OidcFlow.SignInAsync(http);

        var response = await http.GetAsync(await PushAsync(http, Prompt("login")));

        AssertLoginPage(response);
    }

    [Fact]
    public async Task Prompt_login_goes_on_after_the_new_login_and_the_id_token_carries_its_time()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var first = AuthTime(await OidcFlow.SignInAsync(http));
        server.Clock.Advance(TimeSpan.FromMinutes(3));

        var tokens = await OidcFlow.SignInAsync(http, Prompt("login"));

        var second = AuthTime(tokens);
        Assert.Equal(server.Clock.GetUtcNow().ToUnixTimeSeconds(), second);
        Assert.Equal(first + 180, second);
    }

    [Fact]
    public async Task Prompt_login_is_not_satisfied_by_the_old_session_when_the_citizen_comes_back_without_logging_in()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        await OidcFlow.SignInAsync(http);
        var url = await PushAsync(http, Prompt("login"));
        AssertLoginPage(await http.GetAsync(url));

        // The citizen skips the login page and opens the authorization URL again.
        var again = await http.GetAsync(url);

        AssertLoginPage(again);
    }

    [Fact]
    public async Task A_login_made_for_one_prompt_login_request_does_not_satisfy_another()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        await OidcFlow.SignInAsync(http);
        var first = await http.GetAsync(await PushAsync(http, Prompt("login")));
        var login = await OidcFlow.LoginAsync(http, first.Headers.Location!.OriginalString, OidcFlow.Citizen, SeededCitizenDirectory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var other = await http.GetAsync(await PushAsync(http, Prompt("login")));

        AssertLoginPage(other);
    }

    [Fact]
    public async Task Max_age_zero_asks_for_a_new_login_and_then_goes_on()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        await OidcFlow.SignInAsync(http);
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        var request = new AuthorizationRequest();
        request.Parameters["max_age"] = "0";

        var url = await PushAsync(http, request);
        var challenge = await http.GetAsync(url);
        var result = await OidcFlow.AuthorizeAsync(http, url);

        AssertLoginPage(challenge);
        Assert.NotNull(result.Code);
    }

    [Fact]
    public async Task Max_age_exceeded_gives_a_new_login_whose_time_is_the_auth_time()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var first = AuthTime(await OidcFlow.SignInAsync(http));
        server.Clock.Advance(TimeSpan.FromMinutes(10));
        var request = new AuthorizationRequest();
        request.Parameters["max_age"] = "300";

        var tokens = await OidcFlow.SignInAsync(http, request);

        Assert.Equal(first + 600, AuthTime(tokens));
    }

    [Fact]
    public async Task Max_age_not_exceeded_keeps_the_session_and_its_auth_time()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var first = AuthTime(await OidcFlow.SignInAsync(http));
        server.Clock.Advance(TimeSpan.FromMinutes(2));
        var request = new AuthorizationRequest();
        request.Parameters["max_age"] = "300";

        var consent = await http.GetAsync(await PushAsync(http, request));
        var tokens = await OidcFlow.SignInAsync(http, request);

        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.Equal(first, AuthTime(tokens));
    }

    [Fact]
    public async Task Prompt_none_with_a_session_older_than_max_age_returns_login_required()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        await OidcFlow.SignInAsync(http);
        server.Clock.Advance(TimeSpan.FromMinutes(10));
        var request = Prompt("none");
        request.Parameters["max_age"] = "60";

        var result = new AuthorizeResult(await http.GetAsync(await PushAsync(http, request)), string.Empty);

        Assert.Equal("login_required", result.Error);
        Assert.StartsWith(IssuerErrorCodes.LoginRequired, result.Query["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompt_none_with_a_session_returns_consent_required_as_consent_is_asked_every_time()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        await OidcFlow.SignInAsync(http);

        var result = new AuthorizeResult(await http.GetAsync(await PushAsync(http, Prompt("none"))), string.Empty);

        Assert.Equal("consent_required", result.Error);
        Assert.StartsWith(IssuerErrorCodes.ConsentRequired, result.Query["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompt_consent_shows_the_consent_page_again_to_a_citizen_who_already_consented()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        await OidcFlow.SignInAsync(http);

        var response = await http.GetAsync(await PushAsync(http, Prompt("consent")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"consent-accept\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompt_none_combined_with_login_is_refused_at_the_pushed_authorization_endpoint()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var pushed = await OidcFlow.PushAsync(http, Prompt("none login"));

        Assert.Equal(HttpStatusCode.BadRequest, pushed.Status);
        Assert.Equal("invalid_request", pushed.Error);
    }

    [Fact]
    public async Task Prompt_select_account_is_refused_as_unsupported()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var pushed = await OidcFlow.PushAsync(http, Prompt("select_account"));

        Assert.Equal(HttpStatusCode.BadRequest, pushed.Status);
        Assert.Equal("invalid_request", pushed.Error);
    }

    private static void AssertLoginPage(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", new Uri(new Uri("http://localhost/"), response.Headers.Location!).AbsolutePath);
    }

    private static AuthorizationRequest Prompt(string prompt)
    {
        var request = new AuthorizationRequest();
        request.Parameters["prompt"] = prompt;
        return request;
    }

    private static async Task<string> PushAsync(HttpClient http, AuthorizationRequest request)
    {
        var pushed = await OidcFlow.PushAsync(http, request);
        Assert.Equal(HttpStatusCode.Created, pushed.Status);
        return OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!);
    }

    private static long AuthTime(JsonResponse tokens) => TokenCheck.Payload(tokens.Get("id_token")!).GetProperty("auth_time").GetInt64();
}
