using System.Data.Common;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SchoolJournal.Web.Infrastructure.Outbox;

/// <summary>
/// The outbox's writer (ARCHITECTURE decision 8): whatever path changes a mark, an attendance, homework, a lesson,
/// a message or a period grade (API, page, grid, import), the same SaveChanges adds a <see cref="DiaryEvent"/>,
/// so the change and its event land in one transaction or not at all. After a commit the local dispatcher is woken
/// (<see cref="OutboxSignal"/>); other nodes find the rows on their next poll.
/// </summary>
public sealed class DiaryOutboxInterceptor(TimeProvider time, OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddEvents(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        AddEvents(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        WakeIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        WakeIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    private void WakeIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null) signal.Notify();
    }

    private void AddEvents(DbContext? context)
    {
        if (context is null or Data.JournalDbContext { SuppressDiaryEvents: true }) return;
        var events = new List<DiaryEvent>();
        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (EventFor(entry) is { } e) events.Add(e);
        }
        if (events.Count == 0) return;
        var now = time.GetUtcNow();
        foreach (var e in events)
        {
            e.OccurredAt = now;
            e.OccurredAtMs = now.ToUnixTimeMilliseconds();
        }
        context.Set<DiaryEvent>().AddRange(events);
    }

    private static DiaryEvent? EventFor(EntityEntry entry)
    {
        var removed = entry.State == EntityState.Deleted;
        switch (entry.Entity)
        {
            case Mark m when entry.State != EntityState.Modified
                || Changed(entry, nameof(Mark.Value), nameof(Mark.WorkTypeId), nameof(Mark.Comment), nameof(Mark.LessonId)):
                return new DiaryEvent
                {
                    SchoolId = m.SchoolId, Kind = DiaryEventKind.Mark, StudentId = m.StudentId, LessonId = m.LessonId,
                    Value = removed ? null : m.Value, WorkTypeId = m.WorkTypeId, Removed = removed,
                };
            case Attendance a when entry.State != EntityState.Modified || Changed(entry, nameof(Attendance.Code), nameof(Attendance.LateMinutes)):
                return new DiaryEvent
                {
                    SchoolId = a.SchoolId, Kind = DiaryEventKind.Absence, StudentId = a.StudentId, LessonId = a.LessonId,
                    Value = removed ? null : a.Code.ToRussian(), Removed = removed,
                };
            case DailyAbsence d when entry.State != EntityState.Modified || Changed(entry, nameof(DailyAbsence.Code), nameof(DailyAbsence.Date)):
                return new DiaryEvent
                {
                    SchoolId = d.SchoolId, Kind = DiaryEventKind.Absence, StudentId = d.StudentId,
                    Value = removed ? null : d.Code.ToRussian(), Text = d.Date.ToString("yyyy-MM-dd"), Removed = removed,
                };
            case Homework h when entry.State != EntityState.Modified || Changed(entry, nameof(Homework.Text), nameof(Homework.DueDate)):
                return new DiaryEvent { SchoolId = h.SchoolId, Kind = DiaryEventKind.Homework, LessonId = h.LessonId, Removed = removed };
            case Lesson l when entry.State == EntityState.Modified:
                var what = LessonChangeText(entry);
                if (what is not null)
                    return new DiaryEvent { SchoolId = l.SchoolId, Kind = DiaryEventKind.LessonChanged, LessonId = l.Id,
                        TeachingGroupId = l.TeachingGroupId, Text = what };
                if (Changed(entry, nameof(Lesson.Topic)))
                    return new DiaryEvent { SchoolId = l.SchoolId, Kind = DiaryEventKind.Topic, LessonId = l.Id,
                        TeachingGroupId = l.TeachingGroupId };
                return null;
            case TeacherMessage t when entry.State == EntityState.Added:
                return new DiaryEvent
                {
                    SchoolId = t.SchoolId, Kind = DiaryEventKind.Message, StudentId = t.StudentId, TeachingGroupId = t.TeachingGroupId,
                    Text = t.Text.Length > 2000 ? t.Text[..2000] : t.Text,
                };
            case PeriodGrade g when entry.State != EntityState.Modified || Changed(entry, nameof(PeriodGrade.Value), nameof(PeriodGrade.Deferred)):
                return new DiaryEvent
                {
                    SchoolId = g.SchoolId, Kind = DiaryEventKind.PeriodGrade, StudentId = g.StudentId, TeachingGroupId = g.TeachingGroupId,
                    StudyPeriodId = g.StudyPeriodId, Value = removed ? null : g.Value, Text = g.Kind.ToString(), Removed = removed,
                };
            default:
                return null;
        }
    }

    /// <summary>What a parent is told about a lesson that changed; null when nothing he cares about changed.</summary>
    private static string? LessonChangeText(EntityEntry entry)
    {
        if (Changed(entry, nameof(Lesson.Status)) && entry.Entity is Lesson { Status: LessonStatus.Cancelled }) return "урок отменён";
        if (Changed(entry, nameof(Lesson.Date), nameof(Lesson.Number))) return "урок перенесён";
        if (Changed(entry, nameof(Lesson.SubstituteTeacherId), nameof(Lesson.TeacherId))) return "замена учителя";
        if (Changed(entry, nameof(Lesson.RoomId))) return "другой кабинет";
        if (Changed(entry, nameof(Lesson.Status)) && Equals(entry.Property(nameof(Lesson.Status)).OriginalValue, LessonStatus.Cancelled))
            return "урок восстановлен";
        return null;
    }

    private static bool Changed(EntityEntry entry, params string[] properties) =>
        properties.Any(p => entry.Property(p) is { IsModified: true } prop && !Equals(prop.OriginalValue, prop.CurrentValue));
}

/// <summary>Wakes the local dispatcher when an outbox row may be waiting; several signals before it wakes count as one.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try { _semaphore.Release(); }
            catch (SemaphoreFullException) { }
        }
    }

    /// <summary>Waits for a signal or the timeout, whichever comes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);
}
