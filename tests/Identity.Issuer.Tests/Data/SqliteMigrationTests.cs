using Identity.Issuer.Data;
using Microsoft.Data.Sqlite;

namespace Identity.Issuer.Tests.Data;

/// <summary>The SQLite migration set, on files in a temporary folder (the embedded default store).</summary>
public sealed class SqliteMigrationTests : MigrationContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("issuer-migrations-").FullName;

    private protected override string Provider => IssuerDatabase.Sqlite;

    private protected override string OfflineConnectionString => "Data Source=:memory:";

    private protected override string NewDatabase()
        => IssuerDatabase.SqliteConnectionString(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db"));

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
