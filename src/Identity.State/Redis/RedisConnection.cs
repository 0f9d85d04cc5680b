using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Identity.State.Redis;

/// <summary>
/// The one <see cref="ConnectionMultiplexer"/> of the process, shared by the state stores and the Data Protection key ring.
/// It connects asynchronously on first use and, unless <c>abortConnect=true</c> is configured, keeps retrying in the
/// background, so a service starts even while Redis restarts; operations made while Redis is unreachable fail with a
/// <see cref="RedisException"/> (fail closed).
/// </summary>
internal sealed class RedisConnection(IOptions<RedisStateOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private Task<ConnectionMultiplexer>? _connecting;

    /// <summary>The key prefix of this service.</summary>
    public string InstanceName => options.Value.InstanceName;

    /// <summary>The database, connecting first if needed. Never blocks a thread-pool thread while connecting.</summary>
    public ValueTask<IDatabase> GetDatabaseAsync()
    {
        var connecting = Connecting();
        return connecting.IsCompletedSuccessfully ? ValueTask.FromResult(connecting.Result.GetDatabase()) : AwaitDatabaseAsync(connecting);

        static async ValueTask<IDatabase> AwaitDatabaseAsync(Task<ConnectionMultiplexer> task) => (await task.ConfigureAwait(false)).GetDatabase();
    }

    /// <summary>The database for synchronous callers (the Data Protection key repository, which reads rarely).</summary>
    public IDatabase GetDatabase() => Connecting().GetAwaiter().GetResult().GetDatabase();

    public void Dispose()
    {
        lock (_gate)
        {
            if (_connecting is { IsCompletedSuccessfully: true })
            {
                _connecting.Result.Dispose();
            }
        }
    }

    private Task<ConnectionMultiplexer> Connecting()
    {
        var connecting = _connecting;
        if (connecting is not null && !connecting.IsFaulted && !connecting.IsCanceled)
        {
            return connecting;
        }

        lock (_gate)
        {
            // A failed first connection (abortConnect=true with Redis down) is retried by the next caller.
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectAsync(options.Value);
            }

            return _connecting;
        }
    }

    private static Task<ConnectionMultiplexer> ConnectAsync(RedisStateOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        // Unless the operator chose otherwise, start without Redis and reconnect in the background.
        if (!options.Configuration!.Contains("abortConnect", StringComparison.OrdinalIgnoreCase))
        {
            configuration.AbortOnConnectFail = false;
        }

        configuration.ClientName ??= "identity";
        return ConnectionMultiplexer.ConnectAsync(configuration);
    }
}
