using Identity.State.Redis;

namespace Identity.State.Tests;

/// <summary>The contract on a real Redis (skipped when <c>IDENTITY_TEST_REDIS</c> is not set).</summary>
public sealed class RedisStateTests : StateContractTests, IDisposable
{
    private readonly List<RedisConnection> _connections = [];

    // Redis keeps time itself, so expiry tests wait on the real clock: long enough that two quick calls on a loaded CI
    // machine still fall in one window, short enough to keep the suite fast.
    protected override TimeSpan ShortLifetime => TimeSpan.FromSeconds(1);

    protected override ValueTask<StateUnderTest> CreateAsync()
    {
        var connection = RedisTestServer.Connect(RedisTestServer.ConfigurationOrSkip(), RedisTestServer.UniqueInstanceName());
        _connections.Add(connection);
        var state = new RedisState(connection, TimeProvider.System);
        return ValueTask.FromResult(new StateUnderTest(state, state, state, TimeProvider.System));
    }

    protected override Task ElapseAsync(TimeSpan lifetime) => Task.Delay(lifetime + TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }
}
