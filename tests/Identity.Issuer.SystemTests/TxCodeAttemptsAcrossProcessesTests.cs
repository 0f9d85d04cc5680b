using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Identity.Issuer.SystemTests.Flow;
using Identity.Issuer.SystemTests.Hosting;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// OpenID4VCI 1.0 §13.6: a pre-authorized code allows a limited number of transaction code attempts (5). Fifty wrong guesses
/// sent at once, half to each of two replicas sharing Redis, are compared at most five times: each comparison is reserved by
/// one atomic increment in the shared store before it is made.
/// </summary>
public sealed class TxCodeAttemptsAcrossProcessesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fifty_concurrent_wrong_tx_codes_across_two_replicas_get_at_most_five_comparisons()
    {
        await using var cluster = await IssuerCluster.StartAsync(2, extraSettings: new Dictionary<string, string?> { ["StatusLists__BaseUri"] = "https://localhost" }, cancellationToken: Token);
        using var browser = new ScriptedBrowser();
        var (link, txCode) = await AttestationsPage.RequestOfferAsync(browser, cluster[0].BaseAddress, OidcClient.DemoUsername, OidcClient.DemoPassword, Token);
        using var wallet = new ScriptedWallet();
        var offer = await wallet.ResolveOfferAsync(cluster[0].BaseAddress, link, Token);
        var wrong = txCode == "000000" ? "000001" : "000000";
        using var http = new HttpClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var response = await http.PostAsync(new Uri(cluster[i % 2].BaseAddress, "/connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:pre-authorized_code",
                ["pre-authorized_code"] = offer.PreAuthorizedCode,
                ["tx_code"] = wrong,
            }), Token);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(Token);
            return body!["error_description"]!.GetValue<string>().Split(':')[0];
        }));

        Assert.True(answers.Count(a => a == "TX_CODE_INVALID") <= 4, string.Join(", ", answers) + cluster.Output);
        Assert.All(answers, a => Assert.Contains(a, new[] { "TX_CODE_INVALID", "TX_CODE_LOCKED", "PRE_AUTHORIZED_CODE_INVALID" }));
        // The code is dead: the right transaction code no longer redeems it.
        await Assert.ThrowsAnyAsync<Exception>(() => wallet.RedeemAsync(cluster[1].BaseAddress, offer, txCode, Token));
    }
}
