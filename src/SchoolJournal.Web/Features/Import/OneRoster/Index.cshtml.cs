using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Import.OneRoster;

/// <summary>
/// «Импорт OneRoster» (/Admin/Import/OneRoster): upload a package, read what it will create, change, leave alone and close, with
/// its problems and warnings, confirm. The preview keeps the zip in an <see cref="ImportBatch"/> so the confirm imports exactly what
/// was checked; the writes are <see cref="OneRosterImport"/>'s, as the API's.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = OneRosterPackage.MaxBytes * 2)]
public sealed class IndexModel(OneRosterImport import, AccessService access, JournalDbContext db, CurrentUser user, TimeProvider time) : PageModel
{
    public OneRosterResult? Result { get; private set; }
    public string? FileName { get; private set; }
    public int? BatchId { get; private set; }

    public IActionResult OnGet() => access.CanImport ? Page() : Forbid();

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        if (!access.CanImport) return Forbid();
        if (file is null || file.Length == 0) return Refuse(ImportApi.NoPackage);
        if (file.Length > OneRosterPackage.MaxBytes) return Refuse(ImportApi.PackageTooLarge);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        var outcome = await import.RunAsync(content, dryRun: true, strict: false, ct);
        if (outcome.Problem is { } problem) return Refuse(problem);
        Result = outcome.Value;
        FileName = Path.GetFileName(file.FileName);
        if (FileName.Length > 200) FileName = FileName[..200];
        if (Result!.Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var batch = new ImportBatch
        {
            SchoolId = user.SchoolId!.Value, Kind = SchoolImport.OneRosterKind, FileName = FileName,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Content = content, State = ImportState.Previewed, CreatedById = user.Id!, CreatedAt = time.GetUtcNow(),
        };
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        BatchId = batch.Id;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int batchId, CancellationToken ct)
    {
        if (!access.CanImport) return Forbid();
        if (await db.ImportBatches.FirstOrDefaultAsync(b => b.Id == batchId && b.Kind == SchoolImport.OneRosterKind
                && b.State == ImportState.Previewed, ct) is not { } batch)
            return Refuse(Problem.NotFound("Пакет не найден", "Загрузите пакет снова: просмотренный пакет не найден или уже импортирован."));
        var outcome = await import.RunAsync(batch.Content, dryRun: false, strict: false, ct, batch);
        if (outcome.Problem is { } problem) return Refuse(problem);
        if (outcome.Value!.Problems.Count > 0)
        {
            Result = outcome.Value;
            FileName = batch.FileName;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        var c = outcome.Value.Counts;
        TempData["Message"] = $"Пакет импортирован: создано {c.Sum(x => x.Created)}, изменено {c.Sum(x => x.Changed)}, " +
            $"без изменений {c.Sum(x => x.Unchanged)}, закрыто {c.Sum(x => x.Closed)}. Отменить его можно на странице «Импорт из таблиц».";
        return RedirectToPage();
    }

    private PageResult Refuse(Problem problem)
    {
        ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
        Response.StatusCode = problem.Status;
        return Page();
    }
}
