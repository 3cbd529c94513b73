using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Home;

/// <summary>«Школа» for the director and the deputy: the school in figures and its classes by parallel.</summary>
public sealed record SchoolHome(SchoolHome.Figures Counts, IReadOnlyList<SchoolHome.Parallel> Parallels)
{
    /// <summary>
    /// <see cref="WithoutTopic"/>: this week's lessons (Monday up to now) that have ended, were not cancelled, and have no topic.
    /// </summary>
    public sealed record Figures(int Classes, int Students, int Staff, int Groups, int LessonsToday, int WithoutTopic);

    public sealed record Parallel(int Grade, int Students, IReadOnlyList<ClassRow> Classes);

    public sealed record ClassRow(string Name, string? ClassTeacher, int Students);

    public static async Task<SchoolHome> LoadAsync(JournalDbContext db, int schoolId, int? yearId, DateOnly today, TimeOnly now, CancellationToken ct)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var figures = await db.Schools.AsNoTracking()
            .Where(s => s.Id == schoolId)
            .Select(s => new Figures(
                db.SchoolClasses.Count(c => c.AcademicYearId == yearId),
                db.Students.Count(st => st.Enrolments.Any(e => e.SchoolClass!.AcademicYearId == yearId
                                                              && e.From <= today && (e.To == null || e.To >= today))),
                db.StaffMembers.Count(m => m.DismissedOn == null || m.DismissedOn > today),
                db.TeachingGroups.Count(g => g.AcademicYearId == yearId),
                db.Lessons.Count(l => l.Date == today && l.Status != LessonStatus.Cancelled),
                db.Lessons.Count(l => l.Date >= monday && (l.Date < today || (l.Date == today && l.End <= now))
                                      && l.Status != LessonStatus.Cancelled && (l.Topic == null || l.Topic == ""))))
            .FirstAsync(ct);

        var classes = await db.SchoolClasses.AsNoTracking()
            .Where(c => c.AcademicYearId == yearId)
            .OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .Select(c => new
            {
                c.Grade, c.Letter,
                Teacher = c.ClassTeachers.Where(t => t.From <= today && (t.To == null || t.To >= today))
                    .Select(t => new { t.StaffMember!.LastName, t.StaffMember.FirstName, t.StaffMember.MiddleName }).FirstOrDefault(),
                Students = db.Enrolments.Count(e => e.SchoolClassId == c.Id && e.From <= today && (e.To == null || e.To >= today)),
            })
            .ToListAsync(ct);

        return new SchoolHome(figures, [.. classes.GroupBy(c => c.Grade).Select(p => new Parallel(p.Key, p.Sum(c => c.Students),
            [.. p.Select(c => new ClassRow($"{c.Grade}{c.Letter}",
                c.Teacher is null ? null : PersonName.Short(c.Teacher.LastName, c.Teacher.FirstName, c.Teacher.MiddleName), c.Students))]))]);
    }
}
