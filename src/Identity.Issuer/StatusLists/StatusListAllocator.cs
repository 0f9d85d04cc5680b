using Identity.Issuer.Attestations;

namespace Identity.Issuer.StatusLists;

/// <summary>
/// Hands out status list entries (draft-ietf-oauth-status-list-20 §13.2, herd privacy): an index drawn uniformly at random among
/// the unused indices of an open list (<see cref="StatusIndexPool"/>), so that neither the index nor the order of issuance says
/// anything about the holder or when the credential was issued. The used-index set lives in the database (primary key on list and
/// index): two replicas that draw the same index race on one insert, the loser draws again, and an index once handed out is never
/// handed out again. The credential endpoint reserves and commits through the same pool and writer, together with its records.
/// </summary>
internal sealed class StatusListAllocator(StatusIndexPool pool, IssuanceWriter writer, TimeProvider timeProvider) : IStatusListAllocator
{
    /// <summary>Bits per entry: valid, revoked (invalid) and suspended need 2 (§7.1).</summary>
    public const int BitsPerEntry = 2;

    /// <summary>Attempts before giving up; each index lost to another replica costs one.</summary>
    public const int MaxAttempts = 64;

    public async Task<StatusAllocation> AllocateAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var allocation = (await pool.ReserveAsync(1, cancellationToken))[0];
            if (await writer.CommitAsync([Entry(allocation, timeProvider.GetUtcNow())], []))
            {
                return allocation;
            }

            await pool.RefreshAsync([allocation.ListId], cancellationToken);
        }

        throw new InvalidOperationException("No status list entry could be allocated after repeated conflicts; the database is overloaded or misconfigured.");
    }

    /// <summary>The row that makes an allocation durable and unique.</summary>
    public static StatusListEntry Entry(StatusAllocation allocation, DateTimeOffset at)
        => new() { ListId = allocation.ListId, Index = allocation.Index, AllocatedAt = at };
}
