using System.Security.Cryptography;
using Identity.Issuer.Configuration;
using Identity.Issuer.Data;
using Identity.Tokens.StatusList;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.StatusLists;

/// <summary>
/// Hands out status list entries (draft-ietf-oauth-status-list-20 §13.2, herd privacy): an index drawn uniformly at random among
/// the unused indices of an open list, so that neither the index nor the order of issuance says anything about the holder or
/// when the credential was issued. The used-index set lives in the database (primary key on list and index): two replicas that
/// draw the same index race on one insert, the loser draws again, and an index once handed out is never handed out again.
/// </summary>
internal sealed class StatusListAllocator(
    DbContextOptions<IssuerDbContext> contextOptions,
    IOptions<StatusListOptions> options,
    IOptions<IssuerOptions> issuer,
    TimeProvider timeProvider,
    ILogger<StatusListAllocator> logger) : IStatusListAllocator
{
    /// <summary>Bits per entry: valid, revoked (invalid) and suspended need 2 (§7.1).</summary>
    public const int BitsPerEntry = 2;

    /// <summary>Random draws before falling back to picking among the free indices read from the database (a nearly full list).</summary>
    private const int RandomProbes = 8;

    /// <summary>Attempts before giving up; each lost race or full list costs one.</summary>
    private const int MaxAttempts = 64;

    public async Task<StatusAllocation> AllocateAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            // A fresh context per attempt: a failed insert must not stay tracked, and the caller's own context is left untouched.
            await using var db = new IssuerDbContext(contextOptions);
            var list = await db.Set<StatusListRecord>().AsNoTracking().Where(l => !l.Full).OrderBy(l => l.Id)
                .Select(l => new { l.Id, l.Size }).FirstOrDefaultAsync(cancellationToken);
            if (list is null)
            {
                await CreateListAsync(db, cancellationToken);
                continue;
            }

            var index = await PickUnusedIndexAsync(db, list.Id, list.Size, cancellationToken);
            if (index is null)
            {
                await db.Set<StatusListRecord>().Where(l => l.Id == list.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Full, true), cancellationToken);
                logger.LogInformation("Status list {ListId} is full; a new list will be opened", list.Id);
                continue;
            }

            db.Add(new StatusListEntry { ListId = list.Id, Index = index.Value, AllocatedAt = timeProvider.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new StatusAllocation(list.Id, StatusListUris.For(list.Id, options.Value, issuer.Value), index.Value);
            }
            catch (DbUpdateException)
            {
                // Another request (or replica) took this index between our check and our insert: draw again.
            }
        }

        throw new InvalidOperationException("No status list entry could be allocated after repeated conflicts; the database is overloaded or misconfigured.");
    }

    private async Task CreateListAsync(IssuerDbContext db, CancellationToken cancellationToken)
    {
        var size = options.Value.Size;
        var empty = new TokenStatusList(size, BitsPerEntry);
        var id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
        db.Add(new StatusListRecord { Id = id, Size = size, Bits = BitsPerEntry, Bytes = empty.Bytes.ToArray(), CreatedAt = timeProvider.GetUtcNow() });
        // Two replicas may both open a list at the same moment; both lists are then used, which is harmless.
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Opened status list {ListId} with {Size} entries", id, size);
    }

    private static async Task<int?> PickUnusedIndexAsync(IssuerDbContext db, string listId, int size, CancellationToken cancellationToken)
    {
        var entries = db.Set<StatusListEntry>().AsNoTracking().Where(e => e.ListId == listId);
        for (var probe = 0; probe < RandomProbes; probe++)
        {
            var candidate = RandomNumberGenerator.GetInt32(size);
            if (!await entries.AnyAsync(e => e.Index == candidate, cancellationToken))
            {
                return candidate;
            }
        }

        // Mostly used: draw uniformly among the free indices instead of probing blindly.
        var used = await entries.Select(e => e.Index).ToListAsync(cancellationToken);
        var taken = new bool[size];
        foreach (var index in used)
        {
            taken[index] = true;
        }

        var free = size - used.Count;
        if (free <= 0)
        {
            return null;
        }

        var pick = RandomNumberGenerator.GetInt32(free);
        for (var index = 0; index < size; index++)
        {
            if (!taken[index] && pick-- == 0)
            {
                return index;
            }
        }

        return null;
    }
}
