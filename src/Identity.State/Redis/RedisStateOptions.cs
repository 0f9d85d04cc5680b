namespace Identity.State.Redis;

/// <summary>The <c>Redis</c> configuration section. Setting <see cref="Configuration"/> moves the shared state to Redis.</summary>
internal sealed class RedisStateOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379,password=...,ssl=true</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key this service writes, so several services (or environments) can share one Redis.</summary>
    public string InstanceName { get; set; } = "identity:";

    /// <summary>True when a Redis configuration string is present in <paramref name="configuration"/>.</summary>
    public static bool IsConfigured(Microsoft.Extensions.Configuration.IConfiguration configuration)
        => !string.IsNullOrWhiteSpace(configuration[SectionName + ":" + nameof(Configuration)]);
}
