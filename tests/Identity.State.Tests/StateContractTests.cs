using System.Text;

namespace Identity.State.Tests;

/// <summary>The behaviour every implementation of the state interfaces must have; one subclass per implementation.</summary>
public abstract class StateContractTests
{
    /// <summary>One implementation under test; the three interfaces may be one object.</summary>
    protected sealed record StateUnderTest(IEphemeralStore Store, IReplayCache Replay, IAttemptCounter Counter, TimeProvider Time);

    /// <summary>Creates a fresh, isolated state (skips the test when the backing server is not available).</summary>
    protected abstract ValueTask<StateUnderTest> CreateAsync();

    /// <summary>A lifetime short enough to wait out in a test.</summary>
    protected abstract TimeSpan ShortLifetime { get; }

    /// <summary>Lets <paramref name="lifetime"/> elapse (a fake clock moves, or the test waits on a real server's clock).</summary>
    protected abstract Task ElapseAsync(TimeSpan lifetime);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task TryAdd_stores_a_value_that_Get_reads_without_consuming()
    {
        var state = await CreateAsync();
        Assert.True(await state.Store.TryAddAsync("code-1", "abc"u8.ToArray(), Long, Token));
        Assert.Equal("abc"u8.ToArray(), await state.Store.GetAsync("code-1", Token));
        Assert.Equal("abc"u8.ToArray(), await state.Store.GetAsync("code-1", Token));
    }

    [Fact]
    public async Task TryAdd_refuses_a_key_that_exists_and_keeps_the_first_value()
    {
        var state = await CreateAsync();
        Assert.True(await state.Store.TryAddAsync("code-1", "first"u8.ToArray(), Long, Token));
        Assert.False(await state.Store.TryAddAsync("code-1", "second"u8.ToArray(), Long, Token));
        Assert.Equal("first"u8.ToArray(), await state.Store.GetAsync("code-1", Token));
    }

    [Fact]
    public async Task Values_are_binary_safe_and_may_be_empty()
    {
        var state = await CreateAsync();
        byte[] binary = [0, 255, 13, 10, 0, 128];
        Assert.True(await state.Store.TryAddAsync("binary", binary, Long, Token));
        Assert.True(await state.Store.TryAddAsync("empty", ReadOnlyMemory<byte>.Empty, Long, Token));
        Assert.Equal(binary, await state.Store.TakeAsync("binary", Token));
        var empty = await state.Store.TakeAsync("empty", Token);
        Assert.NotNull(empty);
        Assert.Empty(empty);
    }

    [Fact]
    public async Task Get_returns_null_for_an_absent_key()
    {
        var state = await CreateAsync();
        Assert.Null(await state.Store.GetAsync("absent", Token));
    }

    [Fact]
    public async Task A_value_expires_after_its_lifetime_and_its_key_can_be_added_again()
    {
        var state = await CreateAsync();
        Assert.True(await state.Store.TryAddAsync("nonce", "1"u8.ToArray(), ShortLifetime, Token));
        await ElapseAsync(ShortLifetime);
        Assert.Null(await state.Store.GetAsync("nonce", Token));
        Assert.Null(await state.Store.TakeAsync("nonce", Token));
        Assert.True(await state.Store.TryAddAsync("nonce", "2"u8.ToArray(), Long, Token));
        Assert.Equal("2"u8.ToArray(), await state.Store.GetAsync("nonce", Token));
    }

    [Fact]
    public async Task Take_returns_the_value_once()
    {
        var state = await CreateAsync();
        await state.Store.TryAddAsync("code-1", "abc"u8.ToArray(), Long, Token);
        Assert.Equal("abc"u8.ToArray(), await state.Store.TakeAsync("code-1", Token));
        Assert.Null(await state.Store.TakeAsync("code-1", Token));
        Assert.Null(await state.Store.GetAsync("code-1", Token));
    }

    [Fact]
    public async Task Take_of_an_absent_key_returns_null()
    {
        var state = await CreateAsync();
        Assert.Null(await state.Store.TakeAsync("absent", Token));
    }

    [Fact]
    public async Task Fifty_concurrent_Takes_of_one_key_have_exactly_one_winner()
    {
        var state = await CreateAsync();
        await state.Store.TryAddAsync("code-race", "prize"u8.ToArray(), Long, Token);
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await state.Store.TakeAsync("code-race", Token), Token)));
        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal("prize"u8.ToArray(), winner);
    }

    [Fact]
    public async Task Fifty_concurrent_TryAdds_of_one_key_have_exactly_one_winner()
    {
        var state = await CreateAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(async () => await state.Store.TryAddAsync("par-race", Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Long, Token), Token)));
        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task Remove_reports_whether_the_key_existed()
    {
        var state = await CreateAsync();
        await state.Store.TryAddAsync("offer", "x"u8.ToArray(), Long, Token);
        Assert.True(await state.Store.RemoveAsync("offer", Token));
        Assert.False(await state.Store.RemoveAsync("offer", Token));
        Assert.Null(await state.Store.GetAsync("offer", Token));
    }

    [Fact]
    public async Task Non_positive_lifetimes_are_programming_errors()
    {
        var state = await CreateAsync();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await state.Store.TryAddAsync("k", "x"u8.ToArray(), TimeSpan.Zero, Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await state.Counter.IncrementAsync("k", TimeSpan.FromSeconds(-1), Token));
    }

    [Fact]
    public async Task TryUse_accepts_the_first_use_and_refuses_a_replay()
    {
        var state = await CreateAsync();
        var expiresAt = state.Time.GetUtcNow() + Long;
        Assert.True(await state.Replay.TryUseAsync("jti-1", expiresAt, Token));
        Assert.False(await state.Replay.TryUseAsync("jti-1", expiresAt, Token));
        Assert.True(await state.Replay.TryUseAsync("jti-2", expiresAt, Token));
    }

    [Fact]
    public async Task Fifty_concurrent_uses_of_one_identifier_have_exactly_one_winner()
    {
        var state = await CreateAsync();
        var expiresAt = state.Time.GetUtcNow() + Long;
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await state.Replay.TryUseAsync("dpop-jti", expiresAt, Token), Token)));
        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task TryUse_of_an_already_expired_identifier_still_refuses_an_immediate_replay()
    {
        var state = await CreateAsync();
        var expiredAt = state.Time.GetUtcNow() - TimeSpan.FromMinutes(1);
        Assert.True(await state.Replay.TryUseAsync("late-jti", expiredAt, Token));
        Assert.False(await state.Replay.TryUseAsync("late-jti", expiredAt, Token));
    }

    [Fact]
    public async Task TryUse_forgets_an_identifier_once_its_token_has_expired()
    {
        var state = await CreateAsync();
        // Replay entries live at least one second (see StateArguments.MinimumReplayLifetime).
        var lifetime = TimeSpan.FromSeconds(1.5);
        Assert.True(await state.Replay.TryUseAsync("jti-exp", state.Time.GetUtcNow() + lifetime, Token));
        await ElapseAsync(lifetime);
        Assert.True(await state.Replay.TryUseAsync("jti-exp", state.Time.GetUtcNow() + Long, Token));
    }

    [Fact]
    public async Task Replay_identifiers_values_and_counters_do_not_collide()
    {
        var state = await CreateAsync();
        Assert.True(await state.Replay.TryUseAsync("same", state.Time.GetUtcNow() + Long, Token));
        Assert.True(await state.Store.TryAddAsync("same", "v"u8.ToArray(), Long, Token));
        Assert.Equal(1, await state.Counter.IncrementAsync("same", Long, Token));
        Assert.Equal("v"u8.ToArray(), await state.Store.TakeAsync("same", Token));
        Assert.False(await state.Replay.TryUseAsync("same", state.Time.GetUtcNow() + Long, Token));
        Assert.Equal(1, await state.Counter.CountAsync("same", Token));
    }

    [Fact]
    public async Task Increment_counts_attempts_in_the_window()
    {
        var state = await CreateAsync();
        Assert.Equal(0, await state.Counter.CountAsync("login:alice", Token));
        Assert.Equal(1, await state.Counter.IncrementAsync("login:alice", Long, Token));
        Assert.Equal(2, await state.Counter.IncrementAsync("login:alice", Long, Token));
        Assert.Equal(3, await state.Counter.IncrementAsync("login:alice", Long, Token));
        Assert.Equal(3, await state.Counter.CountAsync("login:alice", Token));
        Assert.Equal(0, await state.Counter.CountAsync("login:bob", Token));
    }

    [Fact]
    public async Task The_window_starts_at_the_first_attempt_and_the_count_restarts_after_it()
    {
        var state = await CreateAsync();
        Assert.Equal(1, await state.Counter.IncrementAsync("tx_code:o1", ShortLifetime, Token));
        Assert.Equal(2, await state.Counter.IncrementAsync("tx_code:o1", ShortLifetime, Token));
        await ElapseAsync(ShortLifetime);
        Assert.Equal(0, await state.Counter.CountAsync("tx_code:o1", Token));
        Assert.Equal(1, await state.Counter.IncrementAsync("tx_code:o1", ShortLifetime, Token));
    }

    [Fact]
    public async Task Reset_forgets_the_attempts()
    {
        var state = await CreateAsync();
        await state.Counter.IncrementAsync("login:carol", Long, Token);
        await state.Counter.IncrementAsync("login:carol", Long, Token);
        await state.Counter.ResetAsync("login:carol", Token);
        Assert.Equal(0, await state.Counter.CountAsync("login:carol", Token));
        Assert.Equal(1, await state.Counter.IncrementAsync("login:carol", Long, Token));
    }

    [Fact]
    public async Task Fifty_concurrent_increments_each_get_a_distinct_count()
    {
        var state = await CreateAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await state.Counter.IncrementAsync("throttle", Long, Token), Token)));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), results.Order());
        Assert.Equal(50, await state.Counter.CountAsync("throttle", Token));
    }
}
