using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Export;

/// <summary>
/// «Экспорт» (/Admin/Export): the school's lists as XLSX or CSV in the import's columns (<see cref="ListExport"/>) and the OneRoster
/// package (<see cref="OneRosterExport"/>), the whole school (<see cref="SchoolPackage"/>); every download audited by them.
/// </summary>
public sealed class IndexModel(ListExport export, OneRosterExport oneRoster, SchoolPackage school, AccessService access) : PageModel
{
    public IActionResult OnGet() => access.CanExport ? Page() : Forbid();

    public async Task<IActionResult> OnGetFileAsync(string? list, string? format, CancellationToken ct) =>
        Answer(await export.ExportAsync(list, format, ct));

    public async Task<IActionResult> OnGetOneRosterAsync(CancellationToken ct) => Answer(await oneRoster.ExportAsync(ct));

    /// <summary>«Вся школа одним архивом»: shown to those who may take it (<see cref="AccessService.ExportsWholeSchool"/>).</summary>
    public bool WholeSchool => access.ExportsWholeSchool;

    public async Task<IActionResult> OnGetSchoolAsync(CancellationToken ct) => Answer(await school.ExportAsync(ct));

    private IActionResult Answer(Outcome<ExportFile> outcome)
    {
        if (outcome.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status403Forbidden) return Forbid();
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
            return Page();
        }
        return File(outcome.Value!.Content, outcome.Value.ContentType, outcome.Value.FileName);
    }
}
