using System.Globalization;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// /Admin/Archive/Journals: «Печать журналов за год» for one class or all classes of the current year, its progress «N из M классов»
/// (the fragment polls itself while the run goes) and the printed files to download.
/// </summary>
public sealed class JournalsPageModel(JournalPrints prints, AccessService access, CurrentUser user, SchoolCalendar calendar, JournalDbContext db)
    : PageModel
{
    public sealed record ClassOption(int Id, string Name);

    public string? YearName { get; private set; }
    public IReadOnlyList<ClassOption> Classes { get; private set; } = [];
    public JournalPrints.Progress? Progress { get; private set; }

    [BindProperty] public int? ClassId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.PrintsYearJournals) return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public IActionResult OnGetProgress()
    {
        if (!access.PrintsYearJournals) return Forbid();
        Progress = prints.Of(user.SchoolId!.Value);
        return Partial("_JournalsProgress", this);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!access.PrintsYearJournals) return Forbid();
        await LoadAsync(ct);
        var yearId = (await calendar.NowAsync(ct)).YearId;
        if (yearId is null)
            TempData["Message"] = "В школе нет текущего учебного года: печатать нечего.";
        else if (ClassId is int id && Classes.All(c => c.Id != id))
            TempData["Message"] = "Такого класса нет в текущем учебном году. Выберите класс из списка.";
        else if (!prints.TryStart(new JournalPrints.Request(user.SchoolId!.Value, yearId.Value, ClassId)))
            TempData["Message"] = "Журналы уже печатаются. Дождитесь окончания: ход печати показан ниже.";
        else
            TempData["Message"] = ClassId is null ? "Печать журналов всех классов начата." : "Печать журнала класса начата.";
        return RedirectToPage();
    }

    public IActionResult OnGetDownload(string? name)
    {
        if (!access.PrintsYearJournals) return Forbid();
        var progress = prints.Of(user.SchoolId!.Value);
        var file = progress?.Files.FirstOrDefault(f => f.FileName == name);
        if (progress is null || file is null) return NotFound();
        var path = Path.Combine(progress.Folder, file.FileName);
        return System.IO.File.Exists(path) ? PhysicalFile(path, "application/pdf", $"Журнал {file.FileName}") : NotFound();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = await calendar.NowAsync(ct);
        YearName = now.YearName;
        Classes = now.YearId is int yearId
            ? (await db.SchoolClasses.AsNoTracking().Where(c => c.AcademicYearId == yearId).OrderBy(c => c.Grade).ThenBy(c => c.Letter)
                .Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct))
                .Select(c => new ClassOption(c.Id, $"{c.Grade}{c.Letter}")).ToList()
            : [];
        Progress = prints.Of(user.SchoolId!.Value);
    }

    /// <summary>Kilobytes rounded up, as on the backups page.</summary>
    public static string Size(long bytes) => BackupsPageModel.Size(bytes);
}
