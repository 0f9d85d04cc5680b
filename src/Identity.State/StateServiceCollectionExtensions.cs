using Identity.State.InMemory;
using Identity.State.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Identity.State;

/// <summary>Registers the shared ephemeral state.</summary>
public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEphemeralStore"/>, <see cref="IReplayCache"/> and <see cref="IAttemptCounter"/>: on Redis when
    /// <c>Redis:Configuration</c> is set (keys prefixed with <c>Redis:InstanceName</c>, options validated at startup),
    /// in-process otherwise. Safe to call twice: the first registration wins.
    /// </summary>
    /// <example>
    /// <code>
    /// // appsettings.json: { "Redis": { "Configuration": "127.0.0.1:6379", "InstanceName": "identity-issuer:" } }
    /// builder.Services.AddIdentityState(builder.Configuration);
    /// </code>
    /// </example>
    public static IServiceCollection AddIdentityState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        if (RedisStateOptions.IsConfigured(configuration))
        {
            AddRedisConnection(services, configuration);
            services.TryAddSingleton<RedisState>();
            services.TryAddSingleton<IEphemeralStore>(sp => sp.GetRequiredService<RedisState>());
            services.TryAddSingleton<IReplayCache>(sp => sp.GetRequiredService<RedisState>());
            services.TryAddSingleton<IAttemptCounter>(sp => sp.GetRequiredService<RedisState>());
        }
        else
        {
            services.TryAddSingleton<InMemoryState>();
            services.TryAddSingleton<IEphemeralStore>(sp => sp.GetRequiredService<InMemoryState>());
            services.TryAddSingleton<IReplayCache>(sp => sp.GetRequiredService<InMemoryState>());
            services.TryAddSingleton<IAttemptCounter>(sp => sp.GetRequiredService<InMemoryState>());
        }

        return services;
    }

    /// <summary>Registers the process's single Redis connection and its validated options (idempotent).</summary>
    internal static void AddRedisConnection(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(RedisConnection)))
        {
            return;
        }

        services.AddOptions<RedisStateOptions>().Bind(configuration.GetSection(RedisStateOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStateOptions>, RedisStateOptionsValidator>());
        services.AddSingleton<RedisConnection>();
    }
}
