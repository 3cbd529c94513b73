using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Curricula;

/// <summary>
/// «Нагрузка»: the table teacher × group × hours grouped by teacher with the sums against the rate, the differences from
/// the curricula, the тарификационный список in Excel; the deputy adds, changes, ends, hands over and deletes assignments.
/// </summary>
public sealed class LoadModel(TeachingLoad load, AccessService access) : PageModel
{
    public sealed class AssignmentForm
    {
        public int? TeachingGroupId { get; set; }
        public int? StaffMemberId { get; set; }
        public string? Hours { get; set; }
        public DateOnly? From { get; set; }
        public DateOnly? To { get; set; }
    }

    [BindProperty(SupportsGet = true)] public DateOnly? Date { get; set; }
    [BindProperty(SupportsGet = true)] public int? Edit { get; set; }
    [BindProperty] public AssignmentForm Input { get; set; } = new();

    public TeachingLoad.LoadDto Load { get; private set; } = null!;
    public IReadOnlyList<TeachingLoad.Choice> Teachers { get; private set; } = [];
    public IReadOnlyList<TeachingLoad.Choice> Groups { get; private set; } = [];
    public TeachingLoad.RowDto? Editing { get; private set; }
    public bool CanManage => access.CanManageYear;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        if (Editing is { } e) Input = new AssignmentForm { Hours = WeeklyLoad.Hours(e.HoursPerWeek), From = e.From, To = e.To };
        return Page();
    }

    /// <summary>Тарификационный список: one line per assignment, a total line per teacher with his rate and the difference.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        var rows = new List<IReadOnlyList<object?>>();
        var n = 0;
        foreach (var t in Load.Teachers)
        {
            var own = Load.Rows.Where(r => r.TeacherId == t.TeacherId && r.Active).ToList();
            foreach (var r in own)
                rows.Add([++n, t.Teacher, t.Position, r.Subject, r.Group, string.Join(", ", r.Classes), (double)r.HoursPerWeek, r.From, r.To, null,
                    null, null]);
            rows.Add([null, t.Teacher, "Итого", null, null, null, (double)t.Hours, null, null, (double)t.Rate, (double)t.NormHours,
                (double)t.Difference]);
        }
        return File(Infrastructure.Xlsx.Write("Тарификация",
            ["№", "Учитель", "Должность", "Предмет", "Группа", "Классы", "Часов в неделю", "С", "По", "Ставка", "Норма часов", "Разница"], rows),
            Infrastructure.Xlsx.ContentType, $"Тарификационный список на {Load.Date:dd.MM.yyyy}.xlsx");
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var created = await load.CreateAsync(
            new TeachingLoad.AssignmentInput(Input.TeachingGroupId ?? 0, Input.StaffMemberId ?? 0, ParseHours(Input.Hours), Input.From,
                Input.To), ct);
        return await AfterAsync(created.Problem, "Назначение добавлено.", ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(int id, CancellationToken ct)
    {
        var saved = await load.UpdateAsync(id, new TeachingLoad.AssignmentChange(ParseHours(Input.Hours), Input.From, Input.To), ct);
        Edit = id;
        return await AfterAsync(saved.Problem, "Назначение изменено.", ct);
    }

    /// <summary>A new teacher from a date: the old assignment ends the day before, the new one takes its hours.</summary>
    public async Task<IActionResult> OnPostReplaceAsync(int id, CancellationToken ct)
    {
        Edit = id;
        if (await LoadAsync(ct) is { } refusal) return refusal;
        if (Editing is null) return NotFound();
        var created = await load.CreateAsync(new TeachingLoad.AssignmentInput(Editing.GroupId, Input.StaffMemberId ?? 0,
            Input.Hours is null ? Editing.HoursPerWeek : ParseHours(Input.Hours), Input.From, null, ReplacesId: id), ct);
        return await AfterAsync(created.Problem, "Группа передана другому учителю.", ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        var problem = await load.DeleteAsync(id, ct);
        return await AfterAsync(problem, "Назначение удалено.", ct);
    }

    private async Task<IActionResult> AfterAsync(Problem? problem, string message, CancellationToken ct)
    {
        if (problem is { Status: StatusCodes.Status403Forbidden }) return Forbid();
        if (problem is null)
        {
            TempData["Message"] = message;
            return Redirect(Date is DateOnly d ? $"/Year/Load?date={d:yyyy-MM-dd}" : "/Year/Load");
        }
        if (await LoadAsync(ct) is { } refusal) return refusal;
        Error = $"{problem.Title}. {problem.Detail}";
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var result = await load.LoadAsync(Date, ct);
        if (result.Problem is not null) return Forbid();
        Load = result.Value!;
        Editing = Edit is int id ? Load.Rows.FirstOrDefault(r => r.Id == id) : null;
        if (CanManage) (Teachers, Groups) = await load.ChoicesAsync(ct);
        return null;
    }

    private static decimal ParseHours(string? text) =>
        decimal.TryParse((text ?? "").Trim().Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var h) ? h : 0m;

    public static string Signed(decimal d) => d > 0 ? "+" + WeeklyLoad.Hours(d) : WeeklyLoad.Hours(d);
}
