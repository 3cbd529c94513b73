using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// Keeps the summary sheet of final grades (R-JRN-5 → R-REP-9) in step with the journal: every year, exam or final
/// grade set or removed is copied into <see cref="SummaryGrade"/> in the same transaction. Period grades stay in the journal.
/// </summary>
public static class SummarySheet
{
    public static bool Copies(PeriodGradeKind kind) => kind is PeriodGradeKind.Year or PeriodGradeKind.Exam or PeriodGradeKind.Final;

    /// <summary>Stages the copy of a saved grade (it has its id); the caller's next save writes it.</summary>
    public static async Task CopyAsync(JournalDbContext db, PeriodGrade grade, DateTimeOffset now, CancellationToken ct)
    {
        if (!Copies(grade.Kind)) return;
        var source = await db.TeachingGroups.AsNoTracking().Where(g => g.Id == grade.TeachingGroupId)
            .Select(g => new { g.AcademicYearId, g.SubjectId, Subject = g.Subject!.Name, ClassIds = g.Classes.Select(c => c.SchoolClassId).ToList() })
            .FirstAsync(ct);
        var student = await db.Students.AsNoTracking().Where(s => s.Id == grade.StudentId)
            .Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstAsync(ct);
        // The class he learnt in, of those the group serves: his latest stay in one of them.
        var cls = await db.Enrolments.AsNoTracking().Where(e => e.StudentId == grade.StudentId && source.ClassIds.Contains(e.SchoolClassId))
            .OrderByDescending(e => e.From).Select(e => new { e.SchoolClass!.Grade, e.SchoolClass.Letter }).FirstOrDefaultAsync(ct);
        var line = await db.SummaryGrades.FirstOrDefaultAsync(s => s.AcademicYearId == source.AcademicYearId
            && s.StudentId == grade.StudentId && s.SubjectId == source.SubjectId && s.Kind == grade.Kind, ct);
        if (line is null)
        {
            line = new SummaryGrade
            {
                SchoolId = grade.SchoolId, AcademicYearId = source.AcademicYearId, StudentId = grade.StudentId, SubjectId = source.SubjectId,
                Kind = grade.Kind, StudentName = "", ClassName = "", SubjectName = "", Value = "",
            };
            db.SummaryGrades.Add(line);
        }
        line.StudentName = PersonName.Full(student.LastName, student.FirstName, student.MiddleName);
        line.ClassName = cls is null ? "" : $"{cls.Grade}{cls.Letter}";
        line.SubjectName = source.Subject;
        line.TeachingGroupId = grade.TeachingGroupId;
        (line.Value, line.Deferred, line.DeferredUntil) = (grade.Value, grade.Deferred, grade.DeferredUntil);
        line.SourceGradeId = grade.Id;
        line.CopiedAt = now;
    }

    /// <summary>Stages the removal of a deleted grade's copy.</summary>
    public static async Task RemoveAsync(JournalDbContext db, PeriodGrade grade, CancellationToken ct)
    {
        if (!Copies(grade.Kind)) return;
        var line = await db.SummaryGrades.FirstOrDefaultAsync(s => s.SourceGradeId == grade.Id, ct);
        if (line is not null) db.SummaryGrades.Remove(line);
    }
}
