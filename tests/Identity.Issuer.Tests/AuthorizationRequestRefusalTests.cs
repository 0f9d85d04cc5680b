using System.Net;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;

namespace Identity.Issuer.Tests;

/// <summary>Refusals at the PAR and authorization endpoints (RFC 9126, RFC 7636, RFC 9700, OpenID Connect Core §3.1.2).</summary>
public sealed class AuthorizationRequestRefusalTests
{
    [Fact]
    public async Task Rejects_request_without_PKCE()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        request.Parameters["code_challenge"] = null;
        request.Parameters["code_challenge_method"] = null;

        var pushed = await OidcFlow.PushAsync(http, request);

        Assert.Equal(HttpStatusCode.BadRequest, pushed.Status);
        Assert.Equal("invalid_request", pushed.Error);
    }

    [Fact]
    public async Task Rejects_plain_code_challenge_method()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        request.Parameters["code_challenge"] = request.Pkce.Verifier;
        request.Parameters["code_challenge_method"] = "plain";

        var pushed = await OidcFlow.PushAsync(http, request);

        Assert.Equal(HttpStatusCode.BadRequest, pushed.Status);
        Assert.Equal("invalid_request", pushed.Error);
    }

    [Fact]
    public async Task Rejects_unregistered_redirect_uri()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest { RedirectUri = "http://localhost:5090/evil" };

        var pushed = await OidcFlow.PushAsync(http, request);

        Assert.Equal(HttpStatusCode.BadRequest, pushed.Status);
        Assert.Equal("invalid_request", pushed.Error);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("id_token")]
    [InlineData("code id_token")]
    public async Task Rejects_implicit_and_hybrid_response_types(string responseType)
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        request.Parameters["response_type"] = responseType;

        var pushed = await OidcFlow.PushAsync(http, request);

        Assert.Equal(HttpStatusCode.BadRequest, pushed.Status);
        Assert.Equal("unsupported_response_type", pushed.Error);
    }

    [Fact]
    public async Task Rejects_authorization_request_that_was_not_pushed()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var form = new AuthorizationRequest().ToForm();

        var response = await http.GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/connect/authorize", form!));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"error-code\">invalid_request<", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_flagged_for_PAR_must_push_even_when_PAR_is_not_required_globally()
    {
        await using var server = await IssuerServer.CreateServerAsync(options => options.Settings["Issuer:RequirePushedAuthorizationRequests"] = "false");
        using var http = server.CreateClient();
        var discovery = await http.GetStringAsync("/.well-known/openid-configuration");
        var form = new AuthorizationRequest().ToForm();

        var response = await http.GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/connect/authorize", form!));

        Assert.Contains("\"require_pushed_authorization_requests\": false", discovery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"error-code\">invalid_request<", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_reused_PAR_request_uri()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var pushed = await OidcFlow.PushAsync(http, request);
        var url = OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!);
        var first = await OidcFlow.AuthorizeAsync(http, url);
        Assert.NotNull(first.Code);

        var second = await http.GetAsync(url);

        // RFC 9126 §2.2 (one-time use): OpenIddict reports the redeemed request token as invalid_token.
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("id=\"error-code\">invalid_token<", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_expired_PAR_request_uri()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var pushed = await OidcFlow.PushAsync(http, request);
        Assert.InRange(pushed.Body.GetProperty("expires_in").GetInt32(), 89, 90);

        server.Clock.Advance(TimeSpan.FromSeconds(91));
        var response = await http.GetAsync(OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"error-code\">invalid_token<", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_PAR_with_wrong_client_secret()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest { Secret = "not-the-secret" };

        var pushed = await OidcFlow.PushAsync(http, request);

        Assert.Equal(HttpStatusCode.Unauthorized, pushed.Status);
        Assert.Equal("invalid_client", pushed.Error);
    }

    [Fact]
    public async Task Rejects_acr_values_the_citizen_cannot_meet_with_unmet_authentication_requirements()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        request.Parameters["acr_values"] = AssuranceLevels.Level3;
        var pushed = await OidcFlow.PushAsync(http, request);

        // sophie.roy is at assurance level 1.
        var result = await OidcFlow.AuthorizeAsync(http, OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!), "sophie.roy");

        Assert.Equal("unmet_authentication_requirements", result.Error);
        Assert.StartsWith(IssuerErrorCodes.AcrNotSatisfiable, result.Query["error_description"], StringComparison.Ordinal);
        Assert.Equal("http://localhost/", result.Query["iss"]);
    }

    [Fact]
    public async Task Accepts_acr_values_the_citizen_meets_and_returns_the_citizen_level()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        request.Parameters["acr_values"] = AssuranceLevels.Level2 + " " + AssuranceLevels.Level3;

        var tokens = await OidcFlow.SignInAsync(http, request, "jean.gagnon");

        Assert.Equal(AssuranceLevels.Level2, TokenCheck.Read(tokens.Get("id_token")!).GetClaim("acr").Value);
    }

    [Fact]
    public async Task Consent_refusal_returns_access_denied_to_the_client()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var pushed = await OidcFlow.PushAsync(http, request);

        var result = await OidcFlow.AuthorizeAsync(http, OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!), decision: "deny");

        Assert.Equal("access_denied", result.Error);
        Assert.StartsWith(IssuerErrorCodes.ConsentDenied, result.Query["error_description"], StringComparison.Ordinal);
        Assert.Null(result.Code);
    }

    [Fact]
    public async Task Prompt_none_without_session_returns_login_required()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        request.Parameters["prompt"] = "none";
        var pushed = await OidcFlow.PushAsync(http, request);

        var response = await http.GetAsync(OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!));

        var result = new AuthorizeResult(response, string.Empty);
        Assert.Equal("login_required", result.Error);
    }
}
