using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Identity.Issuer.Data;

/// <summary>
/// Configures each physical connection to the embedded database once (Microsoft.Data.Sqlite pools them, and these settings
/// belong to the connection): a <c>busy_timeout</c>, the write-ahead log and full sync.
/// <list type="bullet">
/// <item><c>busy_timeout</c> makes a writer of another process wait for SQLite's write lock inside SQLite, in short steps,
/// instead of in Microsoft.Data.Sqlite's own retry, which sleeps 150 ms per attempt. Writers of this process queue in
/// <see cref="SqliteWriteGate"/> first. It comes first so that the mode switch below waits too.</item>
/// <item>WAL (sqlite.org/wal.html) lets readers run while one writer commits, and a commit is one append plus one fsync of the
/// log instead of the rollback journal's several. The mode is stored in the file; setting it again is a no-op.</item>
/// <item><c>synchronous=FULL</c> (sqlite.org/pragma.html#pragma_synchronous) is kept on purpose: with NORMAL a power loss may
/// roll back the last commits, and a credential whose record or status entry were lost after it was sent could never be
/// revoked (or its index would be handed out again). The group commit of issuance (<c>IssuanceWriter</c>) makes it affordable.</item>
/// </list>
/// </summary>
internal sealed class SqliteJournal : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";

    private readonly ConditionalWeakTable<sqlite3, object> _configured = new();

    public static SqliteJournal Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragmas(connection) is { } sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            _configured.AddOrUpdate(sqlite.Handle!, this);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsPragmas(connection) is { } sqlite)
        {
            await using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _configured.AddOrUpdate(sqlite.Handle!, this);
        }
    }

    // A handle is marked only after its pragmas ran: one whose switch failed (an exception to the caller) is configured on its next open.
    private SqliteConnection? NeedsPragmas(DbConnection connection)
        => connection is SqliteConnection { Handle: { } handle } sqlite && !_configured.TryGetValue(handle, out _) ? sqlite : null;
}
