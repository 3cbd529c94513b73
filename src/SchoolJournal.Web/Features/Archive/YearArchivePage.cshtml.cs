using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// /Admin/Archive/Year: «Архив учебного года» — for each year of the school, whether its archive package can be built (closed, or
/// after its last day), the run's progress «N из M» (the fragment polls itself), and for each built package its parts with their
/// sizes and the date from which each may be destroyed (R-ARCH-2); destroying a part earlier is refused.
/// </summary>
public sealed class YearArchivePageModel(YearArchive archive, ArchiveRetention retention, ArchiveSettings settings, AccessService access,
    CurrentUser user, JournalDbContext db, TimeProvider time) : PageModel
{
    public sealed record PartLine(ArchiveRetention.Part Part, int Files, long Size, DateOnly DestroyableFrom, YearArchive.DestroyedPart? Destroyed,
        bool MayDestroy);

    public sealed record YearLine(int Id, string Name, DateOnly Start, DateOnly End, bool IsCurrent, bool IsClosed, string? Refusal,
        YearArchive.ArchiveManifest? Manifest, IReadOnlyList<PartLine> Parts);

    public IReadOnlyList<YearLine> Years { get; private set; } = [];
    public YearArchive.Progress? Progress { get; private set; }
    public DateOnly Today { get; private set; }

    [BindProperty] public int YearId { get; set; }
    [BindProperty] public string? Part { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.PrintsYearJournals) return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public IActionResult OnGetProgress()
    {
        if (!access.PrintsYearJournals) return Forbid();
        Progress = archive.Of(user.SchoolId!.Value);
        return Partial("_YearArchiveProgress", this);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!access.PrintsYearJournals) return Forbid();
        await LoadAsync(ct);
        var year = await db.AcademicYears.AsNoTracking().FirstOrDefaultAsync(y => y.Id == YearId, ct);
        if (YearArchive.Refusal(year, Today) is { } refusal)
            TempData["Message"] = refusal.Detail;
        else if (!archive.TryStart(new YearArchive.Request(user.SchoolId!.Value, year!.Id, user.DisplayName), year.Name))
            TempData["Message"] = "Архив уже собирается. Дождитесь окончания: ход работы показан ниже.";
        else
            TempData["Message"] = $"Сборка архива учебного года «{year.Name}» начата.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDestroyAsync(CancellationToken ct)
    {
        if (!access.PrintsYearJournals) return Forbid();
        var year = await db.AcademicYears.AsNoTracking().FirstOrDefaultAsync(y => y.Id == YearId, ct);
        if (year is null) return NotFound();
        var zone = await db.Schools.Where(s => s.Id == user.SchoolId).Select(s => s.TimeZone).FirstAsync(ct);
        var outcome = await retention.DestroyAsync(await YearArchive.FolderAsync(db, settings, user.SchoolId!.Value, year, ct), year.Id, Part,
            zone, ct);
        if (outcome.Problem is { } problem)
        {
            Response.StatusCode = problem.Status;
            await LoadAsync(ct);
            Error = problem.Detail ?? problem.Title;
            return Page();
        }
        var part = ArchiveRetention.Parts.First(p => p.Code == Part);
        TempData["Message"] = $"«{part.Name}» за {year.Name} уничтожены: файлов {outcome.Value!.Files}. Событие записано в журнал аудита.";
        return RedirectToPage();
    }

    public string? Error { get; private set; }

    private async Task LoadAsync(CancellationToken ct)
    {
        var school = user.SchoolId!.Value;
        var zone = await db.Schools.Where(s => s.Id == school).Select(s => s.TimeZone).FirstAsync(ct);
        Today = SchoolClock.Today(time, zone);
        var years = await db.AcademicYears.AsNoTracking().OrderByDescending(y => y.Start).ToListAsync(ct);
        var lines = new List<YearLine>();
        foreach (var y in years)
        {
            var manifest = YearArchive.Read(await YearArchive.FolderAsync(db, settings, school, y, ct));
            var parts = manifest is null ? [] : ArchiveRetention.Parts.Select(p =>
            {
                var files = manifest.Files.Where(f => f.Part == p.Code).ToList();
                var from = ArchiveRetention.DestroyableFrom(p, manifest.YearEnd);
                var destroyed = manifest.Destroyed.FirstOrDefault(d => d.Part == p.Code);
                return new PartLine(p, files.Count, files.Sum(f => f.Size), from, destroyed, destroyed is null && files.Count > 0 && Today >= from);
            }).ToList();
            lines.Add(new YearLine(y.Id, y.Name, y.Start, y.End, y.IsCurrent, y.IsClosed, YearArchive.Refusal(y, Today)?.Detail, manifest, parts));
        }
        Years = lines;
        Progress = archive.Of(school);
    }

    public static string Size(long bytes) => BackupsPageModel.Size(bytes);
}
