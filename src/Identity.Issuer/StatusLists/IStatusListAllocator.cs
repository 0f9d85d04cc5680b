namespace Identity.Issuer.StatusLists;

/// <summary>
/// Hands out status list entries for new credentials (Token Status List): each index is random within its list, unused, and
/// never reused; a new list is allocated when one fills.
/// </summary>
internal interface IStatusListAllocator
{
    /// <summary>Reserves one entry. The entry is durable once this returns.</summary>
    Task<StatusAllocation> AllocateAsync(CancellationToken cancellationToken);
}

/// <summary>One reserved status list entry.</summary>
/// <param name="ListId">Identifier of the list (stored on the credential record).</param>
/// <param name="Uri">The list's status list token URI, placed in the credential's <c>status.status_list.uri</c>.</param>
/// <param name="Index">The entry's index, placed in <c>status.status_list.idx</c>.</param>
internal sealed record StatusAllocation(string ListId, Uri Uri, int Index);
