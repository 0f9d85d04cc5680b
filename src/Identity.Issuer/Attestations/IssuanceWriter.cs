using System.Threading.Channels;
using Identity.Issuer.Data;
using Identity.Issuer.StatusLists;
using Microsoft.EntityFrameworkCore;

namespace Identity.Issuer.Attestations;

/// <summary>
/// Group commit of issuance rows. Every credential needs two durable rows before its response leaves (its status entry, so the index
/// is never handed out again, and its <see cref="IssuedCredential"/> record, without which it could never be revoked). Committing them
/// request by request serializes every request on the database's commit (SQLite has one writer; each commit is an fsync). Here one
/// loop takes whatever requests are waiting, writes all their rows in one transaction, and completes each request's task only after
/// that commit: the same durability, one commit for many credentials.
/// </summary>
internal sealed class IssuanceWriter : IDisposable
{
    /// <summary>Most requests in one transaction (a batch of 10 credentials is 20 rows): bounds the transaction and its latency.</summary>
    private const int MaxRequestsPerCommit = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<IssuanceWriter> _logger;

    public IssuanceWriter(IServiceScopeFactory scopes, ILogger<IssuanceWriter> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _ = Task.Run(RunAsync);
    }

    /// <summary>
    /// Makes the rows durable. True once committed; false when an entry's index was committed first by another request or replica
    /// (the unique key on list and index refused it): nothing of this call was written, and the caller draws new indices.
    /// Database failures other than that conflict surface as the exception.
    /// </summary>
    public Task<bool> CommitAsync(IReadOnlyList<StatusListEntry> entries, IReadOnlyList<IssuedCredential> records)
    {
        var pending = new Pending(entries, records, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The issuance writer has stopped: the application is shutting down.");
        }

        // Not cancellable on purpose: once queued, the rows are written whether or not the client is still waiting.
        return pending.Done.Task;
    }

    public void Dispose() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxRequestsPerCommit);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxRequestsPerCommit && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await CommitBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitBatchAsync(List<Pending> batch)
    {
        try
        {
            await SaveAsync(batch);
            batch.ForEach(p => p.Done.TrySetResult(true));
            return;
        }
        catch (DbUpdateException)
        {
            // One request's index was taken by another replica; the whole transaction rolled back. Commit each request on its own so
            // that only the loser is refused.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _logger.LogError(exception, "Issuance rows of {Count} request(s) could not be written", batch.Count);
            batch.ForEach(p => p.Done.TrySetException(exception));
            return;
        }

        foreach (var pending in batch)
        {
            try
            {
                await SaveAsync([pending]);
                pending.Done.TrySetResult(true);
            }
            catch (DbUpdateException)
            {
                pending.Done.TrySetResult(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                _logger.LogError(exception, "Issuance rows of one request could not be written");
                pending.Done.TrySetException(exception);
            }
        }
    }

    private async Task SaveAsync(IReadOnlyList<Pending> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
        // Inserts only: no change detection needed beyond the added entities.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var pending in batch)
        {
            db.Set<StatusListEntry>().AddRange(pending.Entries);
            db.Set<IssuedCredential>().AddRange(pending.Records);
        }

        // SaveChanges wraps all of them in one transaction (one commit, one fsync on SQLite).
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private sealed record Pending(IReadOnlyList<StatusListEntry> Entries, IReadOnlyList<IssuedCredential> Records, TaskCompletionSource<bool> Done);
}
