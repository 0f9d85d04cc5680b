using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Identity.Issuer.Data;

/// <summary>
/// EF Core's SQLite migration lock is a row in <c>__EFMigrationsLock</c>, deleted when the migrating process finishes. A process
/// killed while migrating leaves the row behind and EF then waits for it forever, silently. This waits a bounded time instead
/// and stops the start with the way out. (PostgreSQL's lock is a table lock that ends with its transaction: it cannot go stale.)
/// </summary>
internal static class SqliteMigrationLock
{
    public const string TableName = "__EFMigrationsLock";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task WaitUntilFreeAsync(IssuerDbContext context, TimeProvider time, TimeSpan wait, ILogger logger, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        var warned = false;
        while (await ReadHolderAsync(context, cancellationToken) is { } since)
        {
            if (time.GetUtcNow() >= deadline)
            {
                throw new InvalidOperationException(
                    $"{DatabaseMigrator.MigrationLockHeld}: the SQLite migration lock (a row in {TableName}, taken at {since}) was still held " +
                    $"after {wait}. Either another issuer process on this data folder is migrating, or a start was stopped while migrating " +
                    $"and left the lock behind. If no other issuer process uses this database, delete the row (sqlite3 issuer.db " +
                    $"'DELETE FROM \"{TableName}\"') and start again; see docs/database.md.");
            }

            if (!warned)
            {
                logger.LogWarning("Waiting for the SQLite migration lock taken at {Since} (at most {Wait})", since, wait);
                warned = true;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>When the lock was taken, or null when nobody holds it.</summary>
    private static async Task<string?> ReadHolderAsync(IssuerDbContext context, CancellationToken cancellationToken)
    {
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{TableName}'";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }

            command.CommandText = $"SELECT \"Timestamp\" FROM \"{TableName}\" LIMIT 1";
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}
