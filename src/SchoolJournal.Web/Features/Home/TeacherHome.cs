using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Home;

/// <summary>«Уроки сегодня» and «Мои группы» of a subject teacher.</summary>
public sealed record TeacherHome(IReadOnlyList<TeacherHome.LessonRow> Lessons, IReadOnlyList<TeacherHome.GroupRow> Groups)
{
    /// <param name="Substitute">He substitutes the lesson's teacher.</param>
    /// <param name="SubstitutedBy">Another teacher substitutes him in this lesson.</param>
    /// <param name="Moved">The lesson was moved here from another time, or away from today (<see cref="LessonMarks.Moved"/>).</param>
    public sealed record LessonRow(int Number, TimeOnly Start, TimeOnly End, string Classes, string? Group, string Subject,
        string? Room, string? Topic, bool Substitute, bool Cancelled, int Id = 0, string? SubstitutedBy = null, string? Moved = null);

    public sealed record GroupRow(string Subject, string Name, string Classes, int Students, decimal HoursPerWeek);

    public static async Task<TeacherHome> LoadAsync(JournalDbContext db, IQueryable<TeachingGroup> taught, int staffId, DateOnly today,
        CancellationToken ct)
    {
        var lessons = await db.Lessons.AsNoTracking()
            .Where(l => (l.Date == today || (l.OriginalDate == today && l.Date != today))
                && (l.TeacherId == staffId || l.SubstituteTeacherId == staffId))
            .OrderBy(l => l.Date == today ? l.Number : l.OriginalNumber).ThenBy(l => l.Start)
            .Select(l => new
            {
                l.Date, l.Number, l.Start, l.End, l.TeachingGroup!.Name, l.TeachingGroup.Kind, Subject = l.TeachingGroup.Subject!.Name,
                Classes = l.TeachingGroup.Classes.Select(c => new ClassName(c.SchoolClass!.Grade, c.SchoolClass.Letter)).ToList(),
                Room = db.Rooms.Where(r => r.Id == l.RoomId).Select(r => r.Number).FirstOrDefault(),
                l.Topic, Substitute = l.SubstituteTeacherId == staffId, l.Status, l.Id, l.OriginalDate, l.OriginalNumber,
                SubstitutedBy = l.SubstituteTeacherId != null && l.SubstituteTeacherId != staffId
                    ? db.StaffMembers.Where(s => s.Id == l.SubstituteTeacherId).Select(s => s.LastName + " " + s.FirstName).FirstOrDefault()
                    : null,
            })
            .ToListAsync(ct);

        var groups = await taught.AsNoTracking()
            .Select(g => new
            {
                Subject = g.Subject!.Name, g.Subject.SortOrder, g.Name,
                Classes = g.Classes.Select(c => new ClassName(c.SchoolClass!.Grade, c.SchoolClass.Letter)).ToList(),
                Students = g.Members.Count(m => m.From <= today && (m.To == null || m.To >= today)),
                Hours = g.Assignments.Where(a => a.StaffMemberId == staffId && a.From <= today && (a.To == null || a.To >= today))
                    .Sum(a => (double)a.HoursPerWeek),
            })
            .ToListAsync(ct);

        return new TeacherHome(
            [.. lessons.Select(l => new LessonRow(l.Number, l.Start, l.End, ClassName.Join(l.Classes),
                l.Kind == GroupKind.WholeClass ? null : l.Name, l.Subject, l.Room, l.Topic, l.Substitute, l.Status == LessonStatus.Cancelled,
                l.Id, l.SubstitutedBy, LessonMarks.Moved(today, l.Date, l.Number, l.OriginalDate, l.OriginalNumber)))],
            [.. groups.OrderBy(g => g.SortOrder).ThenBy(g => g.Subject).ThenBy(g => ClassName.Join(g.Classes))
                .Select(g => new GroupRow(g.Subject, g.Name, ClassName.Join(g.Classes), g.Students, (decimal)g.Hours))]);
    }
}

/// <summary>«перенесён с 20.11, 3-й урок»: where a moved lesson stood, for the home pages; null when it was not moved.</summary>
public static class LessonMarks
{
    /// <summary>
    /// For a lesson listed on <paramref name="today"/>: «перенесён на …» when it stood today and was moved away,
    /// «перенесён с …» when it was moved here; null when it stands where the timetable put it.
    /// </summary>
    public static string? Moved(DateOnly today, DateOnly date, int number, DateOnly? originalDate, int? originalNumber) =>
        date != today ? $"перенесён на {date:dd.MM}, {number}-й урок"
        : originalDate is DateOnly d && (d != date || originalNumber != number) ? $"перенесён с {d:dd.MM}, {originalNumber}-й урок"
        : null;
}
