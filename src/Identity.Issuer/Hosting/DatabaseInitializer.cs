using Identity.Issuer.Configuration;
using Identity.Issuer.Data;
using Identity.Issuer.Keys;
using Identity.Issuer.Oidc;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Identity.Issuer.Hosting;

/// <summary>
/// Creates the keys and the schema on first run (EnsureCreated: no migrations yet, so a schema change needs a fresh database) and
/// seeds the demonstration clients when Issuer:SeedDemoData is on. Keys are loaded here so that a bad key file stops the start.
/// </summary>
internal sealed class DatabaseInitializer(IServiceProvider services, IOptions<IssuerOptions> options, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<KeyMaterial>();
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
        if (await context.Database.EnsureCreatedAsync(cancellationToken))
        {
            logger.LogInformation("Created the issuer database schema");
        }

        if (options.Value.SeedDemoData)
        {
            await DemoClients.SeedAsync(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
