using System.Security.Cryptography;
using Identity.Issuer.Attestations;
using Identity.Issuer.Data;
using Identity.Issuer.StatusLists;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Tests.StatusLists;

/// <summary>
/// Group commit of issuance rows: durable before the caller continues, one refused request never takes others down with it, and
/// an index lost to another replica is drawn again (draft-ietf-oauth-status-list-20 §13.2: unique, never reused).
/// </summary>
public sealed class IssuanceWriterTests
{
    private static async Task<StatusAllocation> AllocateAsync(IssuerServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IStatusListAllocator>().AllocateAsync(CancellationToken.None);
    }

    private static IssuedCredential Record(StatusAllocation allocation, DateTimeOffset now) => new()
    {
        Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
        CitizenId = "cit-7f3a9c21",
        ClientId = "test-wallet",
        ConfigurationId = "identity_sd_jwt",
        Vct = StatusTestKit.BaseUri + "/credentials/identity",
        StatusListId = allocation.ListId,
        StatusIndex = allocation.Index,
        HolderKeyThumbprint = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)),
        IssuedAt = now,
        ExpiresAt = now.AddDays(365),
    };

    [Fact]
    public async Task Rows_are_in_the_database_when_the_commit_completes()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var pool = server.Services.GetRequiredService<StatusIndexPool>();
        var writer = server.Services.GetRequiredService<IssuanceWriter>();
        var now = server.Clock.GetUtcNow();
        var reserved = await pool.ReserveAsync(10, CancellationToken.None);
        var records = reserved.Select(a => Record(a, now)).ToArray();

        Assert.True(await writer.CommitAsync([.. reserved.Select(a => StatusListAllocator.Entry(a, now))], records));

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
        var ids = records.Select(r => r.Id).ToList();
        Assert.Equal(10, await db.Set<IssuedCredential>().CountAsync(c => ids.Contains(c.Id)));
        Assert.Equal(10, await db.Set<StatusListEntry>().CountAsync(e => e.ListId == reserved[0].ListId));
        Assert.Equal(10, reserved.Select(a => a.Index).Distinct().Count());
    }

    [Fact]
    public async Task A_request_whose_index_is_taken_is_refused_and_the_others_of_its_group_commit()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var pool = server.Services.GetRequiredService<StatusIndexPool>();
        var writer = server.Services.GetRequiredService<IssuanceWriter>();
        var now = server.Clock.GetUtcNow();
        var taken = await AllocateAsync(server);
        var fresh = await pool.ReserveAsync(3, CancellationToken.None);

        // Queued together, so they usually share one transaction: the duplicate must not take the others down with it.
        var duplicate = writer.CommitAsync([StatusListAllocator.Entry(taken, now)], [Record(taken, now)]);
        var others = fresh.Select(a => writer.CommitAsync([StatusListAllocator.Entry(a, now)], [Record(a, now)])).ToArray();

        Assert.False(await duplicate);
        Assert.All(await Task.WhenAll(others), Assert.True);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
        Assert.Equal(0, await db.Set<IssuedCredential>().CountAsync(c => c.StatusListId == taken.ListId && c.StatusIndex == taken.Index));
    }

    [Fact]
    public async Task A_replica_with_a_stale_view_of_the_list_draws_again_after_losing_an_index_to_another_replica()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "issuer-tests", Guid.NewGuid().ToString("N"));
        await using var first = await StatusTestKit.CreateServerAsync(size: 8, options => options.DataPath = dataPath);
        await using var second = await StatusTestKit.CreateServerAsync(size: 8, options => options.DataPath = dataPath);

        // The first replica opens the list and reads its used set now; the second then takes six more entries of it, so the
        // first replica's next draw most likely hits one of them (6 chances in 7) and must refresh and draw again.
        var allocations = new List<StatusAllocation> { await AllocateAsync(first) };
        for (var i = 0; i < 6; i++)
        {
            allocations.Add(await AllocateAsync(second));
        }

        allocations.Add(await AllocateAsync(first));

        Assert.Single(allocations.Select(a => a.ListId).Distinct());
        Assert.Equal(Enumerable.Range(0, 8), allocations.Select(a => a.Index).Order());
        // Every index of the list is used: the next allocation, at either replica, comes from a new list.
        Assert.NotEqual(allocations[0].ListId, (await AllocateAsync(first)).ListId);
        Assert.NotEqual(allocations[0].ListId, (await AllocateAsync(second)).ListId);
    }
}
