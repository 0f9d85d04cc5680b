using System.Security.Cryptography;
using Identity.Issuer.Configuration;
using Identity.Issuer.Attestations;
using Identity.Issuer.Data;
using Identity.Tokens.StatusList;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.StatusLists;

/// <summary>
/// This process's view of the open status list: which indices are taken, so that a free one is drawn in memory instead of probing
/// the database (draft-ietf-oauth-status-list-20 §13.2: uniformly at random among the unused indices, for herd privacy).
/// A drawn index is only tentative: it is taken for good when <see cref="IssuanceWriter"/> commits its <see cref="StatusListEntry"/>
/// row, whose primary key (list, index) refuses an index another replica committed first. After such a conflict the caller asks
/// <see cref="RefreshAsync"/> to merge the database's used set and draws again. Indices are never released here: one that was drawn
/// but not committed (a request that failed) stays unused forever, which costs one entry and can never link two credentials.
/// </summary>
internal sealed class StatusIndexPool(
    IServiceScopeFactory scopes,
    IOptions<StatusListOptions> options,
    IOptions<IssuerOptions> issuer,
    TimeProvider timeProvider,
    ILogger<StatusIndexPool> logger) : IDisposable
{
    /// <summary>Random draws before picking uniformly among the free indices by a scan (a nearly full list).</summary>
    private const int RandomProbes = 16;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenList? _current;

    /// <summary>Draws <paramref name="count"/> distinct free entries, opening a new list when the current one fills.</summary>
    public async Task<StatusAllocation[]> ReserveAsync(int count, CancellationToken cancellationToken)
    {
        var reserved = new StatusAllocation[count];
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var i = 0; i < count; i++)
            {
                while (_current is null || _current.Free == 0)
                {
                    if (_current is not null)
                    {
                        await MarkFullAsync(_current.Id, cancellationToken);
                    }

                    _current = await OpenAsync(cancellationToken);
                }

                reserved[i] = new StatusAllocation(_current.Id, _current.Uri, _current.Draw());
            }
        }
        finally
        {
            _gate.Release();
        }

        return reserved;
    }

    /// <summary>After a commit conflict: marks every index the database holds for these lists as taken (another replica's).</summary>
    public async Task RefreshAsync(IEnumerable<string> listIds, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } open && listIds.Contains(open.Id, StringComparer.Ordinal))
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
                open.MarkTaken(await UsedIndicesAsync(db, open.Id, cancellationToken));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The first list not marked full (every replica picks the same one), or a new list; its used set read once.</summary>
    private async Task<OpenList> OpenAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
        var list = await db.Set<StatusListRecord>().AsNoTracking().Where(l => !l.Full).OrderBy(l => l.Id)
            .Select(l => new { l.Id, l.Size }).FirstOrDefaultAsync(cancellationToken);
        if (list is null)
        {
            var size = options.Value.Size;
            var id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
            db.Add(new StatusListRecord { Id = id, Size = size, Bits = StatusListAllocator.BitsPerEntry, Bytes = new TokenStatusList(size, StatusListAllocator.BitsPerEntry).Bytes.ToArray(), CreatedAt = timeProvider.GetUtcNow() });
            // Two replicas may both open a list at the same moment; both lists are then used, which is harmless.
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Opened status list {ListId} with {Size} entries", id, size);
            return new OpenList(id, size, StatusListUris.For(id, options.Value, issuer.Value));
        }

        var open = new OpenList(list.Id, list.Size, StatusListUris.For(list.Id, options.Value, issuer.Value));
        open.MarkTaken(await UsedIndicesAsync(db, list.Id, cancellationToken));
        return open;
    }

    private async Task MarkFullAsync(string listId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
        await db.Set<StatusListRecord>().Where(l => l.Id == listId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Full, true), cancellationToken);
        logger.LogInformation("Status list {ListId} is full; a new list will be opened", listId);
    }

    private static Task<List<int>> UsedIndicesAsync(IssuerDbContext db, string listId, CancellationToken cancellationToken)
        => db.Set<StatusListEntry>().AsNoTracking().Where(e => e.ListId == listId).Select(e => e.Index).ToListAsync(cancellationToken);

    /// <summary>One list's taken indices as this process knows them (committed by anyone as last read, or drawn here).</summary>
    private sealed class OpenList(string id, int size, Uri uri)
    {
        private readonly bool[] _taken = new bool[size];

        public string Id { get; } = id;

        public Uri Uri { get; } = uri;

        public int Free { get; private set; } = size;

        public void MarkTaken(IEnumerable<int> indices)
        {
            foreach (var index in indices)
            {
                if ((uint)index < (uint)_taken.Length && !_taken[index])
                {
                    _taken[index] = true;
                    Free--;
                }
            }
        }

        /// <summary>A uniformly random free index, marked taken. Requires <see cref="Free"/> &gt; 0.</summary>
        public int Draw()
        {
            for (var probe = 0; probe < RandomProbes; probe++)
            {
                var candidate = RandomNumberGenerator.GetInt32(_taken.Length);
                if (!_taken[candidate])
                {
                    return Take(candidate);
                }
            }

            // Mostly taken: the pick-th free index, uniformly among the free ones.
            var pick = RandomNumberGenerator.GetInt32(Free);
            for (var index = 0; index < _taken.Length; index++)
            {
                if (!_taken[index] && pick-- == 0)
                {
                    return Take(index);
                }
            }

            throw new InvalidOperationException("The free count of a status list disagrees with its taken set.");
        }

        private int Take(int index)
        {
            _taken[index] = true;
            Free--;
            return index;
        }
    }
}
