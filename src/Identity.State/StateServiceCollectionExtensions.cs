using Identity.State.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Identity.State;

/// <summary>Registers the shared ephemeral state.</summary>
public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEphemeralStore"/>, <see cref="IReplayCache"/> and <see cref="IAttemptCounter"/>: in-process
    /// by default. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddIdentityState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InMemoryState>();
        services.TryAddSingleton<IEphemeralStore>(sp => sp.GetRequiredService<InMemoryState>());
        services.TryAddSingleton<IReplayCache>(sp => sp.GetRequiredService<InMemoryState>());
        services.TryAddSingleton<IAttemptCounter>(sp => sp.GetRequiredService<InMemoryState>());
        return services;
    }
}
