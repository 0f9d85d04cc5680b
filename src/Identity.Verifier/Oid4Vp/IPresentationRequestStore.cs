using System.Collections.Concurrent;

namespace Identity.Verifier.Oid4Vp;

/// <summary>
/// Keeps pending presentation requests (nonce, state, query) between the request and the wallet's response.
/// Replicas of one relying party must share one store; <see cref="TakeAsync"/> must be atomic so a response is processed once.
/// </summary>
public interface IPresentationRequestStore
{
    /// <summary>Stores <paramref name="request"/> under its state until it expires.</summary>
    ValueTask StoreAsync(PresentationRequest request, CancellationToken cancellationToken);

    /// <summary>Removes and returns the request with this state; null when unknown, expired or already taken.</summary>
    ValueTask<PresentationRequest?> TakeAsync(string state, CancellationToken cancellationToken);
}

/// <summary>The default, in-process <see cref="IPresentationRequestStore"/>, for a single instance.</summary>
public sealed class InMemoryPresentationRequestStore : IPresentationRequestStore
{
    private const int MaxPending = 100_000;
    private readonly ConcurrentDictionary<string, PresentationRequest> _pending = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a store that uses <paramref name="timeProvider"/> (or the system clock) for expiry.</summary>
    public InMemoryPresentationRequestStore(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public ValueTask StoreAsync(PresentationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_pending.Count >= MaxPending)
        {
            Purge();
        }

        if (_pending.Count >= MaxPending || !_pending.TryAdd(request.State, request))
        {
            throw new InvalidOperationException("The presentation request store is full or the state is already in use.");
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<PresentationRequest?> TakeAsync(string state, CancellationToken cancellationToken)
    {
        if (state is null || !_pending.TryRemove(state, out var request) || request.ExpiresAt <= _timeProvider.GetUtcNow())
        {
            return ValueTask.FromResult<PresentationRequest?>(null);
        }

        return ValueTask.FromResult<PresentationRequest?>(request);
    }

    private void Purge()
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var (state, request) in _pending)
        {
            if (request.ExpiresAt <= now)
            {
                _pending.TryRemove(state, out _);
            }
        }
    }
}
