using Identity.Issuer.SystemTests.Flow;
using Identity.Issuer.SystemTests.Hosting;
using Npgsql;

namespace Identity.Issuer.SystemTests;

/// <summary>The production database: issuer processes on a fresh PostgreSQL database (skipped when IDENTITY_TEST_POSTGRES is absent).</summary>
public sealed class PostgreSqlTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_process_creates_the_schema_and_seeds_the_clients_once_for_both()
    {
        TestEnvironment.PostgresOrSkip();
        await using var cluster = await IssuerCluster.StartAsync(2, SharedDatabase.PostgreSql, cancellationToken: Token);
        await using var connection = PostgresDatabases.Open(cluster.PostgresDatabase!);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("""SELECT "ClientId" FROM "OpenIddictApplications" ORDER BY "ClientId" """, connection);
        var clients = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
            {
                clients.Add(reader.GetString(0));
            }
        }

        // Each seeded client exactly once, although two processes started on an empty database.
        Assert.Equal(["demo-admin", "demo-rp", "demo-rp-partner", "demo-service", "demo-wallet"], clients);
    }

    [Fact]
    public async Task A_code_issued_by_A_on_PostgreSQL_is_redeemed_once_at_B_and_its_replay_revokes_what_it_granted()
    {
        TestEnvironment.PostgresOrSkip();
        await using var cluster = await IssuerCluster.StartAsync(2, SharedDatabase.PostgreSql, cancellationToken: Token);
        var (a, b) = (cluster[0].BaseAddress, cluster[1].BaseAddress);
        var client = OidcClient.Demo();
        using var browser = new ScriptedBrowser();
        var pending = await client.PushAsync(a, "openid profile", "fr-CA", Token);
        var outcome = await FrontChannel.AuthorizeAsync(browser, pending.AuthorizationUrl, OidcClient.DemoRedirectUri, OidcClient.DemoUsername, OidcClient.DemoPassword, Token);

        var (status, tokens) = await client.RedeemAsync(b, outcome.Code!, pending, Token);
        Assert.True(status == 200, tokens.ToString());
        var (again, error) = await client.RedeemAsync(a, outcome.Code!, pending, Token);
        Assert.Equal(400, again);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());

        await using var connection = PostgresDatabases.Open(cluster.PostgresDatabase!);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("""SELECT "Type", "Status" FROM "OpenIddictTokens" ORDER BY "CreationDate" """, connection);
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
            {
                rows.Add($"{reader.GetString(0)}:{reader.GetString(1)}");
            }
        }

        // RFC 6749 §4.1.2: a code used twice is refused and the tokens issued from it SHOULD be revoked; nothing stays valid.
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", rows));
        // OpenIddict stores each token type as a URN: the pushed request (RFC 9126), the code, and the tokens it granted.
        Assert.Contains("urn:openiddict:params:oauth:token-type:request_token:redeemed", rows);
        Assert.Contains("urn:openiddict:params:oauth:token-type:authorization_code:revoked", rows);
        Assert.Contains("urn:ietf:params:oauth:token-type:access_token:revoked", rows);
        Assert.DoesNotContain(rows, r => r.EndsWith(":valid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_credentials_work_at_both_processes_on_PostgreSQL()
    {
        TestEnvironment.PostgresOrSkip();
        await using var cluster = await IssuerCluster.StartAsync(2, SharedDatabase.PostgreSql, cancellationToken: Token);
        var service = new OidcClient("demo-service", "demo-service-secret", new Uri("http://unused.invalid/"));
        foreach (var process in cluster.Processes)
        {
            var (status, body) = await service.TokenAsync(process.BaseAddress, new() { ["grant_type"] = "client_credentials" }, Token);
            Assert.True(status == 200, body.ToString());
            Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        }
    }
}
