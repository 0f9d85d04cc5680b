using System.Net;
using Identity.Issuer.Oid4Vci;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.Jose;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>OpenID4VCI §5: the wallet-initiated authorization code flow (PAR, PKCE, login, consent) for the credential scope.</summary>
public sealed class AuthorizationCodeFlowTests
{
    [Fact]
    public async Task Wallet_gets_a_credential_after_the_citizen_logs_in_and_consents()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var request = WalletRequest();

        var code = await OidcFlow.GetCodeAsync(wallet.Http, request);
        var token = await RedeemAsync(wallet.Http, request, code);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal(IdentityCredentialType.Scope, token.Get("scope"));

        var response = await wallet.RequestCredentialAsync(token.Get("access_token"), [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())]);

        var verified = await wallet.VerifyAsync(Assert.Single(TestWallet.Credentials(response)), server.Clock.GetUtcNow());
        Assert.Equal("Marie", verified.Claims["given_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wallet_gets_no_code_when_the_citizen_declines()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var request = WalletRequest();
        var pushed = await OidcFlow.PushAsync(wallet.Http, request);

        var result = await OidcFlow.AuthorizeAsync(wallet.Http, OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!), decision: "deny");

        Assert.Equal("access_denied", result.Error);
        Assert.Null(result.Code);
    }

    [Fact]
    public async Task Login_client_cannot_ask_for_the_credential_scope()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var request = new AuthorizationRequest { Scope = "openid " + IdentityCredentialType.Scope };

        var pushed = await OidcFlow.PushAsync(server.CreateClient(), request);

        // OpenIddict refuses scopes a client is not permitted with invalid_request (RFC 6749 §4.1.2.1 allows either).
        Assert.Contains(pushed.Error, (string[])["invalid_request", "invalid_scope"]);
    }

    private static AuthorizationRequest WalletRequest() => new()
    {
        ClientId = WalletClient.ClientId,
        Secret = null,
        RedirectUri = WalletClient.RedirectUri,
        Scope = IdentityCredentialType.Scope,
    };

    /// <summary>A public client redeems with client_id in the body and its PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5).</summary>
    private static Task<JsonResponse> RedeemAsync(HttpClient http, AuthorizationRequest request, string code)
        => OidcFlow.PostFormAsync(http, "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = request.ClientId,
            ["code"] = code,
            ["redirect_uri"] = request.RedirectUri,
            ["code_verifier"] = request.Pkce.Verifier,
        });
}
