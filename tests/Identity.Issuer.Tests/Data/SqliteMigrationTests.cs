using Identity.Issuer.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Identity.Issuer.Tests.Data;

/// <summary>The SQLite migration set, on files in a temporary folder (the embedded default store).</summary>
public sealed class SqliteMigrationTests : MigrationContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("issuer-migrations-").FullName;

    private protected override string Provider => IssuerDatabase.Sqlite;

    private protected override string OfflineConnectionString => "Data Source=:memory:";

    private protected override string NewDatabase()
        => IssuerDatabase.SqliteConnectionString(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db"));

    /// <summary>
    /// Replicas are processes, each with its own page cache. Inside one process the application's shared cache would turn the
    /// contention into shared-cache schema locks between threads, which no pair of replicas meets (the system tests run real ones).
    /// </summary>
    private protected override string ReplicaConnectionString(string connectionString)
        => new SqliteConnectionStringBuilder(connectionString) { Cache = SqliteCacheMode.Default }.ConnectionString;

    /// <summary>What a start killed while migrating leaves behind: EF Core's lock row.</summary>
    private async Task<string> MigratedDatabaseWithLeftOverLockAsync()
    {
        var connectionString = NewDatabase();
        await Migrator(connectionString).MigrateAsync(TestContext.Current.CancellationToken);
        await using var context = MigrationsContext(connectionString);
        await context.Database.ExecuteSqlRawAsync(
            $"INSERT INTO \"{SqliteMigrationLock.TableName}\" (\"Id\", \"Timestamp\") VALUES (1, '2026-01-01 00:00:00+00:00')", TestContext.Current.CancellationToken);
        return connectionString;
    }

    [Fact]
    public async Task A_lock_left_by_a_killed_start_stops_the_next_start_with_the_way_out_instead_of_hanging()
    {
        var connectionString = await MigratedDatabaseWithLeftOverLockAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Migrator(connectionString, lockWait: TimeSpan.FromSeconds(1)).MigrateAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith(DatabaseMigrator.MigrationLockHeld + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("DELETE FROM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_waiting_for_the_lock_goes_on_once_it_is_released()
    {
        var connectionString = await MigratedDatabaseWithLeftOverLockAsync();
        var start = Migrator(connectionString, lockWait: TimeSpan.FromSeconds(30)).MigrateAsync(TestContext.Current.CancellationToken);

        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.False(start.IsCompleted);
        await using (var context = MigrationsContext(connectionString))
        {
            await context.Database.ExecuteSqlRawAsync($"DELETE FROM \"{SqliteMigrationLock.TableName}\"", TestContext.Current.CancellationToken);
        }

        await start.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind.
        }

        return ValueTask.CompletedTask;
    }
}
