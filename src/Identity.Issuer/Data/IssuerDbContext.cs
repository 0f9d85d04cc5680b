using Microsoft.EntityFrameworkCore;

namespace Identity.Issuer.Data;

/// <summary>
/// Durable state of the provider: OpenIddict applications, authorizations, scopes and tokens, plus the entities of each feature
/// folder, which declare themselves through <see cref="IEntityTypeConfiguration{TEntity}"/> classes in this assembly.
/// </summary>
internal sealed class IssuerDbContext(DbContextOptions<IssuerDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(IssuerDbContext).Assembly);
    }
}
