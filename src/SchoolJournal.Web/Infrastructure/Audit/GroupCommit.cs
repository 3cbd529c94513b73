using System.Diagnostics.Metrics;
using System.Threading.Channels;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure.Audit;

/// <summary>Who made a change, for an audit event that another scope writes (<see cref="GroupCommit"/>).</summary>
public sealed record AuditActor(int SchoolId, string? UserId, string Name, string? Ip);

/// <summary>What an audit event says about one change, known once the change is saved (a new row's id is known then).</summary>
public sealed record AuditDraft(AuditEventType Type, string Entity, object EntityId, object? Before, object? After);

/// <summary>
/// The group commit of the journal's hottest writes on SQLite (decision 0026): a mark written or removed is handed here, and one
/// loop saves every write that has come in since its last save in one transaction — the rows, their audit events on the chain's
/// head read once, their diary events, one COMMIT — then answers each request. SQLite has one writer: one by one, sixteen teachers'
/// marks queued for it one BEGIN, two saves, a head read and a COMMIT each. A write that the batch refuses (a row gone meanwhile) is
/// tried again alone, so it fails alone. The loop runs outside any request: its context sees every school, and each event names
/// its own author. A write handed over is saved even if its request is aborted meanwhile: the hand-over is its point of no return,
/// as a COMMIT was.
/// </summary>
public sealed class GroupCommit(IServiceScopeFactory scopes, ILogger<GroupCommit> log, IMeterFactory meters) : IDisposable
{
    private readonly Histogram<int> _size = meters.Create(SqliteWriteGate.MeterName).CreateHistogram<int>("sqlite.group_commit.size",
        "{write}", "Writes saved in one transaction of the group commit");

    /// <summary>Writes in one transaction at most: a batch of this many holds the writer for a few milliseconds.</summary>
    public const int MaxBatch = 64;

    /// <summary>One change: staged on the batch's context, it returns how to describe its audit event after the save.</summary>
    public delegate Func<AuditDraft> Stage(JournalDbContext db);

    private sealed record Item(AuditActor Actor, Stage Stage, TaskCompletionSource Done);

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions());
    private readonly Lock _start = new();
    private Task? _loop;

    /// <summary>Saves the change with its audit event; completes when it is committed, or throws what the save threw.</summary>
    public Task WriteAsync(AuditActor actor, Stage stage)
    {
        var item = new Item(actor, stage, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(item))
            throw new ObjectDisposedException(nameof(GroupCommit), "Приложение останавливается.");
        EnsureLoop();
        return item.Done.Task;
    }

    /// <summary>Writes handed over and not yet taken into a batch.</summary>
    public int Queued => _queue.Reader.Count;

    private void EnsureLoop()
    {
        if (_loop is not null) return;
        lock (_start)
        {
            if (_loop is not null) return;
            // The loop belongs to no request: the first writer's HttpContext and user must not flow into every later batch.
            using (ExecutionContext.SuppressFlow()) _loop = Task.Run(LoopAsync);
        }
    }

    private async Task LoopAsync()
    {
        var batch = new List<Item>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                await SaveAsync(batch);
                _size.Record(batch.Count);
                foreach (var item in batch) item.Done.TrySetResult();
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                log.LogWarning(ex, "Group commit of {Count} writes refused; each is tried alone", batch.Count);
                foreach (var item in batch) await SaveAloneAsync(item);
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
            batch.Clear();
        }
    }

    private async Task SaveAloneAsync(Item item)
    {
        try
        {
            await SaveAsync([item]);
            _size.Record(1);
            item.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            item.Done.TrySetException(ex);
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
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var item)) item.Done.TrySetException(new ObjectDisposedException(nameof(GroupCommit)));
    }
}
