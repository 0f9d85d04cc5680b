using Identity.Issuer.Data;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Issuer.Tests.Data;

/// <summary>The migration step as the issuer runs it at startup, configured through Database:* settings.</summary>
public sealed class MigrationStartupTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "issuer-tests", Guid.NewGuid().ToString("N"));

    private static async Task<string> StartupFailureAsync(Action<IssuerServerOptions> configure)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await IssuerServer.CreateServerAsync(configure);
        });
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is InvalidOperationException { Message: var message } && message.StartsWith("DATABASE_", StringComparison.Ordinal))
            {
                return message;
            }
        }

        throw new Xunit.Sdk.XunitException("Expected a database startup error, got " + exception);
    }

    [Fact]
    public async Task First_start_migrates_the_embedded_database_to_the_last_migration()
    {
        await using var server = await IssuerServer.CreateServerAsync(options => options.DataPath = _dataPath);

        await using var scope = server.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Database;
        await using var migrations = new SqliteIssuerDbContext(scope.ServiceProvider.GetRequiredService<DbContextOptions<IssuerDbContext>>());
        Assert.Equal(migrations.Database.GetMigrations(), await database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task ApplyMigrations_false_stops_the_start_on_a_database_that_is_behind()
    {
        var message = await StartupFailureAsync(options =>
        {
            options.DataPath = _dataPath;
            options.Settings["Database:ApplyMigrations"] = "false";
        });

        Assert.StartsWith(DatabaseMigrator.MigrationsPending + ":", message, StringComparison.Ordinal);
        Assert.Contains("dotnet ef database update", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyMigrations_false_starts_once_the_database_is_up_to_date()
    {
        await (await IssuerServer.CreateServerAsync(options => options.DataPath = _dataPath)).DisposeAsync();

        await using var server = await IssuerServer.CreateServerAsync(options =>
        {
            options.DataPath = _dataPath;
            options.Settings["Database:ApplyMigrations"] = "false";
        });

        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.CreateClient().GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_data_folder_from_before_migrations_stops_the_start_with_what_to_do()
    {
        Directory.CreateDirectory(_dataPath);
        var options = new DbContextOptionsBuilder<IssuerDbContext>();
        IssuerDatabase.Configure(options, IssuerDatabase.Sqlite, IssuerDatabase.SqliteConnectionString(Path.Combine(_dataPath, "issuer.db")));
        await using (var legacy = new IssuerDbContext(options.Options))
        {
            await legacy.Database.EnsureCreatedAsync();
        }

        var message = await StartupFailureAsync(server => server.DataPath = _dataPath);

        Assert.StartsWith(DatabaseMigrator.SchemaWithoutHistory + ":", message, StringComparison.Ordinal);
        Assert.Contains("issuer.db", message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(_dataPath))
            {
                Directory.Delete(_dataPath, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind.
        }
    }
}
