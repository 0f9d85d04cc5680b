using Microsoft.EntityFrameworkCore;

namespace Identity.Issuer.Data;

/// <summary>
/// Durable state of the provider: OpenIddict applications, authorizations, scopes and tokens, plus the entities of each feature
/// folder, which declare themselves through <see cref="IEntityTypeConfiguration{TEntity}"/> classes in this assembly.
/// </summary>
/// <remarks>
/// The application queries through this type on either provider. Schema changes go through the provider-specific subclasses
/// <see cref="SqliteIssuerDbContext"/> and <see cref="PostgreSqlIssuerDbContext"/>, which only carry their own migration sets.
/// </remarks>
internal class IssuerDbContext : DbContext
{
    public IssuerDbContext(DbContextOptions<IssuerDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific migration contexts, which reuse the application's options.</summary>
    protected IssuerDbContext(DbContextOptions options)
        : base(options)
    {
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(IssuerDbContext).Assembly);
    }
}
