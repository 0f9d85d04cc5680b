using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Identity.Issuer.Data;

/// <summary>
/// Sets <c>busy_timeout</c> once per physical connection (Microsoft.Data.Sqlite pools them), so that a writer of another process
/// waits for SQLite's write lock inside SQLite, in short steps, instead of in Microsoft.Data.Sqlite's own retry, which sleeps
/// 150 ms per attempt. Writers of this process queue in <see cref="SqliteWriteGate"/> first. The journal mode is
/// <see cref="SqliteJournal"/>'s.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout=10000;";

    private readonly ConditionalWeakTable<sqlite3, object> _configured = new();

    public static SqliteBusyTimeout Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragma(connection) is { } sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsPragma(connection) is { } sqlite)
        {
            await using var command = sqlite.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    // A handle seen before is already configured.
    private SqliteConnection? NeedsPragma(DbConnection connection)
        => connection is SqliteConnection { Handle: { } handle } sqlite && _configured.TryAdd(handle, this) ? sqlite : null;
}
