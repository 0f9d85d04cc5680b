using StackExchange.Redis;

namespace Identity.State.Redis;

/// <summary>
/// Redis implementation of every state interface. Each operation is one atomic Redis command or script, so replicas
/// sharing one Redis behave as one: <c>SET NX PX</c> for first-writer-wins, <c>GETDEL</c> (Redis 6.2+) for single-use
/// values, and a script that increments and sets the window expiry together.
/// </summary>
internal sealed class RedisState(RedisConnection connection, TimeProvider timeProvider) : IEphemeralStore, IReplayCache, IAttemptCounter
{
    // INCR then PEXPIRE in one script: a crash between the two must not leave a counter that never expires.
    // PTTL < 0 also repairs a key that somehow lost its expiry.
    private const string IncrementScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
        end
        return count
        """;

    private static readonly TimeSpan MinimumReplayLifetime = StateArguments.MinimumReplayLifetime;

    private readonly string _valuePrefix = connection.InstanceName + "v:";
    private readonly string _replayPrefix = connection.InstanceName + "r:";
    private readonly string _counterPrefix = connection.InstanceName + "c:";

    public async ValueTask<bool> TryAddAsync(string key, ReadOnlyMemory<byte> value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        StateArguments.ThrowIfNotPositive(timeToLive);
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        return await database.StringSetAsync(_valuePrefix + key, value, timeToLive, When.NotExists).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        var value = await database.StringGetAsync(_valuePrefix + key).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : (byte[]?)value;
    }

    public async ValueTask<byte[]?> TakeAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        var value = await database.StringGetDeleteAsync(_valuePrefix + key).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : (byte[]?)value;
    }

    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        return await database.KeyDeleteAsync(_valuePrefix + key).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> TryUseAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        // The entry must outlive the token it protects; a token already past its expiry still gets a short entry.
        var ttl = expiresAt - timeProvider.GetUtcNow();
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        return await database.StringSetAsync(_replayPrefix + id, RedisValue.EmptyString, ttl > MinimumReplayLifetime ? ttl : MinimumReplayLifetime, When.NotExists)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        StateArguments.ThrowIfNotPositive(window);
        var milliseconds = Math.Max(1, (long)Math.Ceiling(window.TotalMilliseconds));
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        var result = await database.ScriptEvaluateAsync(IncrementScript, [(RedisKey)(_counterPrefix + key)], [milliseconds]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)result;
    }

    public async ValueTask<long> CountAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        var value = await database.StringGetAsync(_counterPrefix + key).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.IsNull ? 0 : (long)value;
    }

    public async ValueTask ResetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        await database.KeyDeleteAsync(_counterPrefix + key).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
