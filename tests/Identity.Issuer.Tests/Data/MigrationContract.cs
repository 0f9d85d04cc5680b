using Identity.Issuer.Configuration;
using Identity.Issuer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Issuer.Tests.Data;

/// <summary>
/// What every provider's migration set must do. Each provider's test class supplies fresh databases; the cases are the same.
/// </summary>
public abstract class MigrationContract : IAsyncDisposable
{
    private protected abstract string Provider { get; }

    /// <summary>A connection string for building the model only; nothing connects to it.</summary>
    private protected abstract string OfflineConnectionString { get; }

    /// <summary>A connection string to a database that does not exist yet (skips the test when the provider is unavailable).</summary>
    private protected abstract string NewDatabase();

    public abstract ValueTask DisposeAsync();

    /// <summary>How one replica (a process of its own) connects to the shared database.</summary>
    private protected virtual string ReplicaConnectionString(string connectionString) => connectionString;

    private protected DatabaseOptions Settings(bool applyMigrations = true) => new() { Provider = Provider, ApplyMigrations = applyMigrations };

    private protected DbContextOptions<IssuerDbContext> ContextOptions(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<IssuerDbContext>();
        IssuerDatabase.Configure(builder, Provider, connectionString);
        return builder.Options;
    }

    private protected DatabaseMigrator Migrator(string connectionString, bool applyMigrations = true, TimeSpan? lockWait = null)
        => new(ContextOptions(connectionString), Microsoft.Extensions.Options.Options.Create(Settings(applyMigrations)), TimeProvider.System, NullLogger<DatabaseMigrator>.Instance)
        {
            SqliteLockWait = lockWait ?? TimeSpan.FromMinutes(2),
        };

    private protected IssuerDbContext MigrationsContext(string connectionString) => IssuerDatabase.CreateMigrationsContext(ContextOptions(connectionString), Settings());

    [Fact]
    public void Model_has_no_changes_without_a_migration()
    {
        using var context = MigrationsContext(OfflineConnectionString);

        // Fails when an entity or its configuration changed without a migration: run src/Identity.Issuer/Data/Migrations/add-migration.sh <Name>.
        Assert.False(context.Database.HasPendingModelChanges(), $"The {Provider} model differs from its last migration: run add-migration.sh <Name>.");
    }

    [Fact]
    public void Migration_set_is_not_empty_and_belongs_to_this_provider_only()
    {
        using var context = MigrationsContext(OfflineConnectionString);

        var migrations = context.Database.GetMigrations().ToList();
        Assert.NotEmpty(migrations);
        Assert.Contains(migrations, m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
        var assembly = context.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>();
        Assert.All(assembly.Migrations.Values, type => Assert.EndsWith("." + ProviderFolder, type.Namespace, StringComparison.Ordinal));
    }

    private string ProviderFolder => IssuerDatabase.IsPostgreSql(Provider) ? "PostgreSql" : "Sqlite";

    [Fact]
    public async Task Migrates_an_empty_database_to_the_last_migration()
    {
        var connectionString = NewDatabase();

        await Migrator(connectionString).MigrateAsync(TestContext.Current.CancellationToken);

        await using var context = MigrationsContext(connectionString);
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await context.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        // The schema is the one the application queries.
        Assert.Equal(0, await context.Set<OpenIddictEntityFrameworkCoreApplication>().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_second_start_on_a_migrated_database_applies_nothing_and_keeps_the_data()
    {
        var connectionString = NewDatabase();
        await Migrator(connectionString).MigrateAsync(TestContext.Current.CancellationToken);
        await using (var context = new IssuerDbContext(ContextOptions(connectionString)))
        {
            context.Add(new OpenIddictEntityFrameworkCoreApplication { ClientId = "kept-client" });
            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await Migrator(connectionString).MigrateAsync(TestContext.Current.CancellationToken);

        await using var after = new IssuerDbContext(ContextOptions(connectionString));
        Assert.Equal("kept-client", (await after.Set<OpenIddictEntityFrameworkCoreApplication>().SingleAsync(TestContext.Current.CancellationToken)).ClientId);
    }

    [Fact]
    public async Task Upgrades_a_database_at_the_first_migration_and_keeps_its_data()
    {
        var connectionString = NewDatabase();
        await using (var first = MigrationsContext(connectionString))
        {
            // The oldest schema a deployment can have; with a single migration this is the current one.
            await first.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(first.Database.GetMigrations().First(), TestContext.Current.CancellationToken);
            await first.Database.ExecuteSqlRawAsync(
                """INSERT INTO "OpenIddictApplications" ("Id", "ClientId", "ConcurrencyToken") VALUES ('old-app', 'old-client', 'token')""", TestContext.Current.CancellationToken);
        }

        await Migrator(connectionString).MigrateAsync(TestContext.Current.CancellationToken);

        await using var context = MigrationsContext(connectionString);
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal("old-client", (await context.Set<OpenIddictEntityFrameworkCoreApplication>().SingleAsync(TestContext.Current.CancellationToken)).ClientId);
    }

    [Fact]
    public async Task Refuses_a_database_created_by_EnsureCreated()
    {
        var connectionString = NewDatabase();
        await using (var legacy = new IssuerDbContext(ContextOptions(connectionString)))
        {
            Assert.True(await legacy.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken));
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(connectionString).MigrateAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith(DatabaseMigrator.SchemaWithoutHistory + ":", error.Message, StringComparison.Ordinal);
        await using var context = MigrationsContext(connectionString);
        Assert.Empty(await context.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Refuses_a_database_created_by_EnsureCreated_also_with_ApplyMigrations_off()
    {
        var connectionString = NewDatabase();
        await using (var legacy = new IssuerDbContext(ContextOptions(connectionString)))
        {
            await legacy.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(connectionString, applyMigrations: false).MigrateAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith(DatabaseMigrator.SchemaWithoutHistory + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_ApplyMigrations_off_refuses_a_database_that_is_behind_and_changes_nothing()
    {
        var connectionString = NewDatabase();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(connectionString, applyMigrations: false).MigrateAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith(DatabaseMigrator.MigrationsPending + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("_InitialCreate", error.Message, StringComparison.Ordinal);
        await using var context = MigrationsContext(connectionString);
        Assert.Empty(await context.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task With_ApplyMigrations_off_starts_on_a_database_an_operator_upgraded()
    {
        var connectionString = NewDatabase();
        await using (var operatorContext = MigrationsContext(connectionString))
        {
            await operatorContext.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        await Migrator(connectionString, applyMigrations: false).MigrateAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Concurrent_starts_on_one_empty_database_all_succeed_and_apply_each_migration_once()
    {
        var connectionString = NewDatabase();
        using var start = new ManualResetEventSlim();

        // Separate migrators (separate connections), released together, as replicas starting at once.
        var starts = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            await Migrator(ReplicaConnectionString(connectionString)).MigrateAsync(TestContext.Current.CancellationToken);
        })).ToList();
        start.Set();
        await Task.WhenAll(starts);

        await using var context = MigrationsContext(connectionString);
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await context.Set<OpenIddictEntityFrameworkCoreApplication>().CountAsync(TestContext.Current.CancellationToken));
    }
}
