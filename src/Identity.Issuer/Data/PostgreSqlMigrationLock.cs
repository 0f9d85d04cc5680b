using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Identity.Issuer.Data;

/// <summary>
/// Serialises whole migration runs of several issuer processes on one PostgreSQL database with a session-level advisory lock.
/// </summary>
/// <remarks>
/// EF Core's own PostgreSQL lock (<c>LOCK TABLE "__EFMigrationsHistory"</c>) lasts one migration transaction, and each migration
/// has its own transaction: with two pending migrations a replica that planned both can apply the second after another
/// replica already did (42P07 "already exists"; MigrationContract's concurrency case shows it). An advisory lock held on its
/// own session for the whole run closes that gap, and it cannot go stale: it ends with the session when a process dies.
/// </remarks>
internal static class PostgreSqlMigrationLock
{
    // Any fixed key does; it only has to differ from other advisory locks taken on this database ("IdIssuer" in ASCII).
    internal const long Key = 0x4964_4973_7375_6572;

    public static async Task<IAsyncDisposable> AcquireAsync(IssuerDbContext context, DbContextOptions options, CancellationToken cancellationToken)
    {
        // The lock lives in the database, so the database must exist first; creating it concurrently is safe (see below).
        await EnsureDatabaseExistsAsync(context.GetService<IRelationalDatabaseCreator>(), cancellationToken);

        // The configured string (with its password), not the opened connection's, which Npgsql strips of it.
        var connectionString = RelationalOptionsExtension.Extract(options).ConnectionString;
        // No pooling: closing the connection must end the session, and with it the lock.
        var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await session.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", session) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("key", Key);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private static async Task EnsureDatabaseExistsAsync(IRelationalDatabaseCreator creator, CancellationToken cancellationToken)
    {
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            // Npgsql's creator already ignores the race where both CREATE DATABASE run at once (23505).
            await creator.CreateAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another replica created it between the check and the CREATE DATABASE.
        }
    }
}
