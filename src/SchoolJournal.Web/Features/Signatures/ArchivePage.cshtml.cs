using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Signatures;

/// <summary>
/// /Admin/Archive/Signatures: the current year's archive — its manifests and whether each is signed, the director's «Подписать архив
/// года», and «Проверить архив» for the administration (the same check as <c>verify-archive</c>).
/// </summary>
public sealed class ArchivePageModel(ArchiveSignatures archive, AccessService access, CurrentUser user, SchoolCalendar calendar,
    JournalDbContext db) : PageModel
{
    public sealed record SignedRow(string SignerName, DateTimeOffset SignedAt, string ContentSha256);

    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    public ArchiveSignatures.Year? Year { get; private set; }
    public IReadOnlyList<ArchiveSignatures.ManifestState> Manifests { get; private set; } = [];
    public IReadOnlyList<SignedRow> Signatures { get; private set; } = [];
    public ArchiveSignatures.Report? Report { get; private set; }
    public bool CanSign => access.SignsYearArchive;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.PrintsYearJournals) return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSignAsync(CancellationToken ct)
    {
        if (!access.PrintsYearJournals) return Forbid();
        await LoadAsync(ct);
        if (Year is null) return Message("В школе нет текущего учебного года: подписывать нечего.");
        var outcome = await archive.SignAsync(Year.Id, ct);
        if (outcome.Problem is { Status: StatusCodes.Status403Forbidden }) return Forbid();
        if (outcome.Problem is { } problem) return Message($"{problem.Title}. {problem.Detail}");
        TempData["Message"] = $"Архив {Year.Name} подписан: манифестов {outcome.Value!.Manifests}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        if (!access.PrintsYearJournals) return Forbid();
        await LoadAsync(ct);
        if (Year is null) return Message("В школе нет текущего учебного года: проверять нечего.");
        Report = await archive.VerifyAsync(user.SchoolId!.Value, Year, ct);
        return Page();
    }

    public string When(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    private IActionResult Message(string text)
    {
        TempData["Message"] = text;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = await calendar.NowAsync(ct);
        _zone = TimeZoneInfo.FindSystemTimeZoneById(now.TimeZone);
        if (now.YearId is not int yearId) return;
        Year = await archive.YearAsync(user.SchoolId!.Value, yearId, null, ct);
        if (Year is null) return;
        Manifests = archive.States(Year);
        Signatures = (await db.JournalSignatures.AsNoTracking().Where(s => s.AcademicYearId == yearId && s.Kind == SignatureKind.YearArchive)
                .Select(s => new SignedRow(s.SignerName, s.SignedAt, s.ContentSha256)).ToListAsync(ct))
            .OrderByDescending(s => s.SignedAt).Take(20).ToList();
    }
}
