using System.Collections.Concurrent;

namespace Identity.State.InMemory;

/// <summary>
/// In-process implementation of every state interface, for a single replica with no setup. Expired entries are
/// removed lazily on access and by a periodic sweep on writes.
/// </summary>
internal sealed class InMemoryState(TimeProvider timeProvider) : IEphemeralStore, IReplayCache, IAttemptCounter
{
    private readonly ConcurrentDictionary<string, Entry> _values = new(StringComparer.Ordinal);
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
        Sweep();
        var entry = new Entry(value.ToArray(), Now + timeToLive);
        while (true)
        {
            if (_values.TryAdd(key, entry))
            {
                return ValueTask.FromResult(true);
            }

            if (_values.TryGetValue(key, out var existing))
            {
                if (existing.ExpiresAt > Now)
                {
                    return ValueTask.FromResult(false);
                }

                // Replace an expired entry only if nobody else did first.
                if (_values.TryUpdate(key, entry, existing))
                {
                    return ValueTask.FromResult(true);
                }
            }
        }
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(_values.TryGetValue(key, out var entry) && entry.ExpiresAt > Now ? entry.Value.ToArray() : null);

    public ValueTask<byte[]?> TakeAsync(string key, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(_values.TryRemove(key, out var entry) && entry.ExpiresAt > Now ? entry.Value : null);

    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(_values.TryRemove(key, out var entry) && entry.ExpiresAt > Now);

    public ValueTask<bool> TryUseAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        // A replay entry must outlive the token it protects; a token already past its expiry still gets a short entry.
        var ttl = expiresAt - Now;
        return TryAddAsync("replay:" + id, ReadOnlyMemory<byte>.Empty, ttl > TimeSpan.Zero ? ttl : TimeSpan.FromSeconds(1), cancellationToken);
    }

    public ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        Sweep();
        var counter = _counters.AddOrUpdate(
            key,
            _ => new Counter(Now + window),
            (_, existing) => existing.ExpiresAt > Now ? existing : new Counter(Now + window));
        return ValueTask.FromResult(Interlocked.Increment(ref counter.Count));
    }

    public ValueTask<long> CountAsync(string key, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(_counters.TryGetValue(key, out var counter) && counter.ExpiresAt > Now ? Interlocked.Read(ref counter.Count) : 0);

    public ValueTask ResetAsync(string key, CancellationToken cancellationToken = default)
    {
        _counters.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    private void Sweep()
    {
        if (Interlocked.Increment(ref _writes) % 1024 != 0)
        {
            return;
        }

        var now = Now;
        foreach (var (key, entry) in _values)
        {
            if (entry.ExpiresAt <= now)
            {
                _values.TryRemove(KeyValuePair.Create(key, entry));
            }
        }

        foreach (var (key, counter) in _counters)
        {
            if (counter.ExpiresAt <= now)
            {
                _counters.TryRemove(KeyValuePair.Create(key, counter));
            }
        }
    }
}
