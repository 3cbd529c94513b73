using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Import;

/// <summary>
/// «Импорт из таблиц» (/Admin/Import): choose what the file holds, upload it, read the preview (or the problems by row and
/// column), confirm; the list of imports with «Отменить импорт». The writes are <see cref="SchoolImport"/>'s, as the API's.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = ImportFile.MaxBytes * 2)]
public sealed class IndexModel(SchoolImport import, AccessService access) : PageModel
{
    // Nullable: a non-nullable property is implicitly required, and a page opened without ?kind= showed the framework's
    // English «The Kind field is required.»
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    public string KindCode => Kind ?? ImportKind.Students.Code;

    public ImportPreview? Preview { get; private set; }
    public IReadOnlyList<ImportBatchView> Batches { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.CanImport) return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public IActionResult OnGetTemplate(string? format)
    {
        if (!access.CanImport) return Forbid();
        if (ImportKind.Find(KindCode) is not { } kind) return NotFound();
        var (content, type, file) = ImportApi.TemplateFile(kind, format);
        return File(content, type, file);
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        if (!access.CanImport) return Forbid();
        if (file is null || file.Length == 0) return await RefuseAsync(SchoolImport.NoFile, ct);
        if (file.Length > ImportFile.MaxBytes) return await RefuseAsync(SchoolImport.TooLarge, ct);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var outcome = await import.PreviewAsync(KindCode, file.FileName, buffer.ToArray(), ct);
        if (outcome.Problem is { } problem) return await RefuseAsync(problem, ct);
        Preview = outcome.Value;
        if (Preview!.Problems.Count > 0) Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int batchId, CancellationToken ct)
    {
        var outcome = await import.ConfirmAsync(batchId, ct);
        if (outcome.Problem is { } problem) return await RefuseAsync(problem, ct);
        var done = outcome.Value!;
        TempData["Message"] = $"Импорт выполнен: создано {done.Created}, изменено {done.Changed}, без изменений {done.Unchanged}.";
        return RedirectToPage(new { kind = done.Kind });
    }

    public async Task<IActionResult> OnPostUndoAsync(int batchId, CancellationToken ct)
    {
        var outcome = await import.UndoAsync(batchId, ct);
        if (outcome.Problem is { } problem) return await RefuseAsync(problem, ct);
        TempData["Message"] = $"Импорт отменён: удалено записей {outcome.Value!.Removed}, возвращено прежних значений {outcome.Value.Restored}.";
        return RedirectToPage();
    }

    private async Task<IActionResult> RefuseAsync(Problem problem, CancellationToken ct)
    {
        if (problem.Status == StatusCodes.Status403Forbidden) return Forbid();
        ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
        Response.StatusCode = problem.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) => Batches = await import.ListAsync(ct);

    public static string ActionName(string action) => action switch
    {
        "create" => "будет создано",
        "change" => "будет изменено",
        _ => "без изменений",
    };
}
