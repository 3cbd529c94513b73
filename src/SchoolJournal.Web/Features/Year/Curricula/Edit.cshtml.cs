using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Curricula;

/// <summary>
/// One curriculum: its lines (subject × hours × part × division), the weekly total against the maximum, «Классы по этому
/// плану», a copy for another profile, the export and deletion. Every write is the API's (<see cref="CurriculumBook"/>).
/// </summary>
public sealed class EditModel(CurriculumBook book, AccessService access, JournalDbContext db) : PageModel
{
    public const int BlankLines = 5;

    public sealed class LineForm
    {
        public int? SubjectId { get; set; }
        public string? Hours { get; set; }
        public string? Part { get; set; }
        public bool Divided { get; set; }
    }

    public sealed record ClassChoice(int Id, string Name, string? OtherPlan);

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int Grade { get; set; }
    [BindProperty] public string? Profile { get; set; }
    [BindProperty] public List<LineForm> Lines { get; set; } = [];
    [BindProperty] public List<int> ClassIds { get; set; } = [];
    [BindProperty] public string? CopyName { get; set; }
    [BindProperty] public string? CopyProfile { get; set; }

    public CurriculumBook.CurriculumDto Plan { get; private set; } = null!;
    public IReadOnlyList<(int Id, string Name)> Subjects { get; private set; } = [];
    public IReadOnlyList<ClassChoice> Classes { get; private set; } = [];
    public bool CanManage => access.CanManageYear;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        FillForm();
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        var weeks = WeeklyLoad.WeeksPerYear(Plan.Grade);
        var rows = Plan.Lines.Select(l =>
            (IReadOnlyList<object?>)[l.Subject, l.Area, l.PartName, (double)l.Hours, (double)(l.Hours * weeks), l.Divided]).ToList();
        rows.Add(["Итого", null, null, (double)Plan.TotalHours, (double)(Plan.TotalHours * weeks), null]);
        rows.Add(["Максимально допустимая недельная нагрузка (5-дневная неделя)", null, null, Plan.MaxHoursFiveDay, null, null]);
        return File(
            Infrastructure.Xlsx.Write(Plan.Name,
                ["Предмет", "Предметная область", "Часть плана", "Часов в неделю", "Часов в год", "Деление на подгруппы"], rows),
            Infrastructure.Xlsx.ContentType, $"{Plan.Name}.xlsx");
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct)
    {
        var lines = Lines.Where(l => l.SubjectId is not null)
            .Select(l => new CurriculumBook.LineInput(l.SubjectId!.Value, ParseHours(l.Hours), l.Part, l.Divided)).ToList();
        var saved = await book.UpdateAsync(id, new CurriculumBook.CurriculumInput(Name, Grade, Profile, null, lines), ct);
        return await AfterAsync(id, saved.Problem, "План сохранён.", keepForm: true, ct);
    }

    public async Task<IActionResult> OnPostClassesAsync(int id, CancellationToken ct)
    {
        var saved = await book.AssignClassesAsync(id, new CurriculumBook.ClassesInput(ClassIds), ct);
        return await AfterAsync(id, saved.Problem, "Классы плана сохранены.", keepForm: false, ct);
    }

    public async Task<IActionResult> OnPostCopyAsync(int id, CancellationToken ct)
    {
        var source = await book.GetAsync(id, ct);
        if (source.Problem is { } missing) return missing.Status == StatusCodes.Status403Forbidden ? Forbid() : NotFound();
        var copy = await book.CreateAsync(new CurriculumBook.CurriculumInput(CopyName, source.Value!.Grade, CopyProfile, null, null, CopyOf: id), ct);
        if (copy.Problem is not null) return await AfterAsync(id, copy.Problem, "", keepForm: false, ct);
        TempData["Message"] = $"Создана копия «{copy.Value!.Name}».";
        return Redirect($"/Year/Curricula/{copy.Value.Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        var problem = await book.DeleteAsync(id, ct);
        if (problem is not null) return await AfterAsync(id, problem, "", keepForm: false, ct);
        TempData["Message"] = "Учебный план удалён.";
        return Redirect("/Year/Curricula");
    }

    private async Task<IActionResult> AfterAsync(int id, Problem? problem, string message, bool keepForm, CancellationToken ct)
    {
        if (problem is { Status: StatusCodes.Status403Forbidden }) return Forbid();
        if (problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (problem is null)
        {
            TempData["Message"] = message;
            return Redirect($"/Year/Curricula/{id}");
        }
        if (await LoadAsync(id, ct) is { } refusal) return refusal;
        Error = $"{problem.Title}. {problem.Detail}";
        if (!keepForm) FillForm();
        while (Lines.Count(l => l.SubjectId is null) < BlankLines) Lines.Add(new LineForm());
        return Page();
    }

    private static decimal ParseHours(string? text) =>
        decimal.TryParse((text ?? "").Trim().Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var h) ? h : 0m;

    private void FillForm()
    {
        (Name, Grade, Profile) = (Plan.Name, Plan.Grade, Plan.Profile);
        Lines = [.. Plan.Lines.Select(l =>
            new LineForm { SubjectId = l.SubjectId, Hours = WeeklyLoad.Hours(l.Hours), Part = l.Part, Divided = l.Divided })];
        Lines.AddRange(Enumerable.Range(0, BlankLines).Select(_ => new LineForm()));
        ClassIds = [.. Plan.Classes.Select(c => c.Id)];
        CopyName = $"{Plan.Name} (копия)";
        CopyProfile = Plan.Profile;
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var plan = await book.GetAsync(id, ct);
        if (plan.Problem is { Status: StatusCodes.Status403Forbidden }) return Forbid();
        if (plan.Problem is not null) return NotFound();
        Plan = plan.Value!;
        if (!CanManage) return null;
        var subjects = await db.Subjects.AsNoTracking()
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        Subjects = [.. subjects.Select(s => (s.Id, s.Name))];
        var year = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var grade = Plan.Grade;
        var classes = await db.SchoolClasses.AsNoTracking().Where(c => c.AcademicYearId == year && c.Grade == grade).OrderBy(c => c.Letter)
            .Select(c =>
                new { c.Id, c.Grade, c.Letter, c.CurriculumId,
                    Other = db.Curricula.Where(p => p.Id == c.CurriculumId).Select(p => p.Name).FirstOrDefault() })
            .ToListAsync(ct);
        Classes = [.. classes.Select(c => new ClassChoice(c.Id, $"{c.Grade}{c.Letter}", c.CurriculumId == id ? null : c.Other))];
        return null;
    }
}
