using System.Text.Json.Nodes;
using Identity.Issuer.SystemTests.Flow;
using Identity.Issuer.SystemTests.Hosting;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// OpenID4VCI 1.0 §7: a c_nonce is used once. With replicas sharing Redis, a nonce handed out by one process is honoured by
/// another, once; without the shared store each process knows only its own nonces (the control that shows the test can fail).
/// </summary>
public sealed class NonceAcrossProcessesTests
{
    private static readonly Dictionary<string, string?> Settings = new(StringComparer.Ordinal)
    {
        // Status list URIs must be https; the loopback processes speak http, and nothing here fetches the list.
        ["StatusLists__BaseUri"] = "https://localhost",
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Nonce_from_replica_A_is_accepted_once_at_replica_B_and_refused_after()
    {
        await using var cluster = await IssuerCluster.StartAsync(2, extraSettings: Settings, cancellationToken: Token);
        var (a, b) = (cluster[0].BaseAddress, cluster[1].BaseAddress);
        using var wallet = new ScriptedWallet();
        var (offer, accessToken) = await OfferAndTokenAtAsync(a, wallet);

        var proof = wallet.Proof(offer.CredentialIssuer, await wallet.NonceAsync(a, Token));
        var (status, body) = await wallet.RequestCredentialAsync(b, accessToken, offer.ConfigurationId, proof, Token);
        Assert.True(status == 200, $"{body.ToJsonString()}{Environment.NewLine}{cluster.Output}");
        Assert.StartsWith("ey", body["credentials"]![0]!["credential"]!.GetValue<string>(), StringComparison.Ordinal);

        // The same proof, so the same nonce, again: consumed in the shared store, refused at both replicas.
        AssertInvalidNonce(await wallet.RequestCredentialAsync(a, accessToken, offer.ConfigurationId, proof, Token));
        AssertInvalidNonce(await wallet.RequestCredentialAsync(b, accessToken, offer.ConfigurationId, proof, Token));
    }

    [Fact]
    public async Task Without_a_shared_store_a_nonce_from_A_is_unknown_at_B()
    {
        // Control: each process keeps its nonces (and the wallet's grant handle) in memory; keys and database are shared. B
        // refuses: the grant handle is checked first (every check runs before the nonce is consumed), so the refusal names the
        // unknown grant rather than the nonce; either way it is about the store, and it consumes nothing.
        await using var cluster = await IssuerCluster.StartAsync(2, useRedis: false, extraSettings: Settings, cancellationToken: Token);
        var (a, b) = (cluster[0].BaseAddress, cluster[1].BaseAddress);
        using var wallet = new ScriptedWallet();
        var (offer, accessToken) = await OfferAndTokenAtAsync(a, wallet);

        var proof = wallet.Proof(offer.CredentialIssuer, await wallet.NonceAsync(a, Token));
        var atB = await wallet.RequestCredentialAsync(b, accessToken, offer.ConfigurationId, proof, Token);
        Assert.True(atB.Status == 400, atB.Body.ToJsonString());
        Assert.Contains(atB.Body["error"]?.GetValue<string>(), new[] { "invalid_nonce", "credential_request_denied" });

        // The same nonce at the process that issued it works: the refusal at B is about the store, not the proof.
        var (status, body) = await wallet.RequestCredentialAsync(a, accessToken, offer.ConfigurationId, proof, Token);
        Assert.True(status == 200, $"{body.ToJsonString()}{Environment.NewLine}{cluster.Output}");
    }

    /// <summary>The citizen signs in at <paramref name="server"/> and requests an offer; the wallet redeems it there.</summary>
    private static async Task<(ScriptedWallet.Offer Offer, string AccessToken)> OfferAndTokenAtAsync(Uri server, ScriptedWallet wallet)
    {
        using var browser = new ScriptedBrowser();
        var (link, txCode) = await AttestationsPage.RequestOfferAsync(browser, server, OidcClient.DemoUsername, OidcClient.DemoPassword, Token);
        var offer = await wallet.ResolveOfferAsync(server, link, Token);
        return (offer, await wallet.RedeemAsync(server, offer, txCode, Token));
    }

    private static void AssertInvalidNonce((int Status, JsonNode Body) response)
    {
        Assert.True(response.Status == 400, response.Body.ToJsonString());
        Assert.Equal("invalid_nonce", response.Body["error"]?.GetValue<string>());
    }
}
