using Identity.Issuer.Data;
using Microsoft.EntityFrameworkCore;
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

    [Fact]
    public async Task A_start_waits_for_the_whole_run_of_another_process()
    {
        var connectionString = NewDatabase();
        await using (var server = new NpgsqlConnection(Environment.GetEnvironmentVariable("IDENTITY_TEST_POSTGRES")))
        {
            await server.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\"", server);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Another process in the middle of its migration run.
        var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await other.OpenAsync(TestContext.Current.CancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", other))
        {
            take.Parameters.AddWithValue("key", PostgreSqlMigrationLock.Key);
            await take.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var start = Migrator(connectionString).MigrateAsync(TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.False(start.IsCompleted);
        await other.DisposeAsync(); // the other process ends: its session, and the lock, go with it

        await start.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await using var context = MigrationsContext(connectionString);
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
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
