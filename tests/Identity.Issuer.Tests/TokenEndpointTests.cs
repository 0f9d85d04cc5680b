using System.Net;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;

namespace Identity.Issuer.Tests;

/// <summary>Token endpoint: code redemption, refresh rotation, client credentials (RFC 6749 §4–6, RFC 7636 §4.6, RFC 9700 §4.14).</summary>
public sealed class TokenEndpointTests
{
    [Fact]
    public async Task Rejects_code_replay()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var code = await OidcFlow.GetCodeAsync(http, request);
        Assert.Equal(HttpStatusCode.OK, (await OidcFlow.RedeemAsync(http, request, code)).Status);

        var replay = await OidcFlow.RedeemAsync(http, request, code);

        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Equal("invalid_grant", replay.Error);
    }

    [Fact]
    public async Task Rejects_expired_code()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var code = await OidcFlow.GetCodeAsync(http, request);

        server.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var response = await OidcFlow.RedeemAsync(http, request, code);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_grant", response.Error);
    }

    [Fact]
    public async Task Rejects_wrong_code_verifier()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var code = await OidcFlow.GetCodeAsync(http, request);
        request.Pkce = Pkce.Create();

        var response = await OidcFlow.RedeemAsync(http, request, code);

        Assert.Equal("invalid_grant", response.Error);
    }

    [Fact]
    public async Task Rejects_wrong_client_secret_at_token_endpoint()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var code = await OidcFlow.GetCodeAsync(http, request);

        var response = await OidcFlow.RedeemAsync(http, request, code, OidcFlow.Basic(request.ClientId, "wrong-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("invalid_client", response.Error);
    }

    [Fact]
    public async Task Rejects_client_secret_post()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var response = await OidcFlow.PostFormAsync(http, "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DemoClients.ServiceClientId,
            ["client_secret"] = DemoClients.ServiceClientSecret,
        });

        Assert.Equal("invalid_client", response.Error);
    }

    [Fact]
    public async Task Rejects_password_grant()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var response = await OidcFlow.PostFormAsync(http, "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = OidcFlow.Citizen,
            ["password"] = Citizens.SeededCitizenDirectory.DemoPassword,
        }, OidcFlow.Basic(DemoClients.DemoRpId, DemoClients.DemoRpSecret));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("unsupported_grant_type", response.Error);
    }

    [Fact]
    public async Task Client_credentials_returns_a_signed_jwt_access_token_for_the_client()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var response = await OidcFlow.PostFormAsync(http, "/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" },
            OidcFlow.Basic(DemoClients.ServiceClientId, DemoClients.ServiceClientSecret));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var token = TokenCheck.Read(response.Get("access_token")!);
        Assert.Equal("ES256", token.Alg);
        Assert.Equal(DemoClients.ServiceClientId, token.Subject);
        Assert.Null(response.Get("refresh_token"));
        Assert.Null(response.Get("id_token"));
    }

    [Fact]
    public async Task Refresh_token_is_rotated()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var tokens = await OidcFlow.SignInAsync(http, request);
        var first = tokens.Get("refresh_token")!;

        var refreshed = await OidcFlow.RefreshAsync(http, request, first);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(first, refreshed.Get("refresh_token"));
        Assert.Equal(TokenCheck.Read(tokens.Get("id_token")!).Subject, TokenCheck.Read(refreshed.Get("id_token")!).Subject);
    }

    [Fact]
    public async Task Reuse_of_a_rotated_refresh_token_is_refused_and_revokes_the_chain()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var tokens = await OidcFlow.SignInAsync(http, request);
        var first = tokens.Get("refresh_token")!;
        var second = (await OidcFlow.RefreshAsync(http, request, first)).Get("refresh_token")!;

        var reuse = await OidcFlow.RefreshAsync(http, request, first);
        var afterTheft = await OidcFlow.RefreshAsync(http, request, second);

        Assert.Equal("invalid_grant", reuse.Error);
        Assert.Equal("invalid_grant", afterTheft.Error);
    }

    [Fact]
    public async Task Rejects_refresh_token_of_another_client()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var tokens = await OidcFlow.SignInAsync(http);
        var partner = new AuthorizationRequest { ClientId = DemoClients.PartnerRpId, Secret = DemoClients.PartnerRpSecret };

        var response = await OidcFlow.RefreshAsync(http, partner, tokens.Get("refresh_token")!);

        Assert.Equal("invalid_grant", response.Error);
    }
}
