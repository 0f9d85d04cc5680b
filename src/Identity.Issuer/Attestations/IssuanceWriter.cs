using System.Threading.Channels;
using Identity.Issuer.Data;
using Identity.Issuer.StatusLists;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Identity.Issuer.Attestations;

/// <summary>
/// Group commit of issuance rows. Every credential needs two durable rows before its response leaves (its status entry, so the index
/// is never handed out again, and its <see cref="IssuedCredential"/> record, without which it could never be revoked). Committing them
/// request by request serializes every request on the database's commit (SQLite has one writer; each commit is an fsync). Here one
/// loop takes whatever requests are waiting, writes all their rows in one transaction, and completes each request's task only after
/// that commit: the same durability, one commit for many credentials.
/// </summary>
internal sealed class IssuanceWriter(IServiceScopeFactory scopes, ILogger<IssuanceWriter> logger) : BackgroundService, IHealthCheck
{
    private const int MaxRequestsPerCommit = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private Exception? _fault;

    /// <summary>Queues the rows of one request; the task completes once they are durable (false: an index was taken meanwhile).</summary>
    /// <exception cref="IssuanceWriterStoppedException">The writer has stopped (shutdown, or its loop failed): nothing was queued.</exception>
    public Task<bool> CommitAsync(IReadOnlyList<StatusListEntry> entries, IReadOnlyList<IssuedCredential> records)
    {
        var pending = new Pending(entries, records, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new IssuanceWriterStoppedException(_fault is null ? "The issuance writer has stopped: the application is shutting down." : "The issuance writer has failed.", _fault);
        }

        // Not cancellable on purpose: once queued, the rows are written whether or not the client is still waiting.
        return pending.Done.Task;
    }

    /// <summary>Readiness: unhealthy once the loop has failed (issuance then answers 503 instead of hanging).</summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(_fault is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The issuance writer has failed.", _fault));

    /// <summary>Stops taking requests, then lets the loop write every request already queued (drain) before the host stops.</summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    /// <summary>The loop. Queued requests are written even after the stop signal: draining is bounded by the host's shutdown timeout.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxRequestsPerCommit);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (batch.Count < MaxRequestsPerCommit && _queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                await CommitBatchAsync(batch);
                batch.Clear();
            }
        }
        catch (Exception exception)
        {
            // A bug in the loop itself: fail closed and loudly. Waiting and later requests get an error, never a hang.
            _fault = exception;
            _queue.Writer.TryComplete(exception);
            logger.LogCritical(exception, "The issuance writer failed; credential issuance is unavailable until restart");
            batch.ForEach(p => p.Done.TrySetException(exception));
            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetException(exception);
            }
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
        catch (DbUpdateException exception) when (IsUniqueViolation(exception))
        {
            // One request's index was taken by another replica; the whole transaction rolled back. Commit each request on its own so
            // that only the loser is refused.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.LogError(exception, "Issuance rows of {Count} request(s) could not be written", batch.Count);
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
            catch (DbUpdateException exception) when (IsUniqueViolation(exception))
            {
                pending.Done.TrySetResult(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                logger.LogError(exception, "Issuance rows of one request could not be written");
                pending.Done.TrySetException(exception);
            }
        }
    }

    /// <summary>
    /// A unique-key violation, the one conflict retried request by request: SQLite's SQLITE_CONSTRAINT_UNIQUE (2067) or
    /// SQLITE_CONSTRAINT_PRIMARYKEY (1555), PostgreSQL's unique_violation (23505). Any other failure (a NOT NULL column, a full
    /// disk, a lost connection) fails its requests at once.
    /// </summary>
    internal static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    private async Task SaveAsync(IReadOnlyList<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
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

/// <summary>The issuance writer takes no more requests (shutdown, or its loop failed). The credential endpoint answers 503.</summary>
internal sealed class IssuanceWriterStoppedException(string message, Exception? innerException) : Exception(message, innerException);
