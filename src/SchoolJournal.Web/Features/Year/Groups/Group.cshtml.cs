using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Groups;

/// <summary>
/// A group's page /Year/Groups/{id}: its form, its members with dates; add a student from a day, end his stay at a
/// day, move him to another sub-group of the class; delete a group without lessons. The same writes as the API.
/// </summary>
public sealed class GroupModel(JournalDbContext db, AccessService access, SchoolCalendar calendar, SaveGroup save, GroupMembers members) : PageModel
{
    [BindProperty]
    public GroupForm Form { get; set; } = new();

    [BindProperty]
    public int StudentId { get; set; }

    [BindProperty]
    public DateOnly? Date { get; set; }

    [BindProperty]
    public int? ToGroupId { get; set; }

    public GroupDto Group { get; private set; } = null!;
    public IReadOnlyList<MemberDto> Members { get; private set; } = [];
    public GroupChoices Choices { get; private set; } = new([], [], [], []);
    /// <summary>Students of the group's classes today who are not in it today.</summary>
    public IReadOnlyList<Choice> Candidates { get; private set; } = [];
    /// <summary>Other groups of the same subject and class the user may move a student to.</summary>
    public IReadOnlyList<Choice> Siblings { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public bool ManagesYear => access.CanManageYear;
    public DateOnly Today { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        Form = GroupForm.Of(Group);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct) =>
        WriteAsync(id, () => save.UpdateAsync(id, Form.ToInput(), ct), g => $"Группа «{g.Name}» сохранена.", ct);

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        var outcome = await save.DeleteAsync(id, ct);
        if (outcome.Problem is { Status: StatusCodes.Status403Forbidden } p) return StatusCode(p.Status);
        if (outcome.Problem is { } bad) return Show(bad);
        TempData["Message"] = $"Группа «{Group.Name}» удалена.";
        return RedirectToPage("/Year/Groups/Index");
    }

    public Task<IActionResult> OnPostAddAsync(int id, CancellationToken ct) =>
        WriteAsync(id, () => members.AddAsync(id, new MemberInput(StudentId, Date), ct), m => $"{m.DisplayName} в группе с {m.From:dd.MM.yyyy}.", ct);

    public Task<IActionResult> OnPostEndAsync(int id, CancellationToken ct) =>
        WriteAsync(id, () => members.EndAsync(id, StudentId, new EndInput(Date), ct), m => $"{m.DisplayName} в группе по {m.To:dd.MM.yyyy}.", ct);

    public Task<IActionResult> OnPostMoveAsync(int id, CancellationToken ct) =>
        WriteAsync(id, () => ToGroupId is int to
                ? members.MoveAsync(id, to, StudentId, Date, ct)
                : Task.FromResult<Outcome<MemberDto>>(Problem.BadRequest("Не выбрана группа", "Выберите подгруппу, в которую переходит ученик.")),
            m => $"{m.DisplayName} переведён в другую подгруппу с {m.From:dd.MM.yyyy}.", ct);

    private async Task<IActionResult> WriteAsync<T>(int id, Func<Task<Outcome<T>>> write, Func<T, string> message, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        var outcome = await write();
        if (outcome.Problem is { Status: StatusCodes.Status403Forbidden } p) return StatusCode(p.Status);
        if (outcome.Problem is { } bad) return Show(bad);
        TempData["Message"] = message(outcome.Value!);
        return RedirectToPage("/Year/Groups/Group", new { id });
    }

    private IActionResult Show(Problem problem)
    {
        Error = $"{problem.Title}. {problem.Detail}";
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        Today = (await calendar.NowAsync(ct)).Today;
        var group = await GroupQueries.GroupAsync(db, id, ct, Today);
        if (group is null) return NotFound();
        if (!await GroupAccess.CanReadAsync(access, id, ct)) return Forbid();
        Group = group;
        var kind = GroupRules.Kinds.Parse(group.Kind)!.Value;
        CanWrite = await GroupAccess.CanWriteAsync(access, kind, group.ClassIds, ct);
        Members = await GroupQueries.MembersAsync(db, id, ct);
        if (!CanWrite) return null;
        var yearId = await db.TeachingGroups.Where(g => g.Id == id).Select(g => g.AcademicYearId).FirstAsync(ct);
        Choices = await GroupChoices.LoadAsync(db, yearId,
            access.CanManageYear ? db.SchoolClasses : db.SchoolClasses.Where(c => group.ClassIds.Contains(c.Id)), ct);
        var today = Today;
        var classIds = group.ClassIds;
        var students = await db.Enrolments.AsNoTracking()
            .Where(e => classIds.Contains(e.SchoolClassId) && e.From <= today && (e.To == null || e.To >= today)
                && !db.GroupMemberships.Any(m => m.TeachingGroupId == id
                    && m.StudentId == e.StudentId && m.From <= today && (m.To == null || m.To >= today)))
            .Select(e => new { e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName }).ToListAsync(ct);
        Candidates = [.. students.DistinctBy(s => s.StudentId)
            .OrderBy(s => s.LastName, GroupRules.Russian).ThenBy(s => s.FirstName, GroupRules.Russian)
            .Select(s => new Choice(s.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName)))];
        var siblings = await db.TeachingGroups.AsNoTracking()
            .Where(g => g.Id != id
                && g.SubjectId == group.SubjectId && g.AcademicYearId == yearId && g.Classes.Any(c => classIds.Contains(c.SchoolClassId)))
            .OrderBy(g => g.Id).Select(g => new { g.Id, g.Name, g.Kind, Classes = g.Classes.Select(c => c.SchoolClassId).ToList() }).ToListAsync(ct);
        var writable = new List<Choice>();
        foreach (var s in siblings)
            if (await GroupAccess.CanWriteAsync(access, s.Kind, s.Classes, ct)) writable.Add(new Choice(s.Id, s.Name));
        Siblings = writable;
        return null;
    }
}
