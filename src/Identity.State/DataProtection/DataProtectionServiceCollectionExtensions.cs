using Identity.State.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.State;

/// <summary>Registers ASP.NET Core Data Protection so that every replica of a service shares one key ring.</summary>
public static class DataProtectionServiceCollectionExtensions
{
    /// <summary>The configuration key of an explicit folder for the key ring when Redis is not configured.</summary>
    public const string KeysPathKey = "DataProtection:KeysPath";

    /// <summary>
    /// Adds Data Protection with a fixed application name (replicas must share it to read each other's cookies and
    /// antiforgery tokens). Keys go to Redis under <c>&lt;Redis:InstanceName&gt;dataprotection-keys</c> through the same
    /// connection as <see cref="StateServiceCollectionExtensions.AddIdentityState"/> when <c>Redis:Configuration</c> is set;
    /// otherwise to the folder <c>DataProtection:KeysPath</c>, or <c>&lt;dataPath&gt;/data-protection</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="dataPath">The service's data folder, used when neither Redis nor <c>DataProtection:KeysPath</c> is configured.</param>
    /// <param name="applicationName">The Data Protection application discriminator shared by the replicas of one service.</param>
    /// <example><code>builder.Services.AddIdentityDataProtection(builder.Configuration, dataPath, "identity-issuer");</code></example>
    public static IServiceCollection AddIdentityDataProtection(this IServiceCollection services, IConfiguration configuration, string dataPath, string applicationName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationName);

        var builder = services.AddDataProtection().SetApplicationName(applicationName);
        if (RedisStateOptions.IsConfigured(configuration))
        {
            StateServiceCollectionExtensions.AddRedisConnection(services, configuration);
            // Configured through DI so the key ring uses the process's one multiplexer, connected on first use.
            services.AddOptions<KeyManagementOptions>().Configure<RedisConnection>((options, connection) =>
                options.XmlRepository = new RedisXmlRepository(connection.GetDatabase, connection.InstanceName + "dataprotection-keys"));
        }
        else
        {
            var folder = configuration[KeysPathKey];
            builder.PersistKeysToFileSystem(new DirectoryInfo(string.IsNullOrWhiteSpace(folder) ? Path.Combine(dataPath, "data-protection") : folder));
        }

        return services;
    }
}
