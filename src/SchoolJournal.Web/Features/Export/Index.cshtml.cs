using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Export;

/// <summary>
/// «Экспорт» (/Admin/Export): the school's lists as XLSX or CSV in the import's columns (<see cref="ListExport"/>), the OneRoster
/// package (<see cref="OneRosterExport"/>), the whole school (<see cref="SchoolPackage"/>) and the package for the regional system and
/// Госуслуг with its log (<see cref="RegionalPackage"/>); every download audited by them.
/// </summary>
public sealed class IndexModel(ListExport export, OneRosterExport oneRoster, SchoolPackage school, RegionalPackage regional, AccessService access,
    JournalDbContext db, CurrentUser user, TimeProvider time) : PageModel
{
    /// <summary>The regional card's form; the current month up to today by default.</summary>
    public sealed class RegionalInput
    {
        public string? Recipient { get; set; } = "region";
        public string? From { get; set; }
        public string? To { get; set; }
        public string? Mode { get; set; } = "full";
    }

    [BindProperty] public RegionalInput Regional { get; set; } = new();
    public IReadOnlyList<RegionalPackage.LogRow> RegionalLog { get; private set; } = [];
    public string? RegionalError { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.CanExport) return Forbid();
        var today = await SchoolCalendar.TodayAsync(db, user.SchoolId, time, ct);
        Regional.From = new DateOnly(today.Year, today.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Regional.To = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await LoadLogAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetFileAsync(string? list, string? format, CancellationToken ct) =>
        await AnswerAsync(await export.ExportAsync(list, format, ct), ct);

    public async Task<IActionResult> OnGetOneRosterAsync(CancellationToken ct) => await AnswerAsync(await oneRoster.ExportAsync(ct), ct);

    /// <summary>«Вся школа одним архивом»: shown to those who may take it (<see cref="AccessService.ExportsWholeSchool"/>).</summary>
    public bool WholeSchool => access.ExportsWholeSchool;

    public async Task<IActionResult> OnGetSchoolAsync(CancellationToken ct) => await AnswerAsync(await school.ExportAsync(ct), ct);

    public async Task<IActionResult> OnPostRegionalAsync(CancellationToken ct)
    {
        var outcome = await regional.ExportAsync(new RegionalPackage.Request(Regional.Recipient, Regional.From, Regional.To, Regional.Mode), ct);
        if (outcome.Problem is { Status: not StatusCodes.Status403Forbidden } problem)
        {
            RegionalError = $"{problem.Title}. {problem.Detail}";
            Response.StatusCode = problem.Status;
            await LoadLogAsync(ct);
            return Page();
        }
        return await AnswerAsync(outcome, ct);
    }

    private async Task LoadLogAsync(CancellationToken ct)
    {
        RegionalLog = (await regional.LogAsync(ct)).Value ?? [];
        var zone = await db.Schools.Where(s => s.Id == user.SchoolId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct) ?? "Europe/Moscow";
        Zone = TimeZoneInfo.FindSystemTimeZoneById(zone);
    }

    private async Task<IActionResult> AnswerAsync(Outcome<ExportFile> outcome, CancellationToken ct)
    {
        if (outcome.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status403Forbidden) return Forbid();
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
            await LoadLogAsync(ct);
            return Page();
        }
        return File(outcome.Value!.Content, outcome.Value.ContentType, outcome.Value.FileName);
    }
}
