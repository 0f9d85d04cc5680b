namespace Identity.State;

/// <summary>
/// Short-lived values shared by every replica of a service (codes, nonces, offers). Two replicas sharing one backing
/// store behave as one: a value stored at replica A can be taken at replica B, and only once.
/// </summary>
public interface IEphemeralStore
{
    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> until <paramref name="timeToLive"/> elapses. Returns false if the key already exists.</summary>
    ValueTask<bool> TryAddAsync(string key, ReadOnlyMemory<byte> value, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Reads a value without consuming it; null when absent or expired.</summary>
    ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Atomically reads and deletes a value: of concurrent callers, at most one gets it. Null when absent or expired.</summary>
    ValueTask<byte[]?> TakeAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes a value; returns true when it existed.</summary>
    ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default);
}
