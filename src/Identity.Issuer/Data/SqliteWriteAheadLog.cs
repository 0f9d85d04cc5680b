using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Identity.Issuer.Data;

/// <summary>
/// Puts the embedded SQLite database in write-ahead-log mode (https://sqlite.org/wal.html) with <c>synchronous=NORMAL</c>, once
/// per physical connection (Microsoft.Data.Sqlite pools them). WAL lets readers run while one writer commits, and with NORMAL a
/// commit appends to the log without waiting for the disk; the log is synced at each checkpoint. A committed transaction survives
/// a crash of the process; a power loss can lose the last transactions before the checkpoint, but never corrupts the database
/// (https://sqlite.org/pragma.html#pragma_synchronous). <c>busy_timeout</c> makes SQLite wait for the write lock in short steps
/// instead of Microsoft.Data.Sqlite's own retry, which sleeps 150 ms per attempt.
/// </summary>
internal sealed class SqliteWriteAheadLog : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

    private readonly ConditionalWeakTable<sqlite3, object> _configured = new();

    public static SqliteWriteAheadLog Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragmas(connection) is { } sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsPragmas(connection) is { } sqlite)
        {
            await using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private SqliteConnection? NeedsPragmas(DbConnection connection)
    {
        // In-memory databases have no log to write ahead; a handle seen before is already configured.
        return connection is SqliteConnection { Handle: { } handle } sqlite
            && !string.Equals(sqlite.DataSource, ":memory:", StringComparison.Ordinal)
            && _configured.TryAdd(handle, this)
            ? sqlite
            : null;
    }
}
