using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Plans;

/// <summary>
/// One group's КТП: read by the staff who read its journal; edited row by row (add, change, delete, move), from a
/// pasted list «Тема;часы» or from a file by its teacher and those who manage the year. Row operations only change the
/// form; «Сохранить», the pasted list and the file replace the plan and write its topics into the lessons (<see cref="SavePlan"/>).
/// </summary>
public sealed class PlanModel(PlanQueries plans, SavePlan save) : PageModel
{
    public sealed class EditRow
    {
        public string? Section { get; set; }
        public string? Title { get; set; }
        public string? Hours { get; set; }
        public string? Note { get; set; }
    }

    [BindProperty]
    public List<EditRow> Rows { get; set; } = [];

    [BindProperty]
    public string? PasteText { get; set; }

    /// <summary>The pasted list replaces the rows instead of following them.</summary>
    [BindProperty]
    public bool PasteReplace { get; set; }

    public PlanQueries.PlanView Plan { get; private set; } = null!;
    public IReadOnlyList<string> Errors { get; private set; } = [];
    /// <summary>The form differs from the saved plan.</summary>
    public bool Unsaved { get; private set; }

    public async Task<IActionResult> OnGetAsync(int groupId, CancellationToken ct)
    {
        if (await LoadAsync(groupId, ct) is { } refusal) return refusal;
        ResetRows();
        return Page();
    }

    /// <summary>The plan as a file in the import format: change it in Excel and load it back.</summary>
    public async Task<IActionResult> OnGetExportAsync(int groupId, CancellationToken ct)
    {
        if (await LoadAsync(groupId, ct) is { } refusal) return refusal;
        var bytes = Xlsx.Write("КТП", PlanFile.Headers,
            Plan.Items.Select(t => (IReadOnlyList<object?>)[t.Number, t.Section, t.Title, t.Hours, t.Note]));
        return File(bytes, Xlsx.ContentType, $"КТП {Plan.Group}.xlsx");
    }

    /// <summary>The editor's buttons: «save», «add», «paste», «up:i», «down:i», «delete:i».</summary>
    public async Task<IActionResult> OnPostEditAsync(int groupId, string? op, CancellationToken ct)
    {
        if (await LoadAsync(groupId, ct) is { } refusal) return refusal;
        if (!Plan.CanEdit) return Forbid();
        ModelState.Clear();
        var (verb, index) = op?.Split(':') is [var v, var i] && int.TryParse(i, out var n) ? (v, n) : (op ?? "save", -1);
        var valid = index >= 0 && index < Rows.Count;
        switch (verb)
        {
            case "add":
                Rows.Add(new EditRow { Hours = "1" });
                break;
            case "delete" when valid:
                Rows.RemoveAt(index);
                break;
            case "up" when valid && index > 0:
                (Rows[index - 1], Rows[index]) = (Rows[index], Rows[index - 1]);
                break;
            case "down" when valid && index < Rows.Count - 1:
                (Rows[index + 1], Rows[index]) = (Rows[index], Rows[index + 1]);
                break;
            case "paste":
                var pasted = PlanFile.FromLines(PasteText);
                if (pasted.Errors.Count > 0)
                {
                    Errors = pasted.Errors;
                    return Page();
                }
                if (PasteReplace) Rows.Clear();
                Rows.AddRange(
                    pasted.Rows.Select(r =>
                        new EditRow { Title = r.Title, Hours = r.Hours.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
                PasteText = null;
                break;
            case "save":
                var (rows, errors) = PlanRules.CheckAll(Rows.Select(r => (r.Section, r.Title, r.Hours, r.Note)));
                return await SaveAsync(groupId, rows, errors, "page", ct);
        }
        Unsaved = true;
        return Page();
    }

    /// <summary>A CSV or XLSX file replaces the plan at once, or nothing changes and every bad row is listed.</summary>
    public async Task<IActionResult> OnPostImportAsync(int groupId, IFormFile? file, CancellationToken ct)
    {
        if (await LoadAsync(groupId, ct) is { } refusal) return refusal;
        if (!Plan.CanEdit) return Forbid();
        ModelState.Clear();
        ResetRows();
        if (file is null || file.Length == 0) return Refuse(["Выберите файл КТП (XLSX или CSV)."]);
        if (file.Length > PlanRules.MaxFileBytes) return Refuse(["Файл больше 1 МБ: в КТП не бывает столько тем. Проверьте, тот ли файл выбран."]);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var parsed = PlanFile.Read(file.FileName, buffer.ToArray());
        return await SaveAsync(groupId, parsed.Rows, parsed.Errors, "file", ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int groupId, CancellationToken ct)
    {
        var (applied, refusal) = await save.DeleteAsync(groupId, ct);
        if (refusal is not null) return StatusCode(refusal.Status);
        TempData["Message"] = $"КТП удалено. Темы из КТП убраны из уроков: {applied!.Cleared}; темы, записанные учителем, остались: {applied.Kept}.";
        return RedirectToPage(new { groupId });
    }

    private async Task<IActionResult> SaveAsync(int groupId, List<TopicRow> rows, List<string> errors, string source, CancellationToken ct)
    {
        if (errors.Count > 0) return Refuse(errors);
        var (applied, refusal) = await save.ReplaceAsync(groupId, rows, source, ct);
        if (refusal is { Status: StatusCodes.Status400BadRequest }) return Refuse(refusal.Errors);
        if (refusal is not null) return StatusCode(refusal.Status);
        TempData["Message"] = "КТП сохранено. " + applied!.Summary;
        return RedirectToPage(new { groupId });
    }

    private PageResult Refuse(IReadOnlyList<string> errors)
    {
        Errors = errors;
        Unsaved = true;
        return Page();
    }

    private void ResetRows() =>
        Rows = [.. Plan.Items.Select(t =>
            new EditRow { Section = t.Section, Title = t.Title, Hours = t.Hours.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Note = t.Note })];

    /// <summary>404 an unknown group, 403 not his to read.</summary>
    private async Task<IActionResult?> LoadAsync(int groupId, CancellationToken ct)
    {
        var plan = await plans.PlanAsync(groupId, ct);
        if (plan is null) return NotFound();
        if (!await plans.CanReadAsync(groupId, ct)) return Forbid();
        Plan = plan;
        return null;
    }
}
