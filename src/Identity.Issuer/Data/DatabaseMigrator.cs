using Identity.Issuer.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Issuer.Data;

/// <summary>
/// Brings the schema to this build's last migration at startup, or, when <see cref="DatabaseOptions.ApplyMigrations"/> is off,
/// checks that an operator already did. Refuses a database created before migrations existed.
/// </summary>
/// <remarks>
/// Several replicas may start together on one database. SQLite: EF Core (9 and later) holds a row in <c>__EFMigrationsLock</c>
/// for the whole run (<see cref="SqliteMigrationLock"/> bounds the wait for a row left by a killed process). PostgreSQL: a
/// session advisory lock for the whole run (<see cref="PostgreSqlMigrationLock"/>). The later replica finds nothing to apply.
/// </remarks>
internal sealed class DatabaseMigrator(
    DbContextOptions<IssuerDbContext> contextOptions,
    IOptions<DatabaseOptions> options,
    TimeProvider time,
    ILogger<DatabaseMigrator> logger)
{
    /// <summary>Stable code at the start of the startup error for a database created by <c>EnsureCreated</c>.</summary>
    public const string SchemaWithoutHistory = "DATABASE_SCHEMA_WITHOUT_HISTORY";

    /// <summary>Stable code at the start of the startup error for a database behind this build with automatic migration off.</summary>
    public const string MigrationsPending = "DATABASE_MIGRATIONS_PENDING";

    /// <summary>Stable code at the start of the startup error for a SQLite migration lock held too long (see <see cref="SqliteMigrationLock"/>).</summary>
    public const string MigrationLockHeld = "DATABASE_MIGRATION_LOCK_HELD";

    /// <summary>How long a start waits for another process's SQLite migration lock. Migrating this schema takes seconds.</summary>
    public TimeSpan SqliteLockWait { get; init; } = TimeSpan.FromMinutes(2);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var database = options.Value;
        await using var context = IssuerDatabase.CreateMigrationsContext(contextOptions, database);
        if (!database.ApplyMigrations)
        {
            await CheckUpToDateAsync(context, database, cancellationToken);
            return;
        }

        // PostgreSQL: one run at a time for the whole run (EF Core's lock covers one migration at a time, see the lock's remarks).
        await using var serialised = context.Database.IsNpgsql()
            ? await PostgreSqlMigrationLock.AcquireAsync(context, contextOptions, cancellationToken)
            : null;
        if (await context.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
        {
            await RefuseSchemaWithoutHistoryAsync(context, cancellationToken);
            if (!context.Database.IsNpgsql())
            {
                await SqliteMigrationLock.WaitUntilFreeAsync(context, time, SqliteLockWait, logger, cancellationToken);
            }
        }

        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        WarnAboutUnknownMigrations(await context.Database.GetAppliedMigrationsAsync(cancellationToken), context.Database.GetMigrations());

        // Migrate takes EF Core's lock and re-reads the history under it, so a replica that lost the race applies nothing.
        await context.Database.MigrateAsync(cancellationToken);
        if (pending.Count > 0)
        {
            logger.LogInformation("Database schema checked: {Count} migration(s) were pending at start, now at {Migration}", pending.Count, pending[^1]);
        }
    }

    /// <summary>Automatic migration off: the schema belongs to an operator; only check that this build finds it complete.</summary>
    private async Task CheckUpToDateAsync(IssuerDbContext context, DatabaseOptions database, CancellationToken cancellationToken)
    {
        if (await context.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
        {
            await RefuseSchemaWithoutHistoryAsync(context, cancellationToken);
        }

        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"{MigrationsPending}: the {database.Provider} database is missing {pending.Count} migration(s) of this build " +
                $"({string.Join(", ", pending)}) and Database:ApplyMigrations is false. Upgrade it first (dotnet ef database update " +
                $"--context {context.GetType().Name} --connection ..., the migrations bundle, or the SQL script; see docs/database.md), " +
                "or set Database:ApplyMigrations=true.");
        }

        WarnAboutUnknownMigrations(await context.Database.GetAppliedMigrationsAsync(cancellationToken), context.Database.GetMigrations());
    }

    /// <summary>
    /// A database made by the former <c>EnsureCreated</c> start has the tables but no history: Migrate would try to create them
    /// again and fail halfway. Its schema cannot be matched to a migration safely (it is whatever that build had), so the start
    /// stops with what to do instead of guessing a baseline.
    /// </summary>
    private static async Task RefuseSchemaWithoutHistoryAsync(IssuerDbContext context, CancellationToken cancellationToken)
    {
        var applicationTable = context.Model.FindEntityType(typeof(OpenIddictEntityFrameworkCoreApplication))?.GetTableName() ?? "OpenIddictApplications";
        // One statement, so one snapshot. The history table is always created before any migration's tables, so a replica
        // migrating right now never looks like a database without history.
        var sql = context.Database.IsNpgsql()
            ? "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = @table) " +
              "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = @history)"
            : "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = @table) " +
              "AND NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = @history)";

        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            AddParameter(command, "table", applicationTable);
            AddParameter(command, "history", HistoryRepository.DefaultTableName);
            if (Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException(
                    $"{SchemaWithoutHistory}: the database has the issuer's tables but no {HistoryRepository.DefaultTableName} table: it was " +
                    "created by a build from before migrations (EnsureCreated), whose schema cannot be upgraded safely. It only ever held " +
                    "development data: delete it (the SQLite file issuer.db in the data folder, or drop and recreate the PostgreSQL " +
                    "database) and start again; the schema is then created by the migrations. See docs/database.md.");
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private void WarnAboutUnknownMigrations(IEnumerable<string> applied, IEnumerable<string> known)
    {
        var unknown = applied.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            // A rollback to an older build: it runs, but on a schema newer than it knows.
            logger.LogWarning("The database has {Count} migration(s) this build does not know (newest {Migration}): it was upgraded by a newer build", unknown.Count, unknown[^1]);
        }
    }
}
