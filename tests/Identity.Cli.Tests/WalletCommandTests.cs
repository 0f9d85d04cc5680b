using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Verifier;
using Identity.Verifier.Oid4Vp;

namespace Identity.Cli.Tests;

/// <summary>
/// <c>identity wallet</c> against an issuer and a relying party on real loopback HTTP: the happy path, and every refusal
/// (exit 1, a clear message, nothing written to the wallet folder).
/// </summary>
public sealed class WalletCommandTests : IDisposable
{
    private readonly CliFixture _fx = new();
    private readonly FakeWalletPeers _peers;
    private readonly string _wallet = Path.Combine(Path.GetTempPath(), "identity-wallet-tests", Guid.NewGuid().ToString("N"));

    public WalletCommandTests() => _peers = new FakeWalletPeers(_fx);

    public void Dispose()
    {
        _peers.Dispose();
        _fx.Dispose();
        if (Directory.Exists(_wallet))
        {
            Directory.Delete(_wallet, recursive: true);
        }
    }

    private Task<(int Exit, string Stdout, string Stderr)> WalletAsync(string stdin, params string[] args)
        => _fx.RunAsync(["wallet", .. args, "--wallet", _wallet], stdin);

    private Task<(int Exit, string Stdout, string Stderr)> AcceptAsync(params string[] extra)
        => WalletAsync("", ["accept", _peers.OfferLink, "--tx-code", FakeWalletPeers.TxCode, "--allow-loopback-http", .. extra]);

    private string Request(string? responseUri = null, string? clientId = null, params string[] claims)
    {
        var response = new Uri(responseUri ?? _peers.Base + "/vp/response");
        var query = DcqlQuery.ForClaims("age", _peers.Vct, claims.Length == 0 ? ["age_over_18"] : claims);
        return new PresentationRequest(clientId ?? "redirect_uri:" + response.AbsoluteUri, response, "nonce-vp", "state-1", query, _fx.Clock.GetUtcNow().AddMinutes(5))
            .ToAuthorizationUrl();
    }

    private void AssertNothingWritten() =>
        Assert.True(!Directory.Exists(_wallet) || Directory.GetFiles(_wallet).Length == 0, "the wallet folder was written");

    [Fact]
    public async Task Accept_keeps_a_verified_batch_owner_only_and_list_show_remove_manage_it()
    {
        var (exit, stdout, stderr) = await AcceptAsync("--batch", "3", "--alg", JoseAlgorithms.EdDSA);

        Assert.True(exit == ExitCodes.Success, stderr);
        var id = JsonNode.Parse(stdout)!["id"]!.GetValue<string>();
        Assert.Equal(3, JsonNode.Parse(stdout)!["unused_copies"]!.GetValue<int>());
        var file = Assert.Single(Directory.GetFiles(_wallet));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_wallet));
        }

        var list = await WalletAsync("", "list");
        Assert.Equal(id, Assert.Single(JsonNode.Parse(list.Stdout)!.AsArray())!["id"]!.GetValue<string>());

        var show = await WalletAsync("", "show", id);
        Assert.Equal(ExitCodes.Success, show.Exit);
        Assert.Equal("Marie", JsonNode.Parse(show.Stdout)!["claims"]!["given_name"]!.GetValue<string>());
        Assert.DoesNotContain("\"d\"", show.Stdout + list.Stdout + stdout, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Success, (await WalletAsync("", "remove", id)).Exit);
        Assert.Empty(Directory.GetFiles(_wallet));
        Assert.Equal(ExitCodes.Refused, (await WalletAsync("", "show", id)).Exit);
    }

    [Theory]
    [InlineData("not a link", "not a credential offer")]
    [InlineData("openid-credential-offer://?foo=bar", "neither credential_offer nor credential_offer_uri")]
    [InlineData("openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A1%7D", "has no credential_issuer")]
    [InlineData("openid-credential-offer://?credential_offer=%5B%5D", "not a JSON object")]
    public async Task Accept_refuses_a_malformed_offer(string offer, string expected)
    {
        var (exit, _, stderr) = await WalletAsync("", "accept", offer, "--allow-loopback-http");

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Accept_refuses_an_expired_offer()
    {
        _peers.OfferAlive = false;

        var (exit, _, stderr) = await AcceptAsync();

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("the credential offer could not be read", stderr, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Accept_refuses_an_offer_for_an_unknown_credential_configuration()
    {
        _peers.OfferedConfiguration = "passport";

        var (exit, _, stderr) = await AcceptAsync();

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("does not offer the credential configuration 'passport'", stderr, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Accept_refuses_a_credential_signed_by_a_key_the_issuer_does_not_publish()
    {
        _peers.SigningKey = JwkKeys.GenerateEs256();

        var (exit, _, stderr) = await AcceptAsync();

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("does not verify with the issuer's published keys", stderr, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Theory]
    [InlineData(null, "add --tx-code")]
    [InlineData("12345", "6 characters")]
    [InlineData("654321", "invalid_grant")]
    public async Task Accept_refuses_a_missing_or_wrong_transaction_code(string? txCode, string expected)
    {
        string[] args = txCode is null
            ? ["accept", _peers.OfferLink, "--allow-loopback-http"]
            : ["accept", _peers.OfferLink, "--tx-code", txCode, "--allow-loopback-http"];

        var (exit, _, stderr) = await WalletAsync("", args);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Accept_refuses_plain_http_without_the_development_flag()
    {
        var (exit, _, stderr) = await WalletAsync("", "accept", _peers.OfferLink, "--tx-code", FakeWalletPeers.TxCode);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("--allow-loopback-http", stderr, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Present_sends_only_the_asked_claims_bound_to_the_request_and_spends_the_copy()
    {
        Assert.Equal(ExitCodes.Success, (await AcceptAsync()).Exit);
        var request = Request();

        var (exit, stdout, stderr) = await WalletAsync("", "present", request, "--yes", "--allow-loopback-http");

        Assert.True(exit == ExitCodes.Success, stderr);
        Assert.Contains("age_over_18", stderr, StringComparison.Ordinal);
        Assert.True(JsonNode.Parse(stdout)!["sent"]!.GetValue<bool>());
        var form = Assert.Single(_peers.Responses);
        Assert.Equal("state-1", form["state"]);
        var presentation = JsonNode.Parse(form["vp_token"])!["age"]![0]!.GetValue<string>();
        var verifier = new AttestationVerifier(new AttestationVerifierOptions
        {
            TrustedIssuers = { new TrustedIssuer(_peers.Base) { KeySources = IssuerKeySources.Jwks, Jwks = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(_fx.IssuerJwksJson()) } },
            RequireStatus = false,
        }, timeProvider: _fx.Clock);
        var result = await verifier.VerifyAsync(presentation, new VerificationOptions { Audience = "redirect_uri:" + _peers.Base + "/vp/response", Nonce = "nonce-vp" }, TestContext.Current.CancellationToken);
        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.True(result.Claims["age_over_18"].GetBoolean());
        Assert.False(result.Claims.ContainsKey("given_name"));

        // One copy only: the next request is refused rather than answered with the same, linkable copy.
        var again = await WalletAsync("", "present", Request(), "--yes", "--allow-loopback-http");
        Assert.Equal(ExitCodes.Refused, again.Exit);
        Assert.Contains("every copy", again.Stderr, StringComparison.Ordinal);
        Assert.Single(_peers.Responses);
    }

    [Fact]
    public async Task Present_without_consent_sends_nothing_and_keeps_the_copy()
    {
        Assert.Equal(ExitCodes.Success, (await AcceptAsync()).Exit);

        var declined = await WalletAsync("n\n", "present", Request(), "--allow-loopback-http");
        var accepted = await WalletAsync("oui\n", "present", Request(), "--allow-loopback-http");

        Assert.Equal(ExitCodes.Refused, declined.Exit);
        Assert.Contains("consent", declined.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, accepted.Exit);
        Assert.Single(_peers.Responses);
    }

    [Fact]
    public async Task Present_refuses_a_request_for_claims_the_wallet_does_not_hold()
    {
        Assert.Equal(ExitCodes.Success, (await AcceptAsync()).Exit);

        var (exit, _, stderr) = await WalletAsync("", "present", Request(claims: "birthdate"), "--yes", "--allow-loopback-http");

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("no credential in the wallet answers the query 'age'", stderr, StringComparison.Ordinal);
        Assert.Empty(_peers.Responses);
    }

    [Theory]
    [InlineData("http://rp.example/vp/response", null, "refused")]
    [InlineData(null, "redirect_uri:https://elsewhere.example/vp/response", "client_id must be 'redirect_uri:'")]
    public async Task Present_refuses_a_response_uri_that_is_not_https_or_not_the_client_id(string? responseUri, string? clientId, string expected)
    {
        Assert.Equal(ExitCodes.Success, (await AcceptAsync()).Exit);

        var (exit, _, stderr) = await WalletAsync("", "present", Request(responseUri, clientId), "--yes", "--allow-loopback-http");

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Empty(_peers.Responses);
    }

    [Theory]
    [InlineData("openid4vp://?response_type=vp_token")]
    [InlineData("openid4vp://?request_uri=https%3A%2F%2Frp.example%2Freq")]
    [InlineData("nothing")]
    public async Task Present_refuses_a_malformed_or_signed_request(string request)
    {
        var (exit, _, stderr) = await WalletAsync("", "present", request, "--yes", "--allow-loopback-http");

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task A_damaged_or_foreign_wallet_file_gives_a_clear_error()
    {
        Directory.CreateDirectory(_wallet);
        File.WriteAllText(Path.Combine(_wallet, "abcdefgh12.credential.json"), "{\"format\":1,\"id\":3}");

        var (exit, _, stderr) = await WalletAsync("", "list");

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("is damaged or not a wallet file", stderr, StringComparison.Ordinal);
    }
}
