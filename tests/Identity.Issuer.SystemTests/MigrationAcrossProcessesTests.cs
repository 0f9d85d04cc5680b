using Identity.Issuer.SystemTests.Hosting;
using Microsoft.Data.Sqlite;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// Replicas rolled out together on an empty database: every process applies the migrations at startup, EF Core's migration
/// lock lets one of them do it, and all of them start. Demo seeding is off: the seeders are separate hosted services with their
/// own check-then-insert races (the admin client seeder can still lose one), not part of the schema step under test.
/// </summary>
public sealed class MigrationAcrossProcessesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // Without demo mode, production needs a citizen registry; it is only named here (no login happens).
    private static readonly Dictionary<string, string?> NoSeed = new()
    {
        ["Issuer__SeedDemoData"] = "false",
        ["Citizens__Registry__BaseUri"] = "https://registry.invalid/",
    };

    [Fact]
    public async Task Two_processes_started_together_on_an_empty_SQLite_data_folder_both_start_and_migrate_it_once()
    {
        await using var cluster = await IssuerCluster.StartAsync(2, SharedDatabase.Sqlite, useRedis: false, extraSettings: NoSeed, cancellationToken: Token, startTogether: true);
        var file = Path.Combine(cluster.DataFolder.FullName, "issuer.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await connection.OpenAsync(Token);

        var history = await ReadColumnAsync(connection, """SELECT "MigrationId" FROM "__EFMigrationsHistory" """);
        Assert.Contains(history, id => id.EndsWith("_InitialCreate", StringComparison.Ordinal));
        Assert.Equal(history.Count, history.Distinct(StringComparer.Ordinal).Count());
        // The lock is released: a third start would not wait.
        Assert.Empty(await ReadColumnAsync(connection, """SELECT "Id" FROM "__EFMigrationsLock" """));
        Assert.Equal(2, cluster.Processes.Count);
    }

    [Fact]
    public async Task Two_processes_started_together_on_an_empty_PostgreSQL_database_both_start_and_migrate_it_once()
    {
        TestEnvironment.PostgresOrSkip();
        await using var cluster = await IssuerCluster.StartAsync(2, SharedDatabase.PostgreSql, useRedis: false, extraSettings: NoSeed, cancellationToken: Token, startTogether: true);
        await using var connection = PostgresDatabases.Open(cluster.PostgresDatabase!);
        await connection.OpenAsync(Token);

        var history = await ReadColumnAsync(connection, """SELECT "MigrationId" FROM "__EFMigrationsHistory" """);
        Assert.Contains(history, id => id.EndsWith("_InitialCreate", StringComparison.Ordinal));
        Assert.Equal(history.Count, history.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(2, cluster.Processes.Count);
    }

    private static async Task<List<string>> ReadColumnAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Token);
        while (await reader.ReadAsync(Token))
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
