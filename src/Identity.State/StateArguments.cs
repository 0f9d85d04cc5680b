namespace Identity.State;

/// <summary>Argument checks shared by the implementations, so both refuse the same programming errors.</summary>
internal static class StateArguments
{
    /// <summary>Shortest life of a replay entry, so an identifier whose token already expired is still refused for a moment.</summary>
    public static readonly TimeSpan MinimumReplayLifetime = TimeSpan.FromSeconds(1);

    /// <summary>A zero or negative lifetime is a bug in the caller (Redis refuses <c>PX 0</c>), not bad input from a client.</summary>
    public static void ThrowIfNotPositive(TimeSpan lifetime, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(lifetime))] string? name = null)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, lifetime, "A lifetime must be positive.");
        }
    }
}
