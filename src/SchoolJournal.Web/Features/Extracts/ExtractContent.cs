using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;

namespace SchoolJournal.Web.Features.Extracts;

/// <summary>What a paper extract of a student's diary shows for a span of dates (R-DIARY-5).</summary>
public sealed record ExtractContent(
    string SchoolName, string StudentName, string? ClassName, string? ClassTeacher, string? ClassTeacherShort, string Span,
    IReadOnlyList<ExtractContent.SubjectRow> Subjects, IReadOnlyList<ExtractContent.AbsenceRow> Absences)
{
    /// <param name="Marks">«5 (03.11)» in date order.</param>
    public sealed record SubjectRow(string Subject, IReadOnlyList<string> Marks, decimal? Average, IReadOnlyList<string> Grades);

    public sealed record AbsenceRow(string Code, int Lessons, IReadOnlyList<DateOnly> Dates);

    public sealed record MarkFact(string Subject, DateOnly Date, int Number, int Id, string Value, decimal Weight);

    /// <summary>A lesson the student was due at and his mark for missing it: the lesson's own, else the class teacher's for the day.</summary>
    public sealed record LessonFact(DateOnly Date, AttendanceCode? Code);

    public static readonly string[] CodeOrder = ["Н", "Б", "У", "ОП"];

    /// <summary>Marks per subject in date order with the journal's weighted average (<see cref="Averages.Weighted"/>).</summary>
    public static List<SubjectRow> SubjectRows(IEnumerable<string> subjects, IEnumerable<MarkFact> marks,
        ILookup<string, string> grades)
    {
        var bySubject = marks.ToLookup(m => m.Subject);
        return subjects.Distinct().Order(StringComparer.Create(new CultureInfo("ru-RU"), false))
            .Select(s =>
            {
                var ordered = bySubject[s].OrderBy(m => m.Date).ThenBy(m => m.Number).ThenBy(m => m.Id).ToList();
                return new SubjectRow(s,
                    [.. ordered.Select(m => $"{m.Value} ({m.Date.ToString("dd.MM", CultureInfo.InvariantCulture)})")],
                    Averages.Weighted(ordered.Select(m => (m.Value, m.Weight))),
                    [.. grades[s]]);
            })
            .ToList();
    }

    /// <summary>Lessons missed per code (Н, Б, У, ОП), with their dates.</summary>
    public static List<AbsenceRow> AbsenceRows(IEnumerable<LessonFact> lessons) =>
        lessons.Where(l => l.Code is not null)
            .GroupBy(l => l.Code!.Value.ToRussian())
            .OrderBy(g => Array.IndexOf(CodeOrder, g.Key))
            .Select(g => new AbsenceRow(g.Key, g.Count(), [.. g.Select(l => l.Date).Distinct().Order()]))
            .ToList();

    /// <summary>Loads the extract's figures in five queries: the student, his lessons, his marks, the day marks, the grades.</summary>
    public static async Task<ExtractContent> LoadAsync(JournalDbContext db, int studentId, DateOnly from, DateOnly to, string span,
        CancellationToken ct)
    {
        var head = await db.Students.AsNoTracking().Where(s => s.Id == studentId)
            .Select(s => new
            {
                s.LastName, s.FirstName, s.MiddleName,
                School = db.Schools.Where(x => x.Id == s.SchoolId).Select(x => x.Name).FirstOrDefault(),
                // The class he learnt in at the end of the span (or the latest one before it).
                Class = s.Enrolments.Where(e => e.From <= to).OrderByDescending(e => e.From)
                    .Select(e => new
                    {
                        e.SchoolClass!.Grade, e.SchoolClass.Letter, e.SchoolClass.AcademicYearId,
                        Teacher = e.SchoolClass.ClassTeachers.OrderBy(t => t.To == null ? 0 : 1).ThenByDescending(t => t.From)
                            .Select(t => new { t.StaffMember!.LastName, t.StaffMember.FirstName, t.StaffMember.MiddleName })
                            .FirstOrDefault(),
                    })
                    .FirstOrDefault(),
            })
            .FirstAsync(ct);

        var lessons = await db.Lessons.AsNoTracking()
            .Where(l => l.Date >= from && l.Date <= to && l.Status != LessonStatus.Cancelled
                && db.GroupMemberships.Any(m => m.StudentId == studentId && m.TeachingGroupId == l.TeachingGroupId
                    && m.From <= l.Date && (m.To == null || m.To >= l.Date)))
            .Select(l => new
            {
                l.Date, Subject = l.TeachingGroup!.Subject!.Name,
                Code = l.Attendance.Where(a => a.StudentId == studentId).Select(a => (AttendanceCode?)a.Code).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var marks = await db.Marks.AsNoTracking()
            .Where(m => m.StudentId == studentId && m.Lesson!.Date >= from && m.Lesson.Date <= to)
            .Select(m => new MarkFact(m.Lesson!.TeachingGroup!.Subject!.Name, m.Lesson.Date, m.Lesson.Number, m.Id, m.Value, m.WorkType!.Weight))
            .ToListAsync(ct);

        var days = await db.DailyAbsences.AsNoTracking()
            .Where(d => d.StudentId == studentId && d.Date >= from && d.Date <= to)
            .Select(d => new { d.Date, d.Code })
            .ToListAsync(ct);
        var dayCodes = days.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.First().Code);

        // Period grades of the periods that end inside the span; year and final grades when the year ends inside it.
        var grades = await db.PeriodGrades.AsNoTracking()
            .Where(g => g.StudentId == studentId && !g.Deferred
                && (g.StudyPeriodId != null
                    ? db.StudyPeriods.Any(p => p.Id == g.StudyPeriodId && p.End >= from && p.End <= to)
                    : db.AcademicYears.Any(y => y.Id == db.TeachingGroups.Where(t => t.Id == g.TeachingGroupId)
                        .Select(t => t.AcademicYearId).FirstOrDefault()
                        && y.End >= from && y.End <= to)))
            .Select(g => new
            {
                g.Id, g.Kind, g.Value,
                Subject = db.TeachingGroups.Where(t => t.Id == g.TeachingGroupId).Select(t => t.Subject!.Name).FirstOrDefault(),
                Period = db.StudyPeriods.Where(p => p.Id == g.StudyPeriodId).Select(p => p.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var gradeLookup = grades.OrderBy(g => g.Kind).ThenBy(g => g.Id)
            .ToLookup(g => g.Subject ?? "", g => $"{GradeLabel(g.Kind, g.Period)}: {g.Value}");
        var subjects = lessons.Select(l => l.Subject).Concat(marks.Select(m => m.Subject)).Concat(grades.Select(g => g.Subject ?? ""))
            .Where(s => s.Length > 0);
        var facts = lessons.Select(l => new LessonFact(l.Date, l.Code ?? (dayCodes.TryGetValue(l.Date, out var c) ? c : null)));
        var teacher = head.Class?.Teacher;
        return new ExtractContent(head.School ?? "", PersonName.Full(head.LastName, head.FirstName, head.MiddleName),
            head.Class is null ? null : $"{head.Class.Grade}{head.Class.Letter}",
            teacher is null ? null : PersonName.Full(teacher.LastName, teacher.FirstName, teacher.MiddleName),
            teacher is null ? null : PersonName.Short(teacher.LastName, teacher.FirstName, teacher.MiddleName),
            span, SubjectRows(subjects, marks, gradeLookup), AbsenceRows(facts));
    }

    private static string GradeLabel(PeriodGradeKind kind, string? period) => kind switch
    {
        PeriodGradeKind.Period => period ?? "за период",
        PeriodGradeKind.Year => "год",
        PeriodGradeKind.Exam => "экзамен",
        _ => "итоговая",
    };
}
