using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Journal.JournalWrite;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>Deleting a mark: DELETE /api/v1/marks/{id}, the grid's Delete key and the lesson page; the audit log keeps what it was.</summary>
/// <remarks>On SQLite the removal and its audit event are saved by the <see cref="GroupCommit"/>.</remarks>
public sealed class RemoveMark(AccessService access, JournalDbContext db, AuditLog audit, GroupCommit? commit = null)
{
    // Compiled, as the lesson's query of every journal write (JournalWrite).
    private static readonly Func<JournalDbContext, int, CancellationToken, Task<Mark?>> MarkOf = EF.CompileAsyncQuery(
        (JournalDbContext db, int id, CancellationToken ct) => db.Marks.AsNoTracking().Include(m => m.WorkType).FirstOrDefault(m => m.Id == id));

    public async Task<Outcome<int>> HandleAsync(int markId, CancellationToken ct)
    {
        if (!access.WritesJournals) return JournalProblems.NotHisJournal;
        var mark = await MarkOf(db, markId, ct);
        if (mark is null) return Problem.NotFound("Отметка не найдена");
        var (lesson, refusal) = await WritableLessonAsync(mark.LessonId, access, db, ct);
        if (lesson is null) return refusal!;

        var before = Snapshot(mark, mark.WorkType!);
        // Read untracked: the context that saves removes a copy of the row as read here (its fields, not its work type), which
        // the diary's event and the read cache need; the group commit makes one for every attempt.
        var values = db.Entry(mark).CurrentValues.Clone();
        await SaveAuditedAsync(db, audit, commit, mark.SchoolId, context =>
        {
            context.Marks.Remove((Mark)values.ToObject());
            return () => new AuditDraft(AuditEventType.MarkDeleted, "mark", markId, before, null);
        }, ct);
        return Outcome<int>.Ok(markId);
    }
}
