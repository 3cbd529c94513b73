using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SchoolJournal.Web.Infrastructure.ReadModels;

/// <summary>
/// Tells the read cache what a save changed (issue 16): before the save it reads the change tracker — every row added,
/// changed or removed, with its old and new keys — and after the commit (the save's own, or the surrounding
/// transaction's) it bumps those rows here and on the other nodes (<see cref="ReadCacheBus"/>). A row of a kind not
/// named below bumps its whole school; a row with no school (a login's roles) flushes everything. Rows no read model is
/// built from (the audit chain, the outbox, notifications, visits, a login's sign-in bookkeeping) bump nothing.
/// Bulk updates that bypass the change tracker (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>) call <see cref="ReadCacheBus.Publish"/> themselves.
/// </summary>
public sealed class ReadCacheInterceptor(ReadCacheBus bus) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Pending
    {
        public readonly HashSet<long> Deps = [];
        public bool FlushAll;
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    private const int MaxDeps = 10_000;

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        PublishUnlessInTransaction(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        PublishUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // A save that failed may still have written part of its rows inside a transaction the caller goes on with: keep what
    // it collected for that transaction's end; alone, it wrote nothing.
    public void SaveChangesFailed(DbContextErrorEventData eventData) => DropUnlessInTransaction(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        DropUnlessInTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Publish(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A bulk update or delete (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>) changed these rows behind the change tracker: published
    /// now when it committed on its own, else with the surrounding transaction's commit. No rows named: the whole cache goes.
    /// </summary>
    public void Touched(DbContext context, params long[] deps)
    {
        var pending = _pending.GetValue(context, _ => new Pending());
        if (deps.Length == 0) pending.FlushAll = true;
        foreach (var dep in deps) pending.Deps.Add(dep);
        PublishUnlessInTransaction(context);
    }

    /// <summary>
    /// A pooled context starts a new lease: what its last one collected for a transaction that ended without a commit or a
    /// rollback (disposed after an exception) is dropped, as it went with the context before contexts were pooled.
    /// </summary>
    public void Forget(DbContext context) => _pending.Remove(context);

    private void PublishUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null) Publish(context);
    }

    private void DropUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null) Drop(context);
    }

    private void Drop(DbContext? context)
    {
        if (context is not null) _pending.Remove(context);
    }

    private void Publish(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending)) return;
        _pending.Remove(context);
        // A bulk save (an import, the seeder) names more rows than are worth sending to every node: all of it goes.
        if (pending.FlushAll || pending.Deps.Count > MaxDeps) bus.PublishFlush();
        else if (pending.Deps.Count > 0) bus.Publish(pending.Deps);
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        Pending? pending = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            pending ??= _pending.GetValue(context, _ => new Pending());
            if (!DepsOf(entry, context, pending.Deps)) pending.FlushAll = true;
        }
    }

    /// <summary>Adds what the row touches; false when it cannot be placed in a school (everything goes stale).</summary>
    internal static bool DepsOf(EntityEntry entry, DbContext context, HashSet<long> deps)
    {
        switch (entry.Entity)
        {
            case AuditEvent or DiaryEvent or Notification or DiaryAcknowledgment or RegionalExport or ExtractIssue or SupportRequest
                or CredentialIssue or ImportBatch:
                return true;
            case Data.AppUser when entry.State == EntityState.Modified && OnlySignInBookkeeping(entry):
                return true;
            case Mark:
                Add(deps, entry, nameof(Mark.LessonId), ReadDep.Lesson);
                Add(deps, entry, nameof(Mark.StudentId), ReadDep.Student);
                return true;
            case Attendance:
                Add(deps, entry, nameof(Attendance.LessonId), ReadDep.Lesson);
                Add(deps, entry, nameof(Attendance.StudentId), ReadDep.Student);
                return true;
            case DailyAbsence:
                Add(deps, entry, nameof(DailyAbsence.StudentId), ReadDep.Student);
                Add(deps, entry, nameof(DailyAbsence.StudentId), ReadDep.Daily);
                return true;
            case Homework:
                Add(deps, entry, nameof(Homework.LessonId), ReadDep.Lesson);
                return true;
            case LessonChange:
                Add(deps, entry, nameof(LessonChange.LessonId), ReadDep.Lesson);
                return true;
            case HomeworkAttachment or HomeworkStudent:
                // They name the homework, not its lesson: the lesson is the tracked homework's, else the whole school.
                var homeworkId = (int)entry.Property(nameof(HomeworkStudent.HomeworkId)).CurrentValue!;
                var homework = context.ChangeTracker.Entries<Homework>().FirstOrDefault(h => h.Entity.Id == homeworkId);
                if (homework is not null)
                {
                    deps.Add(ReadDep.Lesson(homework.Entity.LessonId));
                    return true;
                }
                if (entry.Entity is not ISchoolOwned o) return AddRequestSchool(context, deps);
                deps.Add(ReadDep.School(o.SchoolId));
                return true;
            case Lesson l:
                Add(deps, entry, nameof(Lesson.Id), ReadDep.Lesson);
                Add(deps, entry, nameof(Lesson.TeachingGroupId), ReadDep.Group);
                // Who teaches a lesson decides who reads its group (substitutes): that is the access sets' business, school-wide.
                if (entry.State != EntityState.Modified
                    || Changed(entry, nameof(Lesson.TeacherId), nameof(Lesson.SubstituteTeacherId), nameof(Lesson.TeachingGroupId)))
                    deps.Add(ReadDep.School(l.SchoolId));
                return true;
            case PeriodGrade:
                Add(deps, entry, nameof(PeriodGrade.TeachingGroupId), ReadDep.Group);
                Add(deps, entry, nameof(PeriodGrade.StudentId), ReadDep.Student);
                return true;
            case PeriodLock:
                Add(deps, entry, nameof(PeriodLock.TeachingGroupId), ReadDep.Group);
                return true;
            case ISchoolOwned owned:
                deps.Add(ReadDep.School(owned.SchoolId));
                if (entry.State == EntityState.Modified && entry.Property(nameof(ISchoolOwned.SchoolId)).OriginalValue is int was)
                    deps.Add(ReadDep.School(was));
                return true;
            case Data.AppUser { SchoolId: int userSchool }:
                deps.Add(ReadDep.School(userSchool));
                return true;
            default:
                // A link row (a group's classes, a student's parents) carries no school: in a request it is the request's.
                return AddRequestSchool(context, deps);
        }
    }

    private static bool AddRequestSchool(DbContext context, HashSet<long> deps)
    {
        // Outside a request (a command, the seeder) or with no school of its own (0), the save cannot be placed.
        if (context is not Data.JournalDbContext { CurrentSchoolId: int id and > 0 }) return false;
        deps.Add(ReadDep.School(id));
        return true;
    }

    private static readonly HashSet<string> SignInBookkeeping =
    [
        nameof(Data.AppUser.LastSignInAt), nameof(IdentityUser.AccessFailedCount), nameof(IdentityUser.LockoutEnd),
        nameof(IdentityUser.ConcurrencyStamp),
    ];

    private static bool OnlySignInBookkeeping(EntityEntry entry) =>
        entry.Properties.Where(p => p.IsModified).All(p => SignInBookkeeping.Contains(p.Metadata.Name));

    /// <summary>The id's dependency, and the old one too when the save moves the row (a mark to another lesson).</summary>
    private static void Add(HashSet<long> deps, EntityEntry entry, string property, Func<int, long> dep)
    {
        var p = entry.Property(property);
        if (p.CurrentValue is int now) deps.Add(dep(now));
        if (entry.State == EntityState.Modified && p.OriginalValue is int was) deps.Add(dep(was));
    }

    private static bool Changed(EntityEntry entry, params string[] properties) =>
        properties.Any(p => entry.Property(p) is { IsModified: true } prop && !Equals(prop.OriginalValue, prop.CurrentValue));
}
