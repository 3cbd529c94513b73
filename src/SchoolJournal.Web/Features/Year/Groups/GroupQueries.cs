using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Year.Groups;

public sealed record MemberDto(int Id, int StudentId, string DisplayName, DateOnly From, DateOnly? To);

/// <summary>The reads of groups shared by the API and the pages: one group's card, its members, a list of groups.</summary>
public static class GroupQueries
{
    /// <summary>A row of the list of groups; members are those in the group on <c>day</c>.</summary>
    public sealed record ListRow(int Id, string Name, string Subject, GroupKind Kind, IReadOnlyList<int> ClassIds, string Classes, string Teachers,
        int Members);

    public static async Task<GroupDto?> GroupAsync(JournalDbContext db, int id, CancellationToken ct, DateOnly? day = null)
    {
        var g = await db.TeachingGroups.AsNoTracking().Where(g => g.Id == id)
            .Select(g => new
            {
                g.Id, g.Name, g.SubjectId, Subject = g.Subject!.Name, g.Kind, g.GradingSystemId, Grading = g.GradingSystem!.Name,
                g.BellScheduleId, g.DaysPerWeek, g.Shift, g.Note,
                Classes = g.Classes.Select(c => new { c.SchoolClassId, c.SchoolClass!.Grade, c.SchoolClass.Letter }).ToList(),
                Teachers = g.Assignments.Where(a => a.To == null)
                    .Select(a => new { a.StaffMember!.LastName, a.StaffMember.FirstName, a.StaffMember.MiddleName }).ToList(),
                Members = g.Members.Count(m => day == null ? m.To == null : m.From <= day && (m.To == null || m.To >= day)),
            })
            .FirstOrDefaultAsync(ct);
        if (g is null) return null;
        var classes = g.Classes.OrderBy(c => c.Grade).ThenBy(c => c.Letter).ToList();
        return new GroupDto(g.Id, g.Name, g.SubjectId, g.Subject, GroupRules.Kinds.CodeOf(g.Kind), [.. classes.Select(c => c.SchoolClassId)],
            [.. classes.Select(c => $"{c.Grade}{c.Letter}")], g.GradingSystemId, g.Grading, g.BellScheduleId, g.DaysPerWeek, g.Shift, g.Note,
            [.. g.Teachers.Select(t => PersonName.Short(t.LastName, t.FirstName, t.MiddleName))], g.Members);
    }

    /// <summary>Everyone who ever was in the group, by name, each stay a row.</summary>
    public static async Task<List<MemberDto>> MembersAsync(JournalDbContext db, int groupId, CancellationToken ct)
    {
        var rows = await db.GroupMemberships.AsNoTracking().Where(m => m.TeachingGroupId == groupId)
            .Select(m => new { m.Id, m.StudentId, m.Student!.LastName, m.Student.FirstName, m.Student.MiddleName, m.From, m.To })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.LastName, GroupRules.Russian).ThenBy(r => r.FirstName, GroupRules.Russian).ThenBy(r => r.From)
            .Select(r => new MemberDto(r.Id, r.StudentId, PersonName.Full(r.LastName, r.FirstName, r.MiddleName), r.From, r.To))];
    }

    public static async Task<List<ListRow>> ListAsync(IQueryable<TeachingGroup> source, int yearId, int? classId, DateOnly day, CancellationToken ct)
    {
        var query = source.AsNoTracking().Where(g => g.AcademicYearId == yearId);
        if (classId is int c) query = query.Where(g => g.Classes.Any(x => x.SchoolClassId == c));
        var rows = await query
            .Select(g => new
            {
                g.Id, g.Name, Subject = g.Subject!.Name, SubjectOrder = g.Subject.SortOrder, g.Kind,
                Classes = g.Classes.Select(x => new { x.SchoolClassId, x.SchoolClass!.Grade, x.SchoolClass.Letter }).ToList(),
                Teachers = g.Assignments.Where(a => a.To == null)
                    .Select(a => new { a.StaffMember!.LastName, a.StaffMember.FirstName, a.StaffMember.MiddleName }).ToList(),
                Members = g.Members.Count(m => m.From <= day && (m.To == null || m.To >= day)),
            })
            .ToListAsync(ct);
        return [.. rows
            .Select(r => new { r, First = r.Classes.OrderBy(x => x.Grade).ThenBy(x => x.Letter).FirstOrDefault() })
            .OrderBy(x => x.First?.Grade).ThenBy(x => x.First?.Letter).ThenBy(x => x.r.SubjectOrder).ThenBy(x => x.r.Name, GroupRules.Russian)
            .Select(x => new ListRow(x.r.Id, x.r.Name, x.r.Subject, x.r.Kind, [.. x.r.Classes.Select(c => c.SchoolClassId)],
                string.Join(", ", x.r.Classes.OrderBy(c => c.Grade).ThenBy(c => c.Letter).Select(c => $"{c.Grade}{c.Letter}")),
                string.Join(", ", x.r.Teachers.Select(t => PersonName.Short(t.LastName, t.FirstName, t.MiddleName))), x.r.Members))];
    }
}
