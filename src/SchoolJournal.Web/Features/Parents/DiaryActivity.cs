using SchoolJournal.Web.Data;
using static SchoolJournal.Web.Features.Parents.AcknowledgmentRules;

namespace SchoolJournal.Web.Features.Parents;

/// <summary>
/// The class teacher's report on the diary (R-DIARY-4): per student and parent, whether he has a login, his last
/// visit and acknowledgment, and the marks of the period (or a date range) he has not acknowledged yet.
/// </summary>
public sealed class DiaryActivity(JournalDbContext db, ParentRegister register, DiaryVisits visits)
{
    public sealed record ParentActivity(int ParentId, string Name, string Kind, bool HasLogin, DateTimeOffset? LastVisit,
        DateTimeOffset? LastAcknowledgment, int UnacknowledgedMarks, IReadOnlyList<DateOnly> UnacknowledgedWeeks)
    {
        /// <summary>Has never opened the diary (nor pressed «Ознакомлен»).</summary>
        public bool NeverVisited => LastVisit is null;
    }

    public sealed record StudentActivity(int StudentId, string Name, int Marks, IReadOnlyList<ParentActivity> Parents);

    public sealed record Report(int ClassId, string ClassName, int? PeriodId, string? PeriodName, DateOnly From, DateOnly To,
        IReadOnlyList<StudentActivity> Students);

    /// <summary>The span asked for: a period, a from/to range, or the current period. An error in Russian when it cannot be read.</summary>
    public sealed record Span(int? PeriodId, string? PeriodName, DateOnly From, DateOnly To);

    public async Task<(Span? Span, string? Error)> SpanAsync(int classId, int? periodId, string? from, string? to, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(from) || !string.IsNullOrWhiteSpace(to))
        {
            if (!DateOnly.TryParseExact(from?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
                || !DateOnly.TryParseExact(to?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                return (null, "Укажите обе даты, from и to, в виде 2026-11-23.");
            if (f > t) return (null, "Начало периода (from) позже его конца (to).");
            if (t.DayNumber - f.DayNumber > 400) return (null, "Отчёт строится не больше чем за год.");
            return (new Span(null, null, f, t), null);
        }
        var cls = await db.SchoolClasses.Where(c => c.Id == classId).Select(c => new { c.AcademicYearId, c.Grade }).FirstAsync(ct);
        var level = cls.Grade <= 4 ? EducationLevel.Primary : cls.Grade <= 9 ? EducationLevel.Basic : EducationLevel.Secondary;
        var periods = await db.StudyPeriods.AsNoTracking()
            .Where(p => p.AcademicYearId == cls.AcademicYearId && (p.SchoolClassId == null || p.SchoolClassId == classId)
                && (p.Level == null || p.Level == level) && p.Kind != PeriodKind.Year)
            .Select(p => new { p.Id, p.Name, p.Start, p.End, p.SchoolClassId, p.Level }).ToListAsync(ct);
        if (periodId is int id)
        {
            var asked = periods.FirstOrDefault(p => p.Id == id);
            return asked is null ? (null, "Такого учебного периода у класса нет.") : (new Span(asked.Id, asked.Name, asked.Start, asked.End), null);
        }
        var today = await register.TodayAsync(ct);
        // The class's own periods first, then its level's, then the school's; in the holidays the last one that ended.
        var current = periods.Where(p => p.Start <= today && today <= p.End)
            .OrderBy(p => p.SchoolClassId is null ? 1 : 0).ThenBy(p => p.Level is null ? 1 : 0).FirstOrDefault()
            ?? periods.Where(p => p.End < today).OrderByDescending(p => p.End).FirstOrDefault();
        return current is null
            ? (new Span(null, null, today, today), null)
            : (new Span(current.Id, current.Name, current.Start, current.End), null);
    }

    public async Task<Report> BuildAsync(int classId, Span span, CancellationToken ct)
    {
        await visits.FlushAsync(ct);
        var cls = await db.SchoolClasses.Where(c => c.Id == classId).Select(c => new { c.Grade, c.Letter }).FirstAsync(ct);
        var className = $"{cls.Grade}{cls.Letter}";
        var today = await register.TodayAsync(ct);
        var students = await db.Enrolments.AsNoTracking()
            .Where(e => e.SchoolClassId == classId && e.From <= today && (e.To == null || e.To >= today))
            .Select(e => new
            {
                e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName,
                Parents = e.Student.Parents.Select(p =>
                    new { p.Kind, p.Parent!.Id, p.Parent.LastName, p.Parent.FirstName, p.Parent.MiddleName, p.Parent.UserId }).ToList(),
            })
            .ToListAsync(ct);
        var studentIds = students.Select(s => s.StudentId).ToList();
        var marks = (await db.Marks.AsNoTracking()
                .Where(m => studentIds.Contains(m.StudentId) && m.Lesson!.Date >= span.From && m.Lesson.Date <= span.To)
                .Select(m => new { m.StudentId, m.Lesson!.Date, m.CreatedAt, m.UpdatedAt }).ToListAsync(ct))
            .GroupBy(m => m.StudentId)
            .ToDictionary(g => g.Key, g => g.Select(m => new MarkStamp(m.Date, WrittenAtMs(m.CreatedAt, m.UpdatedAt))).ToList());
        var acks = (await db.DiaryAcknowledgments.AsNoTracking()
                .Where(a => studentIds.Contains(a.StudentId))
                .Select(a => new { a.StudentId, a.ParentId, a.Kind, a.From, a.To, a.At, a.AtMs }).ToListAsync(ct))
            .ToLookup(a => (a.StudentId, a.ParentId));

        var rows = ParentRegister.ClassOrder(students, s => (s.LastName, s.FirstName, s.MiddleName)).Select(s =>
        {
            var own = marks.GetValueOrDefault(s.StudentId) ?? [];
            return new StudentActivity(s.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), own.Count,
                [.. s.Parents.OrderBy(p => p.Kind).ThenBy(p => p.Id).Select(p =>
                {
                    var theirs = acks[(s.StudentId, p.Id)].ToList();
                    var pressed = theirs.Where(a => a.Kind == AcknowledgmentKind.Acknowledged).ToList();
                    var open = Unacknowledged(own, [.. pressed.Select(a => new Acknowledgment(a.From, a.To, a.AtMs))]);
                    return new ParentActivity(p.Id, PersonName.Full(p.LastName, p.FirstName, p.MiddleName), ParentRules.KindName(p.Kind),
                        p.UserId is not null, theirs.MaxBy(a => a.AtMs)?.At, pressed.MaxBy(a => a.AtMs)?.At, open.Count, Weeks(open));
                })]);
        }).ToList();
        return new Report(classId, className, span.PeriodId, span.PeriodName, span.From, span.To, rows);
    }
}
