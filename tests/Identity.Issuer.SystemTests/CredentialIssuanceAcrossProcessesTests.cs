using System.Text;
using System.Text.Json.Nodes;
using Identity.Issuer.SystemTests.Flow;
using Identity.Issuer.SystemTests.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// Two issuer processes sharing one PostgreSQL database (and Redis) issue credentials at the same time: every credential carries its
/// own status entry, never one the other process handed out, and each is recorded before its response (draft-ietf-oauth-status-list-20
/// §13.2; the group commit of docs/performance.md). Lists of 16 entries (Development) make the processes fill lists and race for
/// the last indices. Skipped without IDENTITY_TEST_POSTGRES and IDENTITY_TEST_REDIS.
/// </summary>
public sealed class CredentialIssuanceAcrossProcessesTests
{
    private const int Requests = 40;

    private static readonly Dictionary<string, string?> Settings = new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["StatusLists__Size"] = "16",
        // Status list URIs must be https; the loopback processes speak http, and nothing here fetches the list.
        ["StatusLists__BaseUri"] = "https://localhost",
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_issuance_at_two_processes_on_PostgreSQL_gives_every_credential_its_own_recorded_status_entry()
    {
        TestEnvironment.PostgresOrSkip();
        await using var cluster = await IssuerCluster.StartAsync(2, SharedDatabase.PostgreSql, extraSettings: Settings, cancellationToken: Token);
        var (a, b) = (cluster[0].BaseAddress, cluster[1].BaseAddress);
        using var browser = new ScriptedBrowser();
        var (link, txCode) = await AttestationsPage.RequestOfferAsync(browser, a, OidcClient.DemoUsername, OidcClient.DemoPassword, Token);
        using var first = new ScriptedWallet();
        var offer = await first.ResolveOfferAsync(a, link, Token);
        var accessToken = await first.RedeemAsync(a, offer, txCode, Token);

        // Half the requests at each process, all at once; each wallet has its own holder key and nonce.
        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            var server = i % 2 == 0 ? a : b;
            using var wallet = new ScriptedWallet();
            var proof = wallet.Proof(offer.CredentialIssuer, await wallet.NonceAsync(server, Token));
            return await wallet.RequestCredentialAsync(server, accessToken, offer.ConfigurationId, proof, Token);
        }));

        Assert.All(responses, r => Assert.True(r.Status == 200, $"{r.Body.ToJsonString()}{Environment.NewLine}{cluster.Output}"));
        var entries = responses.Select(r => StatusEntry(r.Body["credentials"]![0]!["credential"]!.GetValue<string>())).ToList();
        Assert.Equal(Requests, entries.Distinct().Count());
        // 40 entries in lists of 16: at least three lists were filled or opened.
        Assert.True(entries.Select(e => e.Uri).Distinct().Count() >= 3);

        await using var connection = PostgresDatabases.Open(cluster.PostgresDatabase!);
        await connection.OpenAsync(Token);
        var recorded = new HashSet<(string Uri, int Index)>();
        await using (var command = new NpgsqlCommand("""SELECT "StatusListId", "StatusIndex" FROM "IssuedCredentials" """, connection))
        await using (var reader = await command.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
            {
                recorded.Add(("https://localhost/status-lists/" + reader.GetString(0), reader.GetInt32(1)));
            }
        }

        Assert.Equal(entries.ToHashSet(), recorded);
    }

    /// <summary>The <c>status.status_list</c> of an issued SD-JWT VC (its Issuer-signed JWT payload).</summary>
    private static (string Uri, int Index) StatusEntry(string sdJwt)
    {
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(sdJwt.Split('~')[0].Split('.')[1])))!;
        var list = payload["status"]!["status_list"]!;
        return (list["uri"]!.GetValue<string>(), list["idx"]!.GetValue<int>());
    }
}
