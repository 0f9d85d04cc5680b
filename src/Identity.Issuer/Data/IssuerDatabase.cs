using Identity.Issuer.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Identity.Issuer.Data;

/// <summary>
/// The one place that configures a context for a provider, shared by the application and the design-time factories, so that
/// the model <c>dotnet ef</c> diffs is exactly the model the application runs.
/// </summary>
internal static class IssuerDatabase
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";

    /// <summary>
    /// The connection string of the embedded database file (the application and the tests use the same one). No shared cache:
    /// the file runs in WAL mode (<see cref="SqliteJournal"/>), where each connection reads beside the writer, while a shared
    /// cache locks whole tables between this process's connections.
    /// </summary>
    public static string SqliteConnectionString(string file) => $"Data Source={file}";

    public static bool IsPostgreSql(string? provider) => string.Equals(provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <summary>Selects the provider and OpenIddict's entity mapping on <paramref name="options"/>.</summary>
    public static void Configure(DbContextOptionsBuilder options, string? provider, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (IsPostgreSql(provider))
        {
            options.UseNpgsql(connectionString);
        }
        else
        {
            options.UseSqlite(connectionString);
        }

        options.UseOpenIddict();
    }

    /// <summary>
    /// The context that owns the migrations of the configured provider, over the application's own options (same connection
    /// string, same model). Each subclass finds only the migrations marked with its own type.
    /// </summary>
    public static IssuerDbContext CreateMigrationsContext(DbContextOptions<IssuerDbContext> options, DatabaseOptions database)
        => IsPostgreSql(database.Provider) ? new PostgreSqlIssuerDbContext(options) : new SqliteIssuerDbContext(options);
}
