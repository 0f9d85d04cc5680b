using Identity.Issuer.Attestations;

namespace Identity.Issuer.StatusLists;

/// <summary>
/// Hands out status list entries (draft-ietf-oauth-status-list-20 §13.2, herd privacy): an index drawn uniformly at random among
/// the unused indices of an open list (<see cref="StatusIndexPool"/>), so that neither the index nor the order of issuance says
/// anything about the holder or when the credential was issued. The used-index set lives in the database (primary key on list and
/// index): two replicas that draw the same index race on one insert, the loser draws again, and an index once handed out is never
/// handed out again. The credential endpoint commits its records together with the entries (<see cref="AllocateAsync{T}"/>).
/// </summary>
internal sealed class StatusListAllocator(StatusIndexPool pool, IssuanceWriter writer, TimeProvider timeProvider) : IStatusListAllocator
{
    /// <summary>Bits per entry: valid, revoked (invalid) and suspended need 2 (§7.1).</summary>
    public const int BitsPerEntry = 2;

    /// <summary>Attempts before giving up; each index lost to another replica costs one.</summary>
    public const int MaxAttempts = 64;

    public Task<StatusAllocation> AllocateAsync(CancellationToken cancellationToken)
        => AllocateAsync<StatusAllocation>(1, allocations => (allocations[0], []), cancellationToken);

    /// <summary>
    /// Reserves <paramref name="count"/> entries, lets <paramref name="build"/> make what depends on them (signed credentials and
    /// their records), and commits entries and records in one group commit before returning: a credential whose record were lost
    /// could never be revoked. When another replica committed one of the indices first, new ones are drawn and
    /// <paramref name="build"/> runs again (§13.2: indices are unique and never reused).
    /// </summary>
    public async Task<T> AllocateAsync<T>(
        int count, Func<StatusAllocation[], (T Result, IReadOnlyList<IssuedCredential> Records)> build, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var allocations = await pool.ReserveAsync(count, cancellationToken);
            var (result, records) = build(allocations);
            var now = timeProvider.GetUtcNow();
            if (await writer.CommitAsync(Array.ConvertAll(allocations, allocation => Entry(allocation, now)), records))
            {
                return result;
            }

            await pool.RefreshAsync(allocations.Select(allocation => allocation.ListId).Distinct(), cancellationToken);
        }

        throw new InvalidOperationException("No status list entry could be allocated after repeated conflicts; the database is overloaded or misconfigured.");
    }

    /// <summary>The row that makes an allocation durable and unique.</summary>
    public static StatusListEntry Entry(StatusAllocation allocation, DateTimeOffset at)
        => new() { ListId = allocation.ListId, Index = allocation.Index, AllocatedAt = at };
}
