using System.Net;
using System.Text.Json.Nodes;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.Jose;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>OpenID4VCI §4.1.1, §6.1, §6.3: the pre-authorized code grant with a transaction code.</summary>
public sealed class PreAuthorizedCodeGrantTests
{
    [Fact]
    public async Task Offer_by_reference_names_the_issuer_the_configuration_and_a_numeric_tx_code()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var (_, txCode, offer) = await wallet.ReceiveOfferAsync();

        Assert.Equal(TestWallet.Issuer, offer["credential_issuer"]!.GetValue<string>());
        Assert.Equal(IdentityCredentialType.ConfigurationId, offer["credential_configuration_ids"]![0]!.GetValue<string>());
        var tx = offer["grants"]![TestWallet.PreAuthorizedGrantType]!["tx_code"]!;
        Assert.Equal("numeric", tx["input_mode"]!.GetValue<string>());
        Assert.Equal(6, tx["length"]!.GetValue<int>());
        Assert.Matches("^[0-9]{6}$", txCode);
        // The transaction code travels apart from the offer (§4.1.1).
        Assert.DoesNotContain(txCode, offer.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_and_tx_code_give_an_access_token_for_the_credential_scope()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var (code, tx, _) = await wallet.ReceiveOfferAsync();

        var token = await wallet.RedeemAsync(code, tx);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("Bearer", token.Get("token_type"));
        Assert.Equal(IdentityCredentialType.Scope, token.Get("scope"));
        var payload = System.Text.Json.JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(token.Get("access_token")!.Split('.')[1])).RootElement;
        // The internal citizen identifier never appears in the token.
        Assert.DoesNotContain(TestWallet.CitizenId, payload.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replayed_pre_authorized_code_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var (code, tx, _) = await wallet.ReceiveOfferAsync();
        Assert.Equal(HttpStatusCode.OK, (await wallet.RedeemAsync(code, tx)).Status);

        var replay = await wallet.RedeemAsync(code, tx);

        Assert.Equal("invalid_grant", replay.Error);
        Assert.StartsWith("PRE_AUTHORIZED_CODE_INVALID", replay.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_pre_authorized_code_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var (code, tx, _) = await wallet.ReceiveOfferAsync();
        server.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var response = await wallet.RedeemAsync(code, tx);

        Assert.Equal("invalid_grant", response.Error);
        Assert.StartsWith("PRE_AUTHORIZED_CODE_INVALID", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_pre_authorized_code_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var response = await new TestWallet(server).RedeemAsync("not-a-code", "123456");

        Assert.Equal("invalid_grant", response.Error);
        Assert.StartsWith("PRE_AUTHORIZED_CODE_INVALID", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_pre_authorized_code_is_invalid_request()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var response = await new TestWallet(server).RedeemAsync(null, "123456");

        Assert.Equal("invalid_request", response.Error);
        Assert.StartsWith("PRE_AUTHORIZED_CODE_MISSING", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_tx_code_is_invalid_request()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var (code, _, _) = await wallet.ReceiveOfferAsync();

        var response = await wallet.RedeemAsync(code, null);

        Assert.Equal("invalid_request", response.Error);
        Assert.StartsWith("TX_CODE_MISSING", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_tx_code_is_refused_and_the_right_one_still_works_within_the_limit()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var (code, tx, _) = await wallet.ReceiveOfferAsync();

        var wrong = await wallet.RedeemAsync(code, WrongCode(tx));

        Assert.Equal("invalid_grant", wrong.Error);
        Assert.StartsWith("TX_CODE_INVALID", wrong.ErrorDescription, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await wallet.RedeemAsync(code, tx)).Status);
    }

    [Fact]
    public async Task Five_wrong_tx_codes_kill_the_pre_authorized_code()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var (code, tx, _) = await wallet.ReceiveOfferAsync();

        for (var i = 0; i < 4; i++)
        {
            Assert.StartsWith("TX_CODE_INVALID", (await wallet.RedeemAsync(code, WrongCode(tx))).ErrorDescription, StringComparison.Ordinal);
        }

        var fifth = await wallet.RedeemAsync(code, WrongCode(tx));
        var right = await wallet.RedeemAsync(code, tx);

        Assert.Equal("invalid_grant", fifth.Error);
        Assert.StartsWith("TX_CODE_LOCKED", fifth.ErrorDescription, StringComparison.Ordinal);
        Assert.Equal("invalid_grant", right.Error);
        Assert.StartsWith("PRE_AUTHORIZED_CODE_INVALID", right.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fifty_parallel_wrong_tx_codes_get_at_most_the_limit_of_comparisons()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var (code, tx, _) = await wallet.ReceiveOfferAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => wallet.RedeemAsync(code, WrongCode(tx))));

        // Each comparison is reserved atomically first: at most 4 "wrong" answers, the fifth comparison locks, the rest are locked.
        var codes = answers.Select(a => a.ErrorDescription!.Split(':')[0]).ToList();
        Assert.True(codes.Count(c => c == "TX_CODE_INVALID") <= 4, string.Join(", ", codes));
        Assert.All(codes, c => Assert.Contains(c, new[] { "TX_CODE_INVALID", "TX_CODE_LOCKED", "PRE_AUTHORIZED_CODE_INVALID" }));
        Assert.StartsWith("PRE_AUTHORIZED_CODE_INVALID", (await wallet.RedeemAsync(code, tx)).ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registered_wallet_may_send_its_client_id()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var (code, tx, _) = await wallet.ReceiveOfferAsync();

        var token = await wallet.RedeemAsync(code, tx, Identity.Issuer.Oid4Vci.WalletClient.ClientId);

        Assert.Equal(HttpStatusCode.OK, token.Status);
    }

    [Fact]
    public async Task Login_client_not_permitted_the_grant_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var (code, tx, _) = await wallet.ReceiveOfferAsync();

        var response = await OidcFlow.PostFormAsync(wallet.Http, "/connect/token",
            new Dictionary<string, string> { ["grant_type"] = TestWallet.PreAuthorizedGrantType, ["pre-authorized_code"] = code, ["tx_code"] = tx },
            OidcFlow.Basic(Identity.Issuer.Oidc.DemoClients.DemoRpId, Identity.Issuer.Oidc.DemoClients.DemoRpSecret));

        Assert.Equal("unauthorized_client", response.Error);
    }

    [Fact]
    public async Task Anonymous_access_stays_limited_to_the_pre_authorized_code_grant()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var code = await OidcFlow.PostFormAsync(wallet.Http, "/connect/token",
            new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = "x", ["redirect_uri"] = "http://localhost:5093/callback", ["code_verifier"] = new string('a', 43) });
        var credentials = await OidcFlow.PostFormAsync(wallet.Http, "/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        var refresh = await OidcFlow.PostFormAsync(wallet.Http, "/connect/token", new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "x" });
        var revoke = await OidcFlow.PostFormAsync(wallet.Http, "/connect/revoke", new Dictionary<string, string> { ["token"] = "x" });

        Assert.Contains(code.Error, (string[])["invalid_request", "invalid_client"]);
        Assert.Contains(credentials.Error, (string[])["invalid_request", "invalid_client"]);
        Assert.Equal("invalid_client", refresh.Error);
        Assert.Equal("invalid_client", revoke.Error);
    }

    [Fact]
    public async Task Resource_naming_the_credential_issuer_is_accepted_and_any_other_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var (code, tx, _) = await wallet.ReceiveOfferAsync();
        Dictionary<string, string> Form(string resource) => new()
        {
            ["grant_type"] = TestWallet.PreAuthorizedGrantType, ["pre-authorized_code"] = code, ["tx_code"] = tx, ["resource"] = resource,
        };

        var other = await OidcFlow.PostFormAsync(wallet.Http, "/connect/token", Form("https://other.example"));
        var own = await OidcFlow.PostFormAsync(wallet.Http, "/connect/token", Form(TestWallet.Issuer));

        Assert.Equal("invalid_target", other.Error);
        Assert.Equal(HttpStatusCode.OK, own.Status);
    }

    private static string WrongCode(string code) => code == "000000" ? "000001" : "000000";
}
