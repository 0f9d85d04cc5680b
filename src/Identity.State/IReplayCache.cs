namespace Identity.State;

/// <summary>Remembers identifiers that may be used once (<c>jti</c> of client assertions, DPoP proofs, proof JWTs).</summary>
public interface IReplayCache
{
    /// <summary>
    /// Records <paramref name="id"/> as used until <paramref name="expiresAt"/>. Returns true on first use and false when the identifier was
    /// already recorded (a replay), across every replica sharing the store.
    /// </summary>
    ValueTask<bool> TryUseAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
}
