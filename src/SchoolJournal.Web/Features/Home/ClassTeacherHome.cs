using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Home;

/// <summary>«Мой класс»: the classes a class teacher leads today, their roster and who teaches them what.</summary>
public sealed record ClassTeacherHome(IReadOnlyList<ClassTeacherHome.ClassCard> Classes)
{
    public sealed record ClassCard(int Id, string Name, IReadOnlyList<StudentRow> Roster, IReadOnlyList<SubjectRow> Subjects);

    public sealed record StudentRow(int Id, string FullName, DateOnly BirthDate);

    public sealed record SubjectRow(string Subject, string Group, string Teachers);

    public static async Task<ClassTeacherHome> LoadAsync(JournalDbContext db, int staffId, int? yearId, DateOnly today, CancellationToken ct)
    {
        var classes = await db.SchoolClasses.AsNoTracking()
            .Where(c => (yearId == null || c.AcademicYearId == yearId)
                        && c.ClassTeachers.Any(t => t.StaffMemberId == staffId && t.From <= today && (t.To == null || t.To >= today)))
            .OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .Select(c => new
            {
                c.Id, c.Grade, c.Letter,
                Roster = db.Enrolments
                    .Where(e => e.SchoolClassId == c.Id && e.From <= today && (e.To == null || e.To >= today))
                    .OrderBy(e => e.Student!.LastName).ThenBy(e => e.Student!.FirstName).ThenBy(e => e.Student!.MiddleName)
                    .Select(e => new { e.Student!.Id, e.Student.LastName, e.Student.FirstName, e.Student.MiddleName, e.Student.BirthDate })
                    .ToList(),
            })
            .ToListAsync(ct);

        var classIds = classes.Select(c => c.Id).ToList();
        var groups = await db.TeachingGroups.AsNoTracking()
            .Where(g => g.Classes.Any(gc => classIds.Contains(gc.SchoolClassId)))
            .Select(g => new
            {
                ClassIds = g.Classes.Select(gc => gc.SchoolClassId).ToList(),
                Subject = g.Subject!.Name, g.Subject.SortOrder, g.Name,
                Teachers = g.Assignments
                    .Where(a => a.From <= today && (a.To == null || a.To >= today))
                    .Select(a => new { a.StaffMember!.LastName, a.StaffMember.FirstName, a.StaffMember.MiddleName })
                    .ToList(),
            })
            .ToListAsync(ct);

        return new ClassTeacherHome([.. classes.Select(c => new ClassCard(
            c.Id, $"{c.Grade}{c.Letter}",
            [.. c.Roster.Select(s => new StudentRow(s.Id, Domain.PersonName.Full(s.LastName, s.FirstName, s.MiddleName), s.BirthDate))],
            [.. groups.Where(g => g.ClassIds.Contains(c.Id))
                .OrderBy(g => g.SortOrder).ThenBy(g => g.Subject).ThenBy(g => g.Name)
                .Select(s => new SubjectRow(s.Subject, s.Name,
                    string.Join(", ", s.Teachers.Select(t => Domain.PersonName.Short(t.LastName, t.FirstName, t.MiddleName)))))]))]);
    }
}
