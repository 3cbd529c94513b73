using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Year.Changes;
using SchoolJournal.Web.Features.Year.Groups;

namespace SchoolJournal.Web.Features.Diary.Overview;

/// <summary>
/// The student's class and teachers (R-DIARY-1): the class teacher, and for each group he is in today (the class's
/// groups, sub-groups, streams, an individual plan, circles) its subject and current teachers; with the holidays of
/// the year and the control works (ВШК) of the current period for him. One round trip each, none per group.
/// </summary>
public sealed class ClassOverview([FromKeyedServices(ReadRouting.Reads)] JournalDbContext db, TimeProvider time)
{
    public sealed record PersonDto(int Id, string Name);

    public sealed record GroupDto(int GroupId, string Group, string Kind, string KindTitle, int SubjectId, string Subject,
        IReadOnlyList<PersonDto> Teachers);

    /// <summary>GET /api/v1/students/{studentId}/teachers.</summary>
    public sealed record TeachersDto(int StudentId, int? ClassId, string? ClassName, IReadOnlyList<PersonDto> ClassTeachers,
        IReadOnlyList<GroupDto> Groups);

    public sealed record HolidayRow(string Name, DateOnly Start, DateOnly End);

    public sealed record ControlWorkRow(DateOnly Date, int? LessonNumber, string Subject, string Form, string? Title);

    public sealed record Page(string StudentName, DateOnly Today, TeachersDto Teachers, IReadOnlyList<HolidayRow> Holidays,
        StudentYear.Period? Period, IReadOnlyList<ControlWorkRow> ControlWorks);

    public async Task<TeachersDto?> TeachersAsync(int studentId, CancellationToken ct)
    {
        var year = await StudentYear.LoadAsync(db, time, studentId, ct);
        return year is null ? null : await TeachersAsync(studentId, year, ct);
    }

    public async Task<Page?> LoadAsync(int studentId, CancellationToken ct)
    {
        var year = await StudentYear.LoadAsync(db, time, studentId, ct);
        if (year is null) return null;
        var teachers = await TeachersAsync(studentId, year, ct);
        var holidays = year.YearId is not int yearId ? [] : await db.Holidays.AsNoTracking()
            .Where(h => h.AcademicYearId == yearId && (h.Grade == null || h.Grade == year.Grade))
            .OrderBy(h => h.Start).ThenBy(h => h.Id)
            .Select(h => new HolidayRow(h.Name, h.Start, h.End))
            .ToListAsync(ct);
        var period = year.Pick(null);
        var works = period is null || year.ClassId is not int classId ? [] : await db.ControlWorks.AsNoTracking()
            .Where(w => w.SchoolClassId == classId && w.Date >= period.Start && w.Date <= period.End
                        && (w.TeachingGroupId == null
                            || db.GroupMemberships.Any(m => m.StudentId == studentId && m.TeachingGroupId == w.TeachingGroupId
                            && m.From <= w.Date && (m.To == null || m.To >= w.Date))))
            .Select(w => new { w.Id, w.Date, w.LessonNumber, Subject = w.Subject!.Name, w.Form, w.Title })
            .ToListAsync(ct);
        // Coming ones first, nearest first; then the ones already written, latest first.
        var today = year.Today;
        var rows = works.Where(w => w.Date >= today).OrderBy(w => w.Date).ThenBy(w => w.LessonNumber).ThenBy(w => w.Id)
            .Concat(works.Where(w => w.Date < today).OrderByDescending(w => w.Date).ThenByDescending(w => w.LessonNumber).ThenByDescending(w => w.Id))
            .Select(w => new ControlWorkRow(w.Date, w.LessonNumber, w.Subject, ChangeRules.Forms.NameOf(w.Form), w.Title))
            .ToList();
        return new Page(year.StudentName, today, teachers, holidays, period, rows);
    }

    private async Task<TeachersDto> TeachersAsync(int studentId, StudentYear year, CancellationToken ct)
    {
        var today = year.Today;
        var leaders = year.ClassId is not int classId ? [] : await db.ClassTeachers.AsNoTracking()
            .Where(t => t.SchoolClassId == classId && t.From <= today && (t.To == null || t.To >= today))
            .OrderBy(t => t.Id)
            .Select(t => new { t.StaffMemberId, t.StaffMember!.LastName, t.StaffMember.FirstName, t.StaffMember.MiddleName })
            .ToListAsync(ct);
        var groups = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.StudentId == studentId && m.From <= today && (m.To == null || m.To >= today))
            .Select(m => new
            {
                m.TeachingGroupId, m.TeachingGroup!.Name, m.TeachingGroup.Kind, m.TeachingGroup.SubjectId, Subject = m.TeachingGroup.Subject!.Name,
                m.TeachingGroup.Subject.SortOrder,
                Teachers = m.TeachingGroup.Assignments.Where(a => a.From <= today && (a.To == null || a.To >= today))
                    .OrderBy(a => a.Id)
                    .Select(a => new { a.StaffMemberId, a.StaffMember!.LastName, a.StaffMember.FirstName, a.StaffMember.MiddleName })
                    .ToList(),
            })
            .ToListAsync(ct);
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        return new TeachersDto(studentId, year.ClassId, year.ClassName,
            [.. leaders.DistinctBy(t => t.StaffMemberId)
                .Select(t => new PersonDto(t.StaffMemberId, PersonName.Full(t.LastName, t.FirstName, t.MiddleName)))],
            [.. groups.DistinctBy(g => g.TeachingGroupId)
                .OrderBy(g => g.Kind == GroupKind.Extracurricular).ThenBy(g => g.SortOrder).ThenBy(g => g.Subject, ru).ThenBy(g => g.Name, ru)
                .Select(g => new GroupDto(g.TeachingGroupId, g.Name, GroupRules.Kinds.CodeOf(g.Kind), KindTitle(g.Kind), g.SubjectId, g.Subject,
                    [.. g.Teachers.DistinctBy(t => t.StaffMemberId)
                        .Select(t => new PersonDto(t.StaffMemberId, PersonName.Full(t.LastName, t.FirstName, t.MiddleName)))]))]);
    }

    public static string KindTitle(GroupKind kind) => kind switch
    {
        GroupKind.SubGroup => "подгруппа",
        GroupKind.Stream => "поток",
        GroupKind.Individual => "индивидуальный план",
        GroupKind.Extracurricular => "внеурочная деятельность",
        _ => "весь класс",
    };
}
