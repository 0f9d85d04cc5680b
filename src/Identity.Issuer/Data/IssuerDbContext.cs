using Microsoft.EntityFrameworkCore;

namespace Identity.Issuer.Data;

/// <summary>Durable state of the provider: OpenIddict applications, authorizations, scopes and tokens.</summary>
internal sealed class IssuerDbContext(DbContextOptions<IssuerDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
    }
}
