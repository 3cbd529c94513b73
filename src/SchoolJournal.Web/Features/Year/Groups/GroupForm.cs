using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Year.Groups;

/// <summary>The group form of the pages: its fields as posted, and the choices its selects offer.</summary>
public sealed class GroupForm
{
    public int? SubjectId { get; set; }
    public string? Kind { get; set; } = "subGroup";
    public string? Name { get; set; }
    public List<int> ClassIds { get; set; } = [];
    public int? GradingSystemId { get; set; }
    public int? BellScheduleId { get; set; }
    public int? DaysPerWeek { get; set; }
    public int? Shift { get; set; }
    public string? Note { get; set; }

    public GroupInput ToInput() => new(SubjectId, Kind, Name, ClassIds, GradingSystemId, BellScheduleId, DaysPerWeek, Shift, Note);

    public static GroupForm Of(GroupDto g) => new()
    {
        SubjectId = g.SubjectId, Kind = g.Kind, Name = g.Name, ClassIds = [.. g.ClassIds], GradingSystemId = g.GradingSystemId,
        BellScheduleId = g.BellScheduleId, DaysPerWeek = g.DaysPerWeek, Shift = g.Shift, Note = g.Note,
    };
}

public sealed record Choice(int Id, string Name);

/// <summary>Subjects, classes of the year, grading systems and bell schedules for the selects.</summary>
public sealed record GroupChoices(IReadOnlyList<Choice> Subjects, IReadOnlyList<Choice> Classes, IReadOnlyList<Choice> Gradings,
    IReadOnlyList<Choice> Bells)
{
    public static async Task<GroupChoices> LoadAsync(JournalDbContext db, int yearId, IQueryable<SchoolClass> classes, CancellationToken ct)
    {
        var subjects = await db.Subjects.AsNoTracking()
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Name).Select(s => new Choice(s.Id, s.Name)).ToListAsync(ct);
        var cls = await classes.AsNoTracking().Where(c => c.AcademicYearId == yearId).OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
        var gradings = await db.GradingSystems.AsNoTracking().OrderBy(g => g.Id).Select(g => new Choice(g.Id, g.Name)).ToListAsync(ct);
        var bells = await db.BellSchedules.AsNoTracking().OrderBy(b => b.Id).Select(b => new Choice(b.Id, b.Name)).ToListAsync(ct);
        return new GroupChoices(subjects, [.. cls.Select(c => new Choice(c.Id, $"{c.Grade}{c.Letter}"))], gradings, bells);
    }
}
