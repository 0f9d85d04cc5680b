using Identity.Issuer.Data;
using Identity.Issuer.StatusLists;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Issuer.Tests.StatusLists;

/// <summary>Status list allocation: random, unique, never reused indices; a new list when one fills (draft-ietf-oauth-status-list-20 §13.2).</summary>
public sealed class StatusListAllocatorTests
{
    private static async Task<StatusAllocation> AllocateAsync(IssuerServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IStatusListAllocator>().AllocateAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Allocates_an_https_uri_under_the_configured_base_with_the_list_id()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var allocation = await AllocateAsync(server);
        Assert.Equal($"{StatusTestKit.BaseUri}/status-lists/{allocation.ListId}", allocation.Uri.AbsoluteUri);
        Assert.InRange(allocation.Index, 0, StatusListOptions.MinimumProductionSize - 1);
    }

    [Fact]
    public async Task Default_lists_have_131072_two_bit_entries()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var allocation = await AllocateAsync(server);
        await using var scope = server.Services.CreateAsyncScope();
        var list = await scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Set<StatusListRecord>().SingleAsync(l => l.Id == allocation.ListId);
        Assert.Equal(131_072, list.Size);
        Assert.Equal(2, list.Bits);
        Assert.Equal(131_072 / 4, list.Bytes.Length);
    }

    [Fact]
    public async Task Indices_are_random_not_sequential()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var indices = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            indices.Add((await AllocateAsync(server)).Index);
        }

        // Sequential allocation would give 0..19; twenty uniform draws from 131,072 all below 1,000 has probability ~1e-48.
        Assert.Contains(indices, i => i >= 1000);
        Assert.NotEqual(indices.Order().ToList(), indices);
        Assert.Equal(indices.Count, indices.Distinct().Count());
    }

    [Fact]
    public async Task Fills_a_small_list_with_every_index_once_then_opens_a_new_list()
    {
        await using var server = await StatusTestKit.CreateServerAsync(size: 16);
        var allocations = new List<StatusAllocation>();
        for (var i = 0; i < 20; i++)
        {
            allocations.Add(await AllocateAsync(server));
        }

        var first = allocations[0].ListId;
        var inFirst = allocations.Where(a => a.ListId == first).Select(a => a.Index).ToList();
        Assert.Equal(Enumerable.Range(0, 16), inFirst.Order());
        var others = allocations.Where(a => a.ListId != first).ToList();
        Assert.Equal(4, others.Count);
        Assert.Single(others.Select(a => a.ListId).Distinct());

        await using var scope = server.Services.CreateAsyncScope();
        var lists = await scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Set<StatusListRecord>().AsNoTracking().ToListAsync();
        Assert.True(lists.Single(l => l.Id == first).Full);
    }

    [Fact]
    public async Task Never_reuses_an_index_even_after_the_credential_is_revoked()
    {
        await using var server = await StatusTestKit.CreateServerAsync(size: 8);
        var credential = await StatusTestKit.IssueAsync(server);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<CredentialStatusService>()
                .ChangeAsync(credential.Id, StatusAction.Revoke, Identity.Issuer.Admin.AuditActor.Client("test"), null, CancellationToken.None);
            Assert.True(result.Succeeded);
        }

        var later = new List<StatusAllocation>();
        for (var i = 0; i < 7; i++)
        {
            later.Add(await AllocateAsync(server));
        }

        Assert.DoesNotContain(later, a => a.ListId == credential.StatusListId && a.Index == credential.StatusIndex);
        Assert.All(later, a => Assert.Equal(credential.StatusListId, a.ListId));
        // The eighth index was the revoked credential's: the next one comes from a new list.
        Assert.NotEqual(credential.StatusListId, (await AllocateAsync(server)).ListId);
    }

    [Fact]
    public async Task Concurrent_allocations_get_distinct_entries()
    {
        await using var server = await StatusTestKit.CreateServerAsync(size: 64);
        var allocations = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ => Task.Run(() => AllocateAsync(server))));
        Assert.Equal(80, allocations.Select(a => (a.ListId, a.Index)).Distinct().Count());
        Assert.All(allocations.GroupBy(a => a.ListId), g => Assert.True(g.Count() <= 64));
    }

    [Fact]
    public async Task Two_replicas_sharing_one_database_never_hand_out_the_same_entry()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "issuer-tests", Guid.NewGuid().ToString("N"));
        await using var first = await StatusTestKit.CreateServerAsync(size: 32, options => options.DataPath = dataPath);
        await using var second = await StatusTestKit.CreateServerAsync(size: 32, options => options.DataPath = dataPath);
        var tasks = Enumerable.Range(0, 48).Select(i => Task.Run(() => AllocateAsync(i % 2 == 0 ? first : second)));
        var allocations = await Task.WhenAll(tasks);
        Assert.Equal(48, allocations.Select(a => (a.ListId, a.Index)).Distinct().Count());
    }
}
