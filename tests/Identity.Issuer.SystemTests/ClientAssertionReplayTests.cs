using System.Text.Json;
using Identity.Issuer.SystemTests.Flow;
using Identity.Issuer.SystemTests.Hosting;
using Npgsql;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// A client assertion used at replica A is refused at replica B (RFC 7523 §3 item 7: a jti is used once), because the
/// replay cache is shared through Redis. The private_key_jwt client is registered directly in the shared PostgreSQL
/// database, as an operator's tooling would; the issuer seeds none.
/// </summary>
public sealed class ClientAssertionReplayTests
{
    private const string ClientId = "system-test-pkjwt";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_assertion_used_at_A_is_refused_at_B_and_a_fresh_one_is_accepted()
    {
        TestEnvironment.PostgresOrSkip();
        await using var cluster = await IssuerCluster.StartAsync(2, SharedDatabase.PostgreSql, cancellationToken: Token);
        using var client = new ClientAssertion(ClientId);
        await RegisterAsync(cluster.PostgresDatabase!, client);
        // draft-ietf-oauth-rfc7523bis: the audience of a typed client assertion is the issuer identifier.
        var audience = cluster.Issuer;

        var assertion = client.Create(audience);
        var (first, firstBody) = await TokenAsync(cluster[0].BaseAddress, assertion);
        Assert.True(first == 200, $"{firstBody}{Environment.NewLine}{cluster.Output}");

        var (replayAtB, replayBody) = await TokenAsync(cluster[1].BaseAddress, assertion);
        Assert.Contains(replayAtB, new[] { 400, 401 }); // RFC 6749 §5.2: invalid_client is 400, or 401 with a challenge
        Assert.Equal("invalid_client", replayBody.GetProperty("error").GetString());
        Assert.Contains("CLIENT_ASSERTION_REPLAYED", replayBody.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        var (fresh, freshBody) = await TokenAsync(cluster[1].BaseAddress, client.Create(audience));
        Assert.True(fresh == 200, freshBody.ToString());
    }

    [Fact]
    public async Task Control_without_a_shared_Redis_replica_B_cannot_know_what_A_saw()
    {
        // Shows the test above can fail: with in-process state each replica has its own replay cache. This is why
        // DESIGN §5 requires Redis as soon as there is more than one replica.
        TestEnvironment.PostgresOrSkip();
        await using var cluster = await IssuerCluster.StartAsync(2, SharedDatabase.PostgreSql, useRedis: false, cancellationToken: Token);
        using var client = new ClientAssertion(ClientId);
        await RegisterAsync(cluster.PostgresDatabase!, client);
        var assertion = client.Create(cluster.Issuer);

        Assert.Equal(200, (await TokenAsync(cluster[0].BaseAddress, assertion)).Status);
        Assert.Equal(200, (await TokenAsync(cluster[1].BaseAddress, assertion)).Status);
        Assert.NotEqual(200, (await TokenAsync(cluster[1].BaseAddress, assertion)).Status);
    }

    private static async Task<(int Status, JsonElement Body)> TokenAsync(Uri server, string assertion)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(server, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
        }), Token);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.Clone());
    }

    private static async Task RegisterAsync(string database, ClientAssertion client)
    {
        await using var connection = PostgresDatabases.Open(database);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO "OpenIddictApplications" ("Id", "ApplicationType", "ClientId", "ClientType", "ConcurrencyToken", "DisplayName", "JsonWebKeySet", "Permissions")
            VALUES (@id, 'web', @clientId, 'confidential', @token, 'System test machine client', @jwks, '["ept:token","gt:client_credentials"]')
            """,
            connection);
        command.Parameters.AddWithValue("id", Guid.NewGuid().ToString());
        command.Parameters.AddWithValue("clientId", client.ClientId);
        command.Parameters.AddWithValue("token", Guid.NewGuid().ToString());
        command.Parameters.AddWithValue("jwks", client.JsonWebKeySet());
        await command.ExecuteNonQueryAsync(Token);
    }
}
