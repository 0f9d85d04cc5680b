using System.Net;
using Identity.Issuer.Oid4Vci;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.Jose;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>
/// OpenID4VCI Appendix F.1, the proof's <c>iss</c>: OPTIONAL; when present it is the client_id of the client making the credential
/// request; it is omitted when the access token came from the pre-authorized code flow through anonymous access.
/// </summary>
public sealed class ProofIssuerTests
{
    [Fact]
    public async Task Proof_without_iss_is_accepted_after_anonymous_pre_authorized_access()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())]);

        Assert.Single(TestWallet.Credentials(response));
    }

    [Fact]
    public async Task Proof_with_iss_is_refused_after_anonymous_pre_authorized_access()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(),
            [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), iss: WalletClient.ClientId)]);

        AssertInvalidProof(response, Oid4VciErrorCodes.ProofIssNotAllowed);
    }

    [Fact]
    public async Task Proof_with_the_client_id_as_iss_is_accepted_after_pre_authorized_access_with_client_id()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await RedeemWithClientIdAsync(wallet);

        var response = await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), iss: WalletClient.ClientId)]);

        Assert.Single(TestWallet.Credentials(response));
    }

    [Fact]
    public async Task Proof_with_another_iss_is_refused_after_pre_authorized_access_with_client_id()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await RedeemWithClientIdAsync(wallet);

        var response = await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), iss: "another-wallet")]);

        AssertInvalidProof(response, Oid4VciErrorCodes.ProofIssMismatch);
    }

    [Fact]
    public async Task Proof_with_the_client_id_as_iss_is_accepted_in_the_authorization_code_flow()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await AuthorizationCodeTokenAsync(wallet);

        var response = await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), iss: WalletClient.ClientId)]);

        Assert.Single(TestWallet.Credentials(response));
    }

    [Fact]
    public async Task Proof_with_wrong_iss_is_refused_in_the_authorization_code_flow()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await AuthorizationCodeTokenAsync(wallet);

        var response = await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), iss: "demo-rp")]);

        AssertInvalidProof(response, Oid4VciErrorCodes.ProofIssMismatch);
    }

    [Fact]
    public async Task Proof_with_a_non_string_iss_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await AuthorizationCodeTokenAsync(wallet);
        var nonce = await wallet.GetNonceAsync();

        var response = await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), nonce, editPayload: p => p["iss"] = 42)]);

        // RFC 7519 §4.1.1: iss is a StringOrURI; a number makes the proof a malformed JWT before its iss is compared.
        AssertInvalidProof(response, Oid4VciErrorCodes.ProofMalformed);
    }

    [Fact]
    public async Task Refused_iss_leaves_the_nonce_unused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        var nonce = await wallet.GetNonceAsync();
        AssertInvalidProof(await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), nonce, iss: "someone")]), Oid4VciErrorCodes.ProofIssNotAllowed);

        var response = await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), nonce)]);

        Assert.Single(TestWallet.Credentials(response));
    }

    private static async Task<string> RedeemWithClientIdAsync(TestWallet wallet)
    {
        var (code, tx, _) = await wallet.ReceiveOfferAsync();
        var token = await wallet.RedeemAsync(code, tx, WalletClient.ClientId);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        return token.Get("access_token")!;
    }

    /// <summary>The wallet-initiated authorization code flow for the credential scope (OpenID4VCI §5), as the public demo wallet.</summary>
    private static async Task<string> AuthorizationCodeTokenAsync(TestWallet wallet)
    {
        var request = new AuthorizationRequest
        {
            ClientId = WalletClient.ClientId,
            Secret = null,
            RedirectUri = WalletClient.RedirectUri,
            Scope = IdentityCredentialType.Scope,
        };
        var code = await OidcFlow.GetCodeAsync(wallet.Http, request);
        var token = await OidcFlow.PostFormAsync(wallet.Http, "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = request.ClientId,
            ["code"] = code,
            ["redirect_uri"] = request.RedirectUri,
            ["code_verifier"] = request.Pkce.Verifier,
        });
        Assert.Equal(HttpStatusCode.OK, token.Status);
        return token.Get("access_token")!;
    }

    private static void AssertInvalidProof(JsonResponse response, string code)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_proof", response.Error);
        Assert.StartsWith(code + ":", response.ErrorDescription, StringComparison.Ordinal);
    }
}
