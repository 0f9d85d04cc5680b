using Identity.State.Redis;

namespace Identity.State.Tests;

/// <summary>Two replicas (two separate connections) sharing one Redis behave as one (DESIGN §5).</summary>
public sealed class RedisReplicaTests : IDisposable
{
    private readonly List<RedisConnection> _connections = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private (RedisState A, RedisState B) CreateReplicas(string? instanceNameB = null)
    {
        var configuration = RedisTestServer.ConfigurationOrSkip();
        var instanceName = RedisTestServer.UniqueInstanceName();
        var a = RedisTestServer.Connect(configuration, instanceName);
        var b = RedisTestServer.Connect(configuration, instanceNameB ?? instanceName);
        _connections.AddRange([a, b]);
        return (new RedisState(a, TimeProvider.System), new RedisState(b, TimeProvider.System));
    }

    [Fact]
    public async Task A_code_stored_at_replica_A_is_taken_once_at_replica_B()
    {
        var (a, b) = CreateReplicas();
        Assert.True(await a.TryAddAsync("code", "grant"u8.ToArray(), Long, Token));
        Assert.Equal("grant"u8.ToArray(), await b.TakeAsync("code", Token));
        Assert.Null(await a.TakeAsync("code", Token));
        Assert.Null(await b.TakeAsync("code", Token));
    }

    [Fact]
    public async Task Concurrent_Takes_spread_over_two_replicas_have_exactly_one_winner()
    {
        var (a, b) = CreateReplicas();
        await a.TryAddAsync("code-race", "prize"u8.ToArray(), Long, Token);
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? a : b).TakeAsync("code-race", Token), Token)));
        Assert.Single(results, r => r is not null);
    }

    [Fact]
    public async Task An_identifier_used_at_replica_A_is_refused_at_replica_B()
    {
        var (a, b) = CreateReplicas();
        var expiresAt = TimeProvider.System.GetUtcNow() + Long;
        Assert.True(await a.TryUseAsync("nonce-1", expiresAt, Token));
        Assert.False(await b.TryUseAsync("nonce-1", expiresAt, Token));
    }

    [Fact]
    public async Task Attempts_counted_at_both_replicas_add_up()
    {
        var (a, b) = CreateReplicas();
        await a.IncrementAsync("login:alice", Long, Token);
        await b.IncrementAsync("login:alice", Long, Token);
        Assert.Equal(3, await a.IncrementAsync("login:alice", Long, Token));
        Assert.Equal(3, await b.CountAsync("login:alice", Token));
    }

    [Fact]
    public async Task Services_with_different_instance_names_do_not_see_each_other()
    {
        var (a, b) = CreateReplicas(RedisTestServer.UniqueInstanceName());
        await a.TryAddAsync("code", "x"u8.ToArray(), Long, Token);
        Assert.Null(await b.GetAsync("code", Token));
        Assert.True(await b.TryAddAsync("code", "y"u8.ToArray(), Long, Token));
    }

    [Fact]
    public async Task An_unreachable_Redis_fails_closed_with_an_exception_instead_of_accepting()
    {
        // A port nothing listens on: the state must never report success it could not record.
        using var connection = RedisTestServer.Connect("127.0.0.1:1,connectTimeout=200,syncTimeout=300,asyncTimeout=300", RedisTestServer.UniqueInstanceName());
        var state = new RedisState(connection, TimeProvider.System);
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await state.TryUseAsync("jti", TimeProvider.System.GetUtcNow() + Long, Token));
        // A connection failure or a timeout (RedisTimeoutException is a TimeoutException), depending on which limit is hit first.
        Assert.True(error is StackExchange.Redis.RedisException or TimeoutException, error.ToString());
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }
}
