using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Identity.Issuer.Data;

// SQLite and PostgreSQL need different migration SQL, so each has its own migration set. EF Core's documented pattern for
// this ("Migrations with multiple providers", one context type per provider) keys a migration set to a context type through
// [DbContext(typeof(...))]; these subclasses exist only for that. They add nothing to the model.

/// <summary>Owns the SQLite migrations (Data/Migrations/Sqlite).</summary>
internal sealed class SqliteIssuerDbContext : IssuerDbContext
{
    public SqliteIssuerDbContext(DbContextOptions<SqliteIssuerDbContext> options)
        : base(options)
    {
    }

    /// <summary>Runs the migrations over the application's options.</summary>
    public SqliteIssuerDbContext(DbContextOptions<IssuerDbContext> options)
        : base((DbContextOptions)options)
    {
    }
}

/// <summary>Owns the PostgreSQL migrations (Data/Migrations/PostgreSql).</summary>
internal sealed class PostgreSqlIssuerDbContext : IssuerDbContext
{
    public PostgreSqlIssuerDbContext(DbContextOptions<PostgreSqlIssuerDbContext> options)
        : base(options)
    {
    }

    /// <summary>Runs the migrations over the application's options.</summary>
    public PostgreSqlIssuerDbContext(DbContextOptions<IssuerDbContext> options)
        : base((DbContextOptions)options)
    {
    }
}

/// <summary>
/// Lets <c>dotnet ef</c> build the SQLite context without starting the web host. The default database is the developer's
/// <c>.data/issuer.db</c> (relative to the working directory); <c>--connection</c> overrides it.
/// </summary>
internal sealed class SqliteIssuerDbContextFactory : IDesignTimeDbContextFactory<SqliteIssuerDbContext>
{
    public SqliteIssuerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteIssuerDbContext>();
        IssuerDatabase.Configure(options, IssuerDatabase.Sqlite, "Data Source=.data/issuer.db");
        return new SqliteIssuerDbContext(options.Options);
    }
}

/// <summary>
/// Lets <c>dotnet ef</c> build the PostgreSQL context without starting the web host. Adding a migration or writing a script
/// needs no server; <c>database update</c> and bundles take the real connection string with <c>--connection</c>.
/// </summary>
internal sealed class PostgreSqlIssuerDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlIssuerDbContext>
{
    public PostgreSqlIssuerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlIssuerDbContext>();
        IssuerDatabase.Configure(options, IssuerDatabase.PostgreSql, "Host=localhost;Database=identity;Username=identity");
        return new PostgreSqlIssuerDbContext(options.Options);
    }
}
