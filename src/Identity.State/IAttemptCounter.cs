namespace Identity.State;

/// <summary>Counts attempts in a fixed window (login failures per account or address, <c>tx_code</c> attempts), shared by every replica.</summary>
public interface IAttemptCounter
{
    /// <summary>Adds one attempt and returns the count in the current window, which starts at the first attempt and lasts <paramref name="window"/>.</summary>
    ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>Returns the count in the current window (0 when none).</summary>
    ValueTask<long> CountAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Forgets the attempts for <paramref name="key"/>.</summary>
    ValueTask ResetAsync(string key, CancellationToken cancellationToken = default);
}
