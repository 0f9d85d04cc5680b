using Identity.Issuer.Configuration;
using Identity.Issuer.Data;
using Identity.Issuer.Keys;
using Identity.Issuer.Oidc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Identity.Issuer.Hosting;

/// <summary>
/// Loads the keys, brings the schema up to date (EF Core migrations, see <see cref="DatabaseMigrator"/>) and seeds the
/// demonstration clients when Issuer:SeedDemoData is on. Runs before the server listens: a bad key file or a database that
/// cannot be upgraded stops the start.
/// </summary>
internal sealed class DatabaseInitializer(IServiceProvider services, IOptions<IssuerOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<KeyMaterial>();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        if (options.Value.SeedDemoData)
        {
            await SeedDemoClientsAsync(cancellationToken);
        }
    }

    private Task SeedDemoClientsAsync(CancellationToken cancellationToken)
        => SeedClientsAsync(services, DemoClients.SeedAsync, cancellationToken);

    /// <summary>
    /// Runs a seeding step that creates clients only when missing, again in a fresh scope when it loses a race: replicas started
    /// together on an empty database may both find a client missing, and the second insert then fails on the unique client_id.
    /// Looking again finds the client the other replica made.
    /// </summary>
    internal static async Task SeedClientsAsync(
        IServiceProvider services, Func<IOpenIddictApplicationManager, CancellationToken, Task> seed, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // A fresh scope each time: a failed insert stays tracked by the previous context.
            await using var scope = services.CreateAsyncScope();
            try
            {
                await seed(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), cancellationToken);
                return;
            }
            catch (Exception exception) when (attempt < 5 && exception is DbUpdateException or OpenIddictExceptions.ValidationException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
