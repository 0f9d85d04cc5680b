using Identity.State.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Identity.State.Tests;

/// <summary>The contract on the in-process implementation, with a fake clock.</summary>
public sealed class InMemoryStateTests : StateContractTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    protected override TimeSpan ShortLifetime => TimeSpan.FromMinutes(1);

    protected override ValueTask<StateUnderTest> CreateAsync()
    {
        var state = new InMemoryState(_time);
        return ValueTask.FromResult(new StateUnderTest(state, state, state, _time));
    }

    protected override Task ElapseAsync(TimeSpan lifetime)
    {
        _time.Advance(lifetime + TimeSpan.FromMilliseconds(1));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_value_is_still_there_one_tick_before_it_expires()
    {
        var state = await CreateAsync();
        await state.Store.TryAddAsync("k", "v"u8.ToArray(), TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(1));
        Assert.NotNull(await state.Store.GetAsync("k", TestContext.Current.CancellationToken));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(await state.Store.GetAsync("k", TestContext.Current.CancellationToken));
    }
}
