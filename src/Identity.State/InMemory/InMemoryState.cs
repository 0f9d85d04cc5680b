using System.Collections.Concurrent;

namespace Identity.State.InMemory;

/// <summary>
/// In-process implementation of every state interface, for a single replica with no setup. Expired entries are
/// removed lazily on access and by a periodic sweep on writes. Values, replay entries and counters live in separate
/// maps, so a value key can never collide with a replay identifier.
/// </summary>
internal sealed class InMemoryState(TimeProvider timeProvider) : IEphemeralStore, IReplayCache, IAttemptCounter
{
    private static readonly Entry ReplayMarker = new([], DateTimeOffset.MinValue);

    private readonly ConcurrentDictionary<string, Entry> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _replays = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private long _writes;

    private sealed record Entry(byte[] Value, DateTimeOffset ExpiresAt);

    private sealed class Counter(DateTimeOffset expiresAt)
    {
        public DateTimeOffset ExpiresAt { get; } = expiresAt;
        public long Count;
    }

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    public ValueTask<bool> TryAddAsync(string key, ReadOnlyMemory<byte> value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        StateArguments.ThrowIfNotPositive(timeToLive);
        Sweep();
        return ValueTask.FromResult(TryAdd(_values, key, new Entry(value.ToArray(), Now + timeToLive)));
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ValueTask.FromResult(_values.TryGetValue(key, out var entry) && entry.ExpiresAt > Now ? entry.Value.ToArray() : null);
    }

    public ValueTask<byte[]?> TakeAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ValueTask.FromResult(_values.TryRemove(key, out var entry) && entry.ExpiresAt > Now ? entry.Value : null);
    }

    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ValueTask.FromResult(_values.TryRemove(key, out var entry) && entry.ExpiresAt > Now);
    }

    public ValueTask<bool> TryUseAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        Sweep();
        // A replay entry must outlive the token it protects; a token already past its expiry still gets a short entry.
        var ttl = expiresAt - Now;
        var lifetime = ttl > StateArguments.MinimumReplayLifetime ? ttl : StateArguments.MinimumReplayLifetime;
        return ValueTask.FromResult(TryAdd(_replays, id, ReplayMarker with { ExpiresAt = Now + lifetime }));
    }

    public ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        StateArguments.ThrowIfNotPositive(window);
        Sweep();
        var counter = _counters.AddOrUpdate(
            key,
            _ => new Counter(Now + window),
            (_, existing) => existing.ExpiresAt > Now ? existing : new Counter(Now + window));
        return ValueTask.FromResult(Interlocked.Increment(ref counter.Count));
    }

    public ValueTask<long> CountAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ValueTask.FromResult(_counters.TryGetValue(key, out var counter) && counter.ExpiresAt > Now ? Interlocked.Read(ref counter.Count) : 0);
    }

    public ValueTask ResetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        _counters.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    private bool TryAdd(ConcurrentDictionary<string, Entry> map, string key, Entry entry)
    {
        while (true)
        {
            if (map.TryAdd(key, entry))
            {
                return true;
            }

            if (map.TryGetValue(key, out var existing))
            {
                if (existing.ExpiresAt > Now)
                {
                    return false;
                }

                // Replace an expired entry only if nobody else did first.
                if (map.TryUpdate(key, entry, existing))
                {
                    return true;
                }
            }
        }
    }

    private void Sweep()
    {
        if (Interlocked.Increment(ref _writes) % 1024 != 0)
        {
            return;
        }

        var now = Now;
        SweepMap(_values, now);
        SweepMap(_replays, now);
        foreach (var (key, counter) in _counters)
        {
            if (counter.ExpiresAt <= now)
            {
                _counters.TryRemove(KeyValuePair.Create(key, counter));
            }
        }
    }

    private static void SweepMap(ConcurrentDictionary<string, Entry> map, DateTimeOffset now)
    {
        foreach (var (key, entry) in map)
        {
            if (entry.ExpiresAt <= now)
            {
                map.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }
}
