using Identity.Issuer.Data;
using Npgsql;

namespace Identity.Issuer.Tests.Data;

/// <summary>
/// The PostgreSQL migration set, on fresh databases of the server in IDENTITY_TEST_POSTGRES (as in CI); the cases that need
/// a server are skipped with the reason when it is not set. The model check needs no server and always runs.
/// </summary>
public sealed class PostgreSqlMigrationTests : MigrationContract
{
    private readonly List<string> _databases = [];

    private protected override string Provider => IssuerDatabase.PostgreSql;

    private protected override string OfflineConnectionString => "Host=localhost;Database=identity_model_only";

    private protected override string NewDatabase()
    {
        var server = Environment.GetEnvironmentVariable("IDENTITY_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrEmpty(server), "IDENTITY_TEST_POSTGRES is not set (the CI script starts PostgreSQL and sets it).");
        var name = "issuer_migrations_" + Guid.NewGuid().ToString("N");
        _databases.Add(name);
        // The migrator creates the database itself, as it does for an operator who points the issuer at an empty server.
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_databases.Count == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("IDENTITY_TEST_POSTGRES"));
        await connection.OpenAsync();
        foreach (var name in _databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
