using System.Net;
using System.Text.Json.Nodes;
using Identity.Issuer.Oid4Vci;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Issuer.Tests.Oid4Vci;
using Identity.Tokens.Dpop;
using Identity.Tokens.Jose;

namespace Identity.Issuer.Tests.Dpop;

/// <summary>RFC 9449 §7 at the resources this service serves: userinfo (OpenIddict) and the credential endpoint (OpenID4VCI §8).</summary>
public sealed class DpopResourceTests
{
    private static async Task<(IssuerServer Server, HttpClient Http, DpopKey Key, string AccessToken)> SignedInAsync()
    {
        var server = await DpopHttp.CreateServerAsync();
        var http = server.CreateClient();
        var key = DpopKey.Es256();
        var request = new AuthorizationRequest();
        var tokens = await DpopHttp.RedeemAsync(http, request, await DpopHttp.GetCodeAsync(http, request), key.Proof("POST", DpopHttp.TokenEndpoint, server.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return (server, http, key, tokens.Get("access_token")!);
    }

    private static void AssertDpopChallenge(DpopResponse response, string error, string code)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.NotNull(response.Challenge);
        Assert.StartsWith("DPoP ", response.Challenge, StringComparison.Ordinal);
        Assert.Contains($"error=\"{error}\"", response.Challenge, StringComparison.Ordinal);
        Assert.Contains("algs=\"ES256 EdDSA\"", response.Challenge, StringComparison.Ordinal);
        Assert.Equal(code, response.Code);
    }

    [Fact]
    public async Task Userinfo_accepts_a_bound_token_with_the_dpop_scheme_and_a_proof()
    {
        var (server, http, key, token) = await SignedInAsync();
        await using var _ = server;

        var response = await DpopHttp.UserinfoAsync(http, "DPoP", token, key.Proof("GET", DpopHttp.UserinfoEndpoint, server.Clock.GetUtcNow(), token));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.False(string.IsNullOrEmpty(response.Get("sub")));
    }

    [Fact]
    public async Task Userinfo_refuses_a_bound_token_sent_as_bearer()
    {
        var (server, http, _, token) = await SignedInAsync();
        await using var __ = server;

        AssertDpopChallenge(await DpopHttp.UserinfoAsync(http, "Bearer", token), "invalid_token", DpopErrorCodes.BoundTokenAsBearer);
    }

    [Fact]
    public async Task Userinfo_refuses_a_bound_token_without_proof()
    {
        var (server, http, _, token) = await SignedInAsync();
        await using var __ = server;

        AssertDpopChallenge(await DpopHttp.UserinfoAsync(http, "DPoP", token), "invalid_dpop_proof", DpopErrorCodes.ProofMissing);
    }

    [Fact]
    public async Task Userinfo_refuses_a_proof_with_a_bad_ath()
    {
        var (server, http, key, token) = await SignedInAsync();
        await using var __ = server;

        var response = await DpopHttp.UserinfoAsync(http, "DPoP", token, key.Proof("GET", DpopHttp.UserinfoEndpoint, server.Clock.GetUtcNow(), "another-token"));

        AssertDpopChallenge(response, "invalid_dpop_proof", DpopErrorCodes.AthMismatch);
    }

    [Fact]
    public async Task Userinfo_refuses_a_proof_by_another_key()
    {
        var (server, http, _, token) = await SignedInAsync();
        await using var __ = server;

        var response = await DpopHttp.UserinfoAsync(http, "DPoP", token, DpopKey.Es256().Proof("GET", DpopHttp.UserinfoEndpoint, server.Clock.GetUtcNow(), token));

        AssertDpopChallenge(response, "invalid_dpop_proof", DpopErrorCodes.KeyMismatch);
    }

    [Fact]
    public async Task Userinfo_refuses_a_bearer_token_sent_with_the_dpop_scheme()
    {
        await using var server = await DpopHttp.CreateServerAsync();
        var http = server.CreateClient();
        var tokens = await OidcFlow.SignInAsync(http);
        var token = tokens.Get("access_token")!;

        var response = await DpopHttp.UserinfoAsync(http, "DPoP", token, DpopKey.Es256().Proof("GET", DpopHttp.UserinfoEndpoint, server.Clock.GetUtcNow(), token));

        AssertDpopChallenge(response, "invalid_token", DpopErrorCodes.TokenNotBound);
    }

    [Fact]
    public async Task Userinfo_still_accepts_an_unbound_bearer_token()
    {
        await using var server = await DpopHttp.CreateServerAsync();
        var http = server.CreateClient();
        var tokens = await OidcFlow.SignInAsync(http);

        var response = await DpopHttp.UserinfoAsync(http, "Bearer", tokens.Get("access_token")!);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    // The credential endpoint, with an access token from the pre-authorized code grant redeemed with a DPoP proof.
    private static async Task<(IssuerServer Server, TestWallet Wallet, DpopKey Key, string AccessToken)> WalletAsync(DpopKey? dpopKey = null)
    {
        var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var key = dpopKey ?? DpopKey.Es256();
        var (code, tx, _) = await wallet.ReceiveOfferAsync();
        var token = await DpopHttp.PostFormAsync(wallet.Http, "/connect/token",
            new Dictionary<string, string> { ["grant_type"] = TestWallet.PreAuthorizedGrantType, ["pre-authorized_code"] = code, ["tx_code"] = tx },
            key.Proof("POST", DpopHttp.TokenEndpoint, server.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("DPoP", token.Get("token_type"));
        return (server, wallet, key, token.Get("access_token")!);
    }

    private static async Task<DpopResponse> RequestCredentialAsync(TestWallet wallet, string scheme, string accessToken, params string?[] proofs)
    {
        var body = new JsonObject
        {
            ["credential_configuration_id"] = Identity.Issuer.Oid4Vci.Metadata.IdentityCredentialType.ConfigurationId,
            ["proofs"] = new JsonObject { ["jwt"] = new JsonArray(TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())) },
        };
        var message = new HttpRequestMessage(HttpMethod.Post, Oid4VciUrls.CredentialPath) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        message.Headers.TryAddWithoutValidation("Authorization", scheme + " " + accessToken);
        return await DpopHttp.SendAsync(wallet.Http, message, proofs);
    }

    [Fact]
    public async Task Credential_endpoint_issues_with_a_bound_token_and_a_proof()
    {
        var (server, wallet, key, token) = await WalletAsync();
        await using var _ = server;

        var response = await RequestCredentialAsync(wallet, "DPoP", token, key.Proof("POST", DpopHttp.CredentialEndpoint, server.Clock.GetUtcNow(), token));

        Assert.True(response.Status == HttpStatusCode.OK, $"{response.Status} {response.Error} {response.ErrorDescription}");
    }

    [Fact]
    public async Task Credential_endpoint_issues_with_an_ed25519_dpop_key()
    {
        var (server, wallet, key, token) = await WalletAsync(DpopKey.Ed25519());
        await using var _ = server;

        var response = await RequestCredentialAsync(wallet, "DPoP", token, key.Proof("POST", DpopHttp.CredentialEndpoint, server.Clock.GetUtcNow(), token));

        Assert.True(response.Status == HttpStatusCode.OK, $"{response.Status} {response.Error} {response.ErrorDescription}");
    }

    [Fact]
    public async Task Credential_endpoint_refuses_a_proof_for_another_method()
    {
        var (server, wallet, key, token) = await WalletAsync();
        await using var __ = server;

        var response = await RequestCredentialAsync(wallet, "DPoP", token, key.Proof("GET", DpopHttp.CredentialEndpoint, server.Clock.GetUtcNow(), token));

        AssertDpopChallenge(response, "invalid_dpop_proof", DpopErrorCodes.HtmMismatch);
    }

    [Fact]
    public async Task Credential_endpoint_refuses_a_bound_token_sent_as_bearer()
    {
        var (server, wallet, _, token) = await WalletAsync();
        await using var __ = server;

        AssertDpopChallenge(await RequestCredentialAsync(wallet, "Bearer", token), "invalid_token", DpopErrorCodes.BoundTokenAsBearer);
    }

    [Fact]
    public async Task Credential_endpoint_refuses_a_bound_token_without_proof()
    {
        var (server, wallet, _, token) = await WalletAsync();
        await using var __ = server;

        AssertDpopChallenge(await RequestCredentialAsync(wallet, "DPoP", token), "invalid_dpop_proof", DpopErrorCodes.ProofMissing);
    }

    [Fact]
    public async Task Credential_endpoint_refuses_a_proof_for_another_uri()
    {
        var (server, wallet, key, token) = await WalletAsync();
        await using var __ = server;

        var response = await RequestCredentialAsync(wallet, "DPoP", token, key.Proof("POST", DpopHttp.Origin + "/oid4vci/nonce", server.Clock.GetUtcNow(), token));

        AssertDpopChallenge(response, "invalid_dpop_proof", DpopErrorCodes.HtuMismatch);
    }

    [Fact]
    public async Task Credential_endpoint_refuses_a_proof_with_a_bad_ath()
    {
        var (server, wallet, key, token) = await WalletAsync();
        await using var __ = server;

        var response = await RequestCredentialAsync(wallet, "DPoP", token, key.Proof("POST", DpopHttp.CredentialEndpoint, server.Clock.GetUtcNow(), token + "x"));

        AssertDpopChallenge(response, "invalid_dpop_proof", DpopErrorCodes.AthMismatch);
    }

    [Fact]
    public async Task Credential_endpoint_refuses_a_proof_by_another_key()
    {
        var (server, wallet, _, token) = await WalletAsync();
        await using var __ = server;

        var response = await RequestCredentialAsync(wallet, "DPoP", token, DpopKey.Es256().Proof("POST", DpopHttp.CredentialEndpoint, server.Clock.GetUtcNow(), token));

        AssertDpopChallenge(response, "invalid_dpop_proof", DpopErrorCodes.KeyMismatch);
    }

    [Fact]
    public async Task Credential_endpoint_refuses_a_replayed_proof()
    {
        var (server, wallet, key, token) = await WalletAsync();
        await using var __ = server;
        var proof = key.Proof("POST", DpopHttp.CredentialEndpoint, server.Clock.GetUtcNow(), token);
        Assert.Equal(HttpStatusCode.OK, (await RequestCredentialAsync(wallet, "DPoP", token, proof)).Status);

        AssertDpopChallenge(await RequestCredentialAsync(wallet, "DPoP", token, proof), "invalid_dpop_proof", DpopErrorCodes.Replayed);
    }

    [Fact]
    public async Task Credential_endpoint_refuses_an_expired_proof()
    {
        var (server, wallet, key, token) = await WalletAsync();
        await using var __ = server;

        var response = await RequestCredentialAsync(wallet, "DPoP", token, key.Proof("POST", DpopHttp.CredentialEndpoint, server.Clock.GetUtcNow() - TimeSpan.FromMinutes(3), token));

        AssertDpopChallenge(response, "invalid_dpop_proof", DpopErrorCodes.IatInvalid);
    }

    [Fact]
    public async Task Credential_endpoint_refuses_a_bearer_token_sent_with_the_dpop_scheme()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();

        var response = await RequestCredentialAsync(wallet, "DPoP", token, DpopKey.Es256().Proof("POST", DpopHttp.CredentialEndpoint, server.Clock.GetUtcNow(), token));

        AssertDpopChallenge(response, "invalid_token", DpopErrorCodes.TokenNotBound);
    }

    [Fact]
    public async Task Credential_endpoint_challenges_both_schemes_when_no_token_is_sent()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var message = new HttpRequestMessage(HttpMethod.Post, Oid4VciUrls.CredentialPath) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };

        var response = await DpopHttp.SendAsync(wallet.Http, message);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("Bearer, DPoP algs=\"ES256 EdDSA\"", response.Challenge);
    }
}
