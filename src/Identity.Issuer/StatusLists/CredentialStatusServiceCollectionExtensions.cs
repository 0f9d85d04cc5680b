using Identity.Issuer.Admin;
using Identity.Issuer.Attestations;
using Identity.Issuer.Configuration;
using Identity.Issuer.Hosting;
using Identity.Issuer.Keys;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Validation;

namespace Identity.Issuer.StatusLists;

/// <summary>Registers status lists, the status list token endpoint, the admin API and its audit.</summary>
internal static class CredentialStatusServiceCollectionExtensions
{
    public static IServiceCollection AddCredentialStatus(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(CredentialStatusService)))
        {
            return services;
        }

        services.AddOptions<StatusListOptions>().Bind(configuration.GetSection(StatusListOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StatusListOptions>, StatusListOptionsValidator>());
        services.TryAddSingleton<IStatusListSigningKey, CredentialStatusListSigningKey>();
        services.TryAddSingleton<StatusListTokenService>();
        services.TryAddSingleton<StatusIndexPool>();
        services.TryAddSingleton<IssuanceWriter>();
        // A hosted service: started with the host, drained on shutdown, and reported by /health when its loop fails.
        services.AddHostedService(provider => provider.GetRequiredService<IssuanceWriter>());
        services.AddHealthChecks().AddCheck<IssuanceWriter>("issuance-writer");
        services.TryAddScoped<StatusListAllocator>();
        services.TryAddScoped<IStatusListAllocator>(provider => provider.GetRequiredService<StatusListAllocator>());
        services.TryAddScoped<CredentialStatusService>();
        services.AddHostedService<AdminClientSeeder>();

        // The admin scope, and bearer validation of this server's own access tokens for the admin API.
        services.AddOpenIddict()
            .AddServer(options => options.RegisterScopes(AdminClients.Scope))
            .AddValidation(options =>
            {
                options.UseLocalServer();
                options.UseAspNetCore();
            });
        services.AddOptions<OpenIddictValidationOptions>().Configure<TimeProvider>((options, time) => options.TimeProvider = time);
        return services;
    }

    public static WebApplication MapCredentialStatus(this WebApplication app)
    {
        app.MapStatusListEndpoints();
        app.MapAdminEndpoints();
        return app;
    }

    /// <summary>Seeds the demonstration admin client after the schema exists (hosted services start in registration order).</summary>
    private sealed class AdminClientSeeder(IServiceProvider services, IOptions<IssuerOptions> options, DataFolder folder) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (!options.Value.SeedDemoData)
            {
                return;
            }

            await DatabaseInitializer.SeedClientsAsync(
                services, (applications, token) => AdminClients.SeedAsync(applications, folder, token), cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
