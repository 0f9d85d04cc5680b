using System.Net;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;

namespace Identity.Issuer.Tests;

/// <summary>Authorization code flow with PAR and PKCE (OpenID Connect Core §3.1, RFC 9126, RFC 7636, RFC 9207).</summary>
public sealed class CodeFlowTests
{
    [Fact]
    public async Task Code_flow_with_PAR_and_PKCE_returns_ES256_id_token_with_pairwise_sub_acr_and_consented_claims()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();

        var tokens = await OidcFlow.SignInAsync(http, request);

        var idToken = tokens.Get("id_token")!;
        var validation = await TokenCheck.ValidateAsync(http, idToken, DemoClients.DemoRpId);
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var jwt = TokenCheck.Read(idToken);
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal(request.Nonce, jwt.GetClaim("nonce").Value);
        Assert.Equal(AssuranceLevels.Level3, jwt.GetClaim("acr").Value);
        Assert.Equal("Marie", jwt.GetClaim("given_name").Value);
        Assert.Equal("1985-04-12", jwt.GetClaim("birthdate").Value);
        Assert.DoesNotContain("cit-", idToken, StringComparison.Ordinal);
        Assert.NotEqual("marie.tremblay", jwt.Subject);
        Assert.Equal(43, jwt.Subject.Length); // base64url of a 32-byte HMAC-SHA256
        Assert.Equal("Bearer", tokens.Get("token_type"));
        Assert.NotNull(tokens.Get("refresh_token"));
    }

    [Fact]
    public async Task Authorization_response_carries_iss_and_state()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var pushed = await OidcFlow.PushAsync(http, request);

        var result = await OidcFlow.AuthorizeAsync(http, OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!));

        Assert.Equal(HttpStatusCode.Redirect, result.Response.StatusCode);
        Assert.StartsWith(DemoClients.DemoRpRedirect, result.Response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("http://localhost/", result.Query["iss"]);
        Assert.Equal(request.State, result.Query["state"]);
        Assert.NotNull(result.Code);
    }

    [Fact]
    public async Task Access_token_is_an_ES256_jwt_without_personal_claims()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var tokens = await OidcFlow.SignInAsync(http);

        var payload = TokenCheck.Payload(tokens.Get("access_token")!);
        Assert.Equal("ES256", TokenCheck.Read(tokens.Get("access_token")!).Alg);
        Assert.False(payload.TryGetProperty("given_name", out _));
        Assert.False(payload.TryGetProperty("email", out _));
        Assert.False(payload.TryGetProperty("address", out _));
        Assert.True(payload.TryGetProperty("sub", out _));
    }
}
