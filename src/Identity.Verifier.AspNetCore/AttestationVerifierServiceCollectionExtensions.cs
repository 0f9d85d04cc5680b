using Identity.Verifier.Oid4Vp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Identity.Verifier.AspNetCore;

/// <summary>Registers the relying-party verifier in an ASP.NET Core application.</summary>
public static class AttestationVerifierServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the verifier uses (automatic redirects off, no cookies).</summary>
    public const string HttpClientName = "Identity.Verifier";

    /// <summary>
    /// Registers <see cref="AttestationVerifier"/>, <see cref="OpenId4VpVerifier"/> and an in-memory
    /// <see cref="IPresentationRequestStore"/> (replace it with a shared store when running several replicas).
    /// Every <see cref="IIssuerTrustSource"/> registered in the container is added to the verifier's trust sources.
    /// Options are validated when the application starts, with messages that name the fix. Safe to call twice.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddAttestationVerifier(options =>
    /// {
    ///     options.Verifier.TrustedIssuers.Add(new TrustedIssuer("https://issuer.example.gouv.qc.ca"));
    ///     options.OpenId4Vp.ResponseUri = new Uri("https://rp.example.ca/vp/response");
    /// });
    /// app.MapAttestationResponse("/vp/response");
    /// </code>
    /// </example>
    public static IServiceCollection AddAttestationVerifier(this IServiceCollection services, Action<AttestationVerifierServiceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<AttestationVerifierServiceOptions>().Configure(configure).ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(AttestationVerifierMarker)))
        {
            return services;
        }

        services.AddSingleton<AttestationVerifierMarker>();

        // Trust sources registered in DI (for example the interop gateway's trust list) join the configured ones.
        services.AddOptions<AttestationVerifierServiceOptions>().PostConfigure<IEnumerable<IIssuerTrustSource>>((options, sources) =>
        {
            foreach (var source in sources)
            {
                if (!options.Verifier.TrustSources.Contains(source))
                {
                    options.Verifier.TrustSources.Add(source);
                }
            }
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AttestationVerifierServiceOptions>, AttestationVerifierOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            // The verifier follows at most one same-host redirect itself and refuses the rest.
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });
        services.TryAddSingleton<IPresentationRequestStore>(sp => new InMemoryPresentationRequestStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new AttestationVerifier(
            sp.GetRequiredService<IOptions<AttestationVerifierServiceOptions>>().Value.Verifier,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new OpenId4VpVerifier(
            sp.GetRequiredService<AttestationVerifier>(),
            sp.GetRequiredService<IOptions<AttestationVerifierServiceOptions>>().Value.OpenId4Vp,
            sp.GetRequiredService<IPresentationRequestStore>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Marks that the services are registered, so a second call only adds its configuration.</summary>
    private sealed class AttestationVerifierMarker;
}

/// <summary>Runs both options' own validation at startup (ValidateOnStart).</summary>
internal sealed class AttestationVerifierOptionsValidator : IValidateOptions<AttestationVerifierServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, AttestationVerifierServiceOptions options)
    {
        var problems = options.Verifier.Validate().Concat(options.OpenId4Vp.Validate()).ToList();
        if (options.MaxResponseBodyBytes is < 1024 or > 8 * 1024 * 1024)
        {
            problems.Add("MaxResponseBodyBytes must be between 1 KiB and 8 MiB.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
