using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Parents;

/// <summary>
/// Факт ознакомления (R-DIARY-4). The diary pages call <see cref="RecordVisitAsync"/> when a parent opens a child's
/// week or period; the «Ознакомлен» button is the partial _Acknowledge.cshtml with <see cref="AcknowledgeModel"/>.
/// </summary>
public sealed class Acknowledgments(JournalDbContext db, AccessService access, CurrentUser user, TimeProvider time, DiaryVisits visits)
{
    /// <summary>What the partial shows: nothing (not a parent of the student), the button, or when it was pressed.</summary>
    public sealed record State(bool IsParent, DateTimeOffset? AcknowledgedAt);

    public sealed record AcknowledgmentDto(int Id, int StudentId, int ParentId, DateOnly From, DateOnly To, int? StudyPeriodId, DateTimeOffset At);

    /// <summary>
    /// Notes that the signed-in user, when he is a parent of the student, has seen the diary for these dates: one
    /// Visit row per (parent, student, From, period), its time moved on each view. Runs on every diary view, so it
    /// only reads; <see cref="DiaryVisits"/> writes the row within a second, outside the request.
    /// </summary>
    public async Task RecordVisitAsync(int studentId, DateOnly from, DateOnly to, int? studyPeriodId, CancellationToken ct)
    {
        if (user.SchoolId is not int schoolId || await ParentOfAsync(studentId, ct) is not int parentId) return;
        visits.Note(new(schoolId, parentId, studentId, from, studyPeriodId), new(to, time.GetUtcNow()));
    }

    /// <summary>The parent presses «Ознакомлен»: one Acknowledged row (they are kept, each press is a fact). Null when refused.</summary>
    public async Task<AcknowledgmentDto?> AcknowledgeAsync(int studentId, DateOnly from, DateOnly to, int? studyPeriodId, CancellationToken ct)
    {
        if (await ParentOfAsync(studentId, ct) is not int parentId) return null;
        var now = time.GetUtcNow();
        var row = new DiaryAcknowledgment
        {
            SchoolId = user.SchoolId!.Value, ParentId = parentId, StudentId = studentId, Kind = AcknowledgmentKind.Acknowledged,
            From = from, To = to, StudyPeriodId = studyPeriodId, At = now, AtMs = now.ToUnixTimeMilliseconds(),
        };
        db.DiaryAcknowledgments.Add(row);
        await db.SaveChangesAsync(ct);
        return new AcknowledgmentDto(row.Id, studentId, parentId, from, to, studyPeriodId, now);
    }

    /// <summary>
    /// The partial's state: acknowledged when one of the parent's «Ознакомлен» covering these dates came after the
    /// latest mark of those dates was written (<see cref="AcknowledgmentRules"/>).
    /// </summary>
    public async Task<State> StateAsync(AcknowledgeModel model, CancellationToken ct)
    {
        if (await ParentOfAsync(model.StudentId, ct) is not int parentId) return new(false, null);
        if (await LatestAcknowledgment(db, parentId, model.StudentId, model.From, model.To, ct) is not { } last) return new(true, null);
        var latestMark = long.MinValue;
        await foreach (var mark in MarksWritten(db, model.StudentId, model.From, model.To).WithCancellation(ct))
            latestMark = Math.Max(latestMark, AcknowledgmentRules.WrittenAtMs(mark.CreatedAt, mark.UpdatedAt));
        return new(true, last.AtMs > latestMark ? last.At : null);
    }

    private sealed record Pressed(DateTimeOffset At, long AtMs);

    private sealed record Written(DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt);

    // Every diary page a parent opens asks for the state: both queries compiled once. Building the LINQ tree and finding it in EF's
    // query cache was half of the state's CPU, and the state a seventh of the marks page's (perf, issue 16).
    private static readonly Func<JournalDbContext, int, int, DateOnly, DateOnly, CancellationToken, Task<Pressed?>> LatestAcknowledgment =
        EF.CompileAsyncQuery((JournalDbContext db, int parentId, int studentId, DateOnly from, DateOnly to, CancellationToken ct) =>
            db.DiaryAcknowledgments.AsNoTracking()
                .Where(a => a.ParentId == parentId && a.StudentId == studentId && a.Kind == AcknowledgmentKind.Acknowledged
                    && a.From <= from && a.To >= to)
                .OrderByDescending(a => a.AtMs).Select(a => new Pressed(a.At, a.AtMs)).FirstOrDefault());

    private static readonly Func<JournalDbContext, int, DateOnly, DateOnly, IAsyncEnumerable<Written>> MarksWritten =
        EF.CompileAsyncQuery((JournalDbContext db, int studentId, DateOnly from, DateOnly to) => db.Marks.AsNoTracking()
            .Where(m => m.StudentId == studentId && m.Lesson!.Date >= from && m.Lesson.Date <= to)
            .Select(m => new Written(m.CreatedAt, m.UpdatedAt)));

    /// <summary>The signed-in parent's id when he is a parent of the student; null for everyone else.</summary>
    public async Task<int?> ParentOfAsync(int studentId, CancellationToken ct)
    {
        // The parent's children are the access service's cached own students (himself excluded when he is a student too).
        if (await access.OwnParentIdAsync(ct) is not int parentId) return null;
        if (user.IsInRole(Roles.Student) && (await access.LinksAsync(ct)).StudentId == studentId) return null;
        return (await access.OwnStudentListAsync(ct)).Any(o => o.Id == studentId) ? parentId : null;
    }
}

/// <summary>What the «Ознакомлен» button acknowledges: a week (From..To) or a period.</summary>
public sealed record AcknowledgeModel(int StudentId, DateOnly From, DateOnly To, int? StudyPeriodId);
