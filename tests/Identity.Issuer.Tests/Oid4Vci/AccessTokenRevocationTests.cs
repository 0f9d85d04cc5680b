using System.Diagnostics;
using System.Net;
using Identity.Issuer.Oid4Vci;
using Identity.Issuer.Oid4Vci.Credentials;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.Jose;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>
/// Issue #4: the credential endpoint validates the access token as a JWT and also asks OpenIddict's token store whether the token
/// and its authorization are still valid, so that refresh token reuse, the revocation endpoint and revoked authorizations take effect.
/// </summary>
public sealed class AccessTokenRevocationTests(ITestOutputHelper output)
{
    private const string AppId = "wallet-with-refresh";
    private const string AppRedirect = "http://localhost:5096/callback";

    private static Task<IssuerServer> CreateServerAsync() => TestWallet.CreateServerAsync(options =>
    {
        // A public wallet that keeps a refresh token, to exercise OpenIddict's reuse detection.
        var client = DemoClients.LoginClient(AppId, null, "Portefeuille", "Wallet", AppRedirect, "http://localhost:5096/signout", "wallet-sector");
        client.ClientType = OpenIddictConstants.ClientTypes.Public;
        client.Permissions.Add(OpenIddictConstants.Permissions.Prefixes.Scope + IdentityCredentialType.Scope);
        options.Clients.Add(client);
    });

    private static AuthorizationRequest Request() => new() { ClientId = AppId, Secret = null, RedirectUri = AppRedirect, Scope = "openid offline_access " + IdentityCredentialType.Scope };

    private static Task<JsonResponse> PostAsync(HttpClient http, Dictionary<string, string> form) => OidcFlow.PostFormAsync(http, "/connect/token", form);

    private static async Task<JsonResponse> SignInAsync(HttpClient http, AuthorizationRequest request)
    {
        var code = await OidcFlow.GetCodeAsync(http, request);
        var tokens = await PostAsync(http, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = request.ClientId, ["code"] = code,
            ["redirect_uri"] = request.RedirectUri, ["code_verifier"] = request.Pkce.Verifier,
        });
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens;
    }

    private static Task<JsonResponse> RefreshAsync(HttpClient http, string refreshToken)
        => PostAsync(http, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = AppId, ["refresh_token"] = refreshToken });

    private static async Task<JsonResponse> RequestCredentialAsync(TestWallet wallet, string accessToken)
        => await wallet.RequestCredentialAsync(accessToken, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())]);

    private static void AssertRevoked(JsonResponse response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("invalid_token", response.Error);
        Assert.StartsWith(Oid4VciErrorCodes.AccessTokenRevoked + ":", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_token_is_refused_after_its_refresh_token_is_reused()
    {
        await using var server = await CreateServerAsync();
        var wallet = new TestWallet(server);
        var tokens = await SignInAsync(wallet.Http, Request());
        var first = tokens.Get("refresh_token")!;
        var rotated = await RefreshAsync(wallet.Http, first);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.Equal(HttpStatusCode.OK, (await RequestCredentialAsync(wallet, rotated.Get("access_token")!)).Status);

        // RFC 9700 §4.14.2: reusing the rotated-out refresh token revokes the whole authorization's tokens.
        Assert.Equal("invalid_grant", (await RefreshAsync(wallet.Http, first)).Error);

        AssertRevoked(await RequestCredentialAsync(wallet, rotated.Get("access_token")!));
    }

    [Fact]
    public async Task Access_token_revoked_in_the_token_store_is_refused()
    {
        await using var server = await CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            var entry = await tokens.FindByIdAsync(new JsonWebToken(token).GetPayloadValue<string>("oi_tkn_id"));
            Assert.True(await tokens.TryRevokeAsync(entry!));
        }

        AssertRevoked(await RequestCredentialAsync(wallet, token));
    }

    [Fact]
    public async Task Access_token_of_a_revoked_authorization_is_refused()
    {
        await using var server = await CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = (await SignInAsync(wallet.Http, Request())).Get("access_token")!;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
            var authorization = await authorizations.FindByIdAsync(new JsonWebToken(token).GetPayloadValue<string>("oi_au_id"));
            Assert.True(await authorizations.TryRevokeAsync(authorization!));
        }

        AssertRevoked(await RequestCredentialAsync(wallet, token));
    }

    [Fact]
    public async Task Access_token_whose_entry_is_gone_is_refused()
    {
        await using var server = await CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            await tokens.DeleteAsync((await tokens.FindByIdAsync(new JsonWebToken(token).GetPayloadValue<string>("oi_tkn_id")))!);
        }

        AssertRevoked(await RequestCredentialAsync(wallet, token));
    }

    /// <summary>The cost of the check: one query by primary key (SQLite here), recorded in docs/issuance.md.</summary>
    [Fact]
    public async Task Revocation_lookup_is_one_cheap_query()
    {
        await using var server = await CreateServerAsync();
        var wallet = new TestWallet(server);
        var tokenId = new JsonWebToken(await wallet.GetAccessTokenAsync()).GetPayloadValue<string>("oi_tkn_id");
        await using var scope = server.Services.CreateAsyncScope();
        var revocation = scope.ServiceProvider.GetRequiredService<AccessTokenRevocation>();
        Assert.True(await revocation.IsActiveAsync(tokenId, CancellationToken.None));

        const int Lookups = 500;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Lookups; i++)
        {
            Assert.True(await revocation.IsActiveAsync(tokenId, CancellationToken.None));
        }

        watch.Stop();
        output.WriteLine($"{watch.Elapsed.TotalMicroseconds / Lookups:F0} µs per revocation lookup (SQLite, {Lookups} lookups)");
        Assert.False(await revocation.IsActiveAsync("no-such-token", CancellationToken.None));
    }
}
