using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure.Audit;

/// <summary>Who made a change, for an audit event that another scope writes (<see cref="GroupCommit"/>).</summary>
public sealed record AuditActor(int SchoolId, string? UserId, string Name, string? Ip);

/// <summary>What an audit event says about one change, known once the change is saved (a new row's id is known then).</summary>
public sealed record AuditDraft(AuditEventType Type, string Entity, object EntityId, object? Before, object? After);

/// <summary>
/// The group commit of the journal's hottest writes on SQLite (decision 0026): the marks written or removed while SQLite's one writer
/// is busy are saved together in one transaction — the rows, their audit events on the chain's head read once, their diary events,
/// one COMMIT — then each request is answered. SQLite has one writer: one by one, sixteen teachers' marks queued for it one BEGIN,
/// two saves, a head read and a COMMIT each. A write that comes when no batch is under way saves itself at once on its request's
/// thread (it leads); the writes that come during a batch queue, and when the batch ends the oldest of them leads the next, which
/// takes them all. No thread of its own and no hand-over to one: a lone write waits for no other. A write that the batch refuses (a
/// row gone meanwhile) is tried again alone, so it fails alone. A batch belongs to no request, not even the one that leads it: its
/// context sees every school, and each event names its own author. A write handed over is saved even if its request is aborted
/// meanwhile: the hand-over is its point of no return, as a COMMIT was.
/// </summary>
public sealed class GroupCommit(IServiceScopeFactory scopes, ILogger<GroupCommit> log, IMeterFactory meters) : IDisposable
{
    private readonly Histogram<int> _size = meters.Create(SqliteWriteGate.MeterName).CreateHistogram<int>("sqlite.group_commit.size",
        "{write}", "Writes saved in one transaction of the group commit");

    /// <summary>Writes in one transaction at most: a batch of this many holds the writer for a few milliseconds.</summary>
    public const int MaxBatch = 64;

    /// <summary>One change: staged on the batch's context, it returns how to describe its audit event after the save.</summary>
    public delegate Func<AuditDraft> Stage(JournalDbContext db);

    /// <summary>A write handed over: it waits for its signal — saved (or failed) by another's batch, or its turn to lead the next.</summary>
    private sealed class Item(AuditActor actor, Stage stage)
    {
        public AuditActor Actor { get; } = actor;

        public Stage Stage { get; } = stage;

        /// <summary>True: <see cref="Finished"/>, with <see cref="Error"/> if it failed. False: the writer is this write's to lead.</summary>
        public TaskCompletionSource<bool> Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Finished { get; private set; }

        public Exception? Error { get; private set; }

        public void Finish(Exception? error = null)
        {
            (Error, Finished) = (error, true);
            Signal.TrySetResult(true);
        }
    }

    private readonly ConcurrentQueue<Item> _queue = new();

    /// <summary>1 while a request leads (saves batches), 0 when no one does; taken, handed on and given back atomically.</summary>
    private int _busy;

    private volatile bool _stopped;

    /// <summary>
    /// An execution context with no request in it: a leading request saves its batches in it, so the batch's context does not take
    /// the leader's user and school for its own (a batch may hold other schools' writes).
    /// </summary>
    private static readonly ExecutionContext Detached = DetachedContext();

    private static ExecutionContext DetachedContext()
    {
        ExecutionContext? detached = null;
        var thread = new Thread(() => detached = ExecutionContext.Capture()) { IsBackground = true };
        // A thread started with the flow suppressed starts with the empty context, which it then captures.
        using (ExecutionContext.SuppressFlow()) thread.Start();
        thread.Join();
        return detached ?? throw new InvalidOperationException("Пустой контекст выполнения недоступен.");
    }

    /// <summary>Saves the change with its audit event; completes when it is committed, or throws what the save threw.</summary>
    public async Task WriteAsync(AuditActor actor, Stage stage)
    {
        if (_stopped) throw new ObjectDisposedException(nameof(GroupCommit), "Приложение останавливается.");
        var item = new Item(actor, stage);
        _queue.Enqueue(item);
        // The writer is free, or the batch before this write has ended and handed it on: this request saves the next batch itself.
        if (Interlocked.CompareExchange(ref _busy, 1, 0) == 0 || !await item.Signal.Task) await LeadAsync(item);
        if (item.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }

    /// <summary>Writes handed over and not yet taken into a batch.</summary>
    public int Queued => _queue.Count;

    /// <summary>Saves batches from the queue's head until this request's own write is among the saved, then hands the writer on.</summary>
    private async Task LeadAsync(Item own)
    {
        try
        {
            while (!own.Finished)
            {
                var batch = Task.CompletedTask;
                ExecutionContext.Run(Detached, _ => batch = SaveNextBatchAsync(), null);
                await batch;
            }
        }
        finally
        {
            HandOn();
        }
    }

    /// <summary>
    /// Gives the writer back, or, with writes queued, passes it to the oldest of them: that request saves the next batch (the writes
    /// that came during this one) on its own thread, while this request is answered.
    /// </summary>
    private void HandOn()
    {
        while (true)
        {
            // Interlocked on both sides: a writer that found the flag set had queued its write first, and this read sees it.
            Interlocked.Exchange(ref _busy, 0);
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return;
            // Only the holder takes from the queue, so its head stays there until the signalled request takes it.
            if (_queue.TryPeek(out var next) && next.Signal.TrySetResult(false)) return;
        }
    }

    private async Task SaveNextBatchAsync()
    {
        var batch = new List<Item>();
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var item)) batch.Add(item);
        if (batch.Count == 0) return;
        try
        {
            await SaveAsync(batch);
            _size.Record(batch.Count);
            foreach (var item in batch) item.Finish();
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            log.LogWarning(ex, "Group commit of {Count} writes refused; each is tried alone", batch.Count);
            foreach (var item in batch) await SaveAloneAsync(item);
        }
        catch (Exception ex)
        {
            batch[0].Finish(ex);
        }
    }

    private async Task SaveAloneAsync(Item item)
    {
        try
        {
            await SaveAsync([item]);
            _size.Record(1);
            item.Finish();
        }
        catch (Exception ex)
        {
            item.Finish(ex);
        }
    }

    private async Task SaveAsync(IReadOnlyList<Item> items)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var describe = items.Select(i => i.Stage(db)).ToList();
        await audit.SaveAuditedAsync(db, async () =>
        {
            for (var i = 0; i < items.Count; i++) await audit.RecordAsync(describe[i](), items[i].Actor);
        }, CancellationToken.None);
    }

    /// <summary>The writes still queued when the app stops are refused: their requests end with an error, nothing half-written.</summary>
    public void Dispose()
    {
        _stopped = true;
        while (_queue.TryDequeue(out var item)) item.Finish(new ObjectDisposedException(nameof(GroupCommit)));
    }
}
