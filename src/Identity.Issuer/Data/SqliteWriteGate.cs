using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Identity.Issuer.Data;

/// <summary>
/// SQLite has one writer at a time. When requests of this process save at the same moment, the losers would wait inside SQLite's
/// busy handler, which polls with sleeps of 1 to 100 ms: a refresh (four saves) then waited far longer than it worked. This gate
/// queues this process's saves on an async semaphore instead, so each waits exactly until the previous one has committed. Writers of
/// other processes on the same file are still handled by <c>busy_timeout</c> (<see cref="SqliteJournal"/>). A save inside an
/// explicit transaction does not queue: its transaction may already hold SQLite's write lock, and queueing behind a save that waits
/// for that lock would deadlock until the busy timeout.
/// </summary>
internal sealed class SqliteWriteGate : SaveChangesInterceptor
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Which contexts hold the gate; a context saves once at a time, so a flag per context suffices.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _holders = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (ShouldQueue(eventData.Context) is { } context)
        {
            _gate.Wait();
            _holders.AddOrUpdate(context, this);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (ShouldQueue(eventData.Context) is { } context)
        {
            await _gate.WaitAsync(cancellationToken);
            _holders.AddOrUpdate(context, this);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Release(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    private static DbContext? ShouldQueue(DbContext? context)
        => context is not null && context.Database.CurrentTransaction is null ? context : null;

    private void Release(DbContext? context)
    {
        if (context is not null && _holders.Remove(context))
        {
            _gate.Release();
        }
    }
}
