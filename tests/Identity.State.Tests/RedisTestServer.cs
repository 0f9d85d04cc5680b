using Identity.State.Redis;
using Microsoft.Extensions.Options;

namespace Identity.State.Tests;

/// <summary>The real Redis named by <c>IDENTITY_TEST_REDIS</c> (host:port); tests that need it are skipped, with the reason, when it is absent.</summary>
internal static class RedisTestServer
{
    public const string Variable = "IDENTITY_TEST_REDIS";

    /// <summary>The configuration string, or a skipped test.</summary>
    public static string ConfigurationOrSkip()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(value), $"{Variable} is not set: start redis-server and set it to host:port (CI uses 127.0.0.1:6390) to run the Redis tests.");
        return value!;
    }

    /// <summary>A key prefix no other test run uses, so tests share one Redis without seeing each other's keys.</summary>
    public static string UniqueInstanceName() => "test:" + Guid.NewGuid().ToString("N")[..12] + ":";

    public static RedisConnection Connect(string configuration, string instanceName)
        => new(Options.Create(new RedisStateOptions { Configuration = configuration, InstanceName = instanceName }));
}
