using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Identity.Issuer.Data;

/// <summary>
/// SQLite in write-ahead-log mode with full sync (sqlite.org/wal.html, sqlite.org/pragma.html#pragma_synchronous). WAL lets readers
/// run while one writer commits, and a commit is one append plus one fsync of the log instead of the rollback journal's several.
/// <c>synchronous=FULL</c> is kept on purpose: with NORMAL a power loss may roll back the last commits, and a credential whose
/// record or status entry were lost after it was sent could never be revoked (or its index would be handed out again). The group
/// commit of issuance (<c>IssuanceWriter</c>) is what makes full sync affordable.
/// </summary>
internal sealed class SqliteJournal : DbConnectionInterceptor
{
    public static readonly SqliteJournal Instance = new();

    // journal_mode=WAL is persistent in the database file: set once per file and process.
    private readonly ConcurrentDictionary<string, bool> _walSet = new(StringComparer.Ordinal);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return;
        }

        using var command = sqlite.CreateCommand();
        var file = sqlite.DataSource;
        var needsWal = !_walSet.ContainsKey(file);
        command.CommandText = needsWal ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" : "PRAGMA synchronous=FULL;";
        try
        {
            command.ExecuteNonQuery();
            if (needsWal)
            {
                _walSet[file] = true;
            }
        }
        catch (SqliteException) when (needsWal)
        {
            // Another connection held the file while the mode was switched; the next connection tries again.
        }
    }
}
