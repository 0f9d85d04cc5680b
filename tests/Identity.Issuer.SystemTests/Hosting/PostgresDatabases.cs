using Npgsql;

namespace Identity.Issuer.SystemTests.Hosting;

/// <summary>A fresh PostgreSQL database per run, on the server named by <c>IDENTITY_TEST_POSTGRES</c>, dropped afterwards.</summary>
internal static class PostgresDatabases
{
    public sealed record Created(string Database, string ConnectionString);

    public static async Task<Created> CreateAsync(CancellationToken cancellationToken)
    {
        var server = TestEnvironment.PostgresOrSkip();
        var database = "identity_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new Created(database, new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString);
    }

    public static NpgsqlConnection Open(string database)
        => new(new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresOrSkip()) { Database = database, Pooling = false }.ConnectionString);

    public static async Task DropAsync(string database)
    {
        var server = Environment.GetEnvironmentVariable(TestEnvironment.PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            return;
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        // WITH (FORCE) ends the killed issuers' leftover sessions (PostgreSQL 13+).
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
