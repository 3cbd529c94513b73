using System.Collections.Concurrent;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Parents;

/// <summary>
/// Parents' diary visits, kept in memory and written in batches (issue 16): a diary view only notes the visit here, so
/// parents' reads never queue on the database's writer. Several views of the same week before a flush become one
/// upsert with the latest time. <see cref="DiaryVisitWriter"/> flushes every second and on shutdown; the class teacher's
/// report flushes first, so on the node that served the parent it is never behind.
/// </summary>
public sealed class DiaryVisits(IServiceScopeFactory scopes)
{
    public readonly record struct Key(int SchoolId, int ParentId, int StudentId, DateOnly From, int? StudyPeriodId);

    public readonly record struct Seen(DateOnly To, DateTimeOffset At);

    private ConcurrentDictionary<Key, Seen> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);

    public void Note(Key key, Seen seen) =>
        _pending.AddOrUpdate(key, seen, (_, old) => old.At >= seen.At ? old : seen);

    /// <summary>Writes every noted visit: one UPDATE per (parent, student, dates), an INSERT when there was no row yet.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<Key, Seen>());
            if (batch.IsEmpty) return;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            foreach (var (k, seen) in batch)
            {
                var ms = seen.At.ToUnixTimeMilliseconds();
                var updated = await db.DiaryAcknowledgments.IgnoreQueryFilters()
                    .Where(a => a.ParentId == k.ParentId && a.StudentId == k.StudentId && a.Kind == AcknowledgmentKind.Visit
                        && a.From == k.From && a.StudyPeriodId == k.StudyPeriodId && a.AtMs < ms)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.At, seen.At).SetProperty(a => a.AtMs, ms).SetProperty(a => a.To, seen.To), ct);
                if (updated > 0 || await db.DiaryAcknowledgments.IgnoreQueryFilters().AnyAsync(a => a.ParentId == k.ParentId
                        && a.StudentId == k.StudentId && a.Kind == AcknowledgmentKind.Visit && a.From == k.From
                        && a.StudyPeriodId == k.StudyPeriodId, ct))
                    continue;
                db.DiaryAcknowledgments.Add(new DiaryAcknowledgment
                {
                    SchoolId = k.SchoolId, ParentId = k.ParentId, StudentId = k.StudentId, Kind = AcknowledgmentKind.Visit,
                    From = k.From, To = seen.To, StudyPeriodId = k.StudyPeriodId, At = seen.At, AtMs = ms,
                });
            }
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            _flushing.Release();
        }
    }
}

/// <summary>Flushes <see cref="DiaryVisits"/> once a second, and a last time when the app stops.</summary>
public sealed class DiaryVisitWriter(DiaryVisits visits, ILogger<DiaryVisitWriter> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await FlushLoggedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushLoggedAsync(cancellationToken);
    }

    private async Task FlushLoggedAsync(CancellationToken ct)
    {
        try
        {
            await visits.FlushAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Не удалось записать посещения дневника");
        }
    }
}
