using Identity.Issuer.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.Citizens;

/// <summary>
/// Chooses the citizen directory: the registry of <c>Citizens:Registry</c> when configured, else the synthetic citizens, which
/// exist only in the Development environment or in demo mode. Anything else refuses to start with a message that names the fix.
/// </summary>
internal static class CitizenDirectoryServiceCollectionExtensions
{
    public static IServiceCollection AddCitizenDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CitizenDirectoryOptions>().Bind(configuration.GetSection(CitizenDirectoryOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CitizenDirectoryOptions>, CitizenDirectoryOptionsValidator>());
        services.AddHttpClient(HttpCitizenDirectory.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(5),
            });
        services.TryAddSingleton<HttpCitizenDirectory>();
        services.TryAddSingleton<ICitizenDirectory>(Choose);
        services.AddHostedService<CitizenDirectoryStartupCheck>();
        return services;
    }

    private static ICitizenDirectory Choose(IServiceProvider provider)
    {
        if (provider.GetRequiredService<IOptions<CitizenDirectoryOptions>>().Value.Registry.IsConfigured)
        {
            return provider.GetRequiredService<HttpCitizenDirectory>();
        }

        var environment = provider.GetRequiredService<IHostEnvironment>();
        if (DemoMode.IsOn(environment, provider.GetRequiredService<IOptions<IssuerOptions>>().Value))
        {
            return new SeededCitizenDirectory();
        }

        throw new InvalidOperationException(
            "No citizen directory is configured: set Citizens:Registry:BaseUri to the civil registry's directory API " +
            "(docs/citizen-directory.md). The synthetic citizens exist only in the Development environment or in demo mode " +
            "(Issuer:SeedDemoData=true on a loopback Issuer:IssuerUri).");
    }

    /// <summary>Resolves the directory before the server listens, so a missing one stops the start instead of the first login.</summary>
    private sealed class CitizenDirectoryStartupCheck(
        IServiceProvider services, IHostEnvironment environment, ILogger<CitizenDirectoryStartupCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var directory = services.GetRequiredService<ICitizenDirectory>();
            if (directory is SeededCitizenDirectory && !environment.IsDevelopment())
            {
                logger.LogWarning(
                    "DEMO MODE in environment {Environment}: the synthetic citizens (public password) can sign in and receive credentials. " +
                    "Never expose this process beyond loopback; set Citizens:Registry:BaseUri and Issuer:SeedDemoData=false.",
                    environment.EnvironmentName);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Checks <c>Citizens:Registry</c> at startup.</summary>
internal sealed class CitizenDirectoryOptionsValidator(IHostEnvironment environment, IOptions<IssuerOptions> issuer) : IValidateOptions<CitizenDirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, CitizenDirectoryOptions options)
    {
        var registry = options.Registry;
        if (!registry.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!Uri.TryCreate(registry.BaseUri, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            failures.Add("Citizens:Registry:BaseUri must be an absolute URL without credentials, query or fragment, e.g. https://registre.example.gouv.qc.ca/identite/v1/.");
        }
        else if (uri.Scheme != Uri.UriSchemeHttps
            && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && (environment.IsDevelopment() || issuer.Value.AllowInsecureHttp)))
        {
            failures.Add("Citizens:Registry:BaseUri must use https (plain http only to a loopback host in Development or with Issuer:AllowInsecureHttp=true).");
        }

        if (registry.Timeout < TimeSpan.FromSeconds(1) || registry.Timeout > TimeSpan.FromSeconds(30))
        {
            failures.Add("Citizens:Registry:Timeout must be between 00:00:01 and 00:00:30 (e.g. 00:00:05).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
