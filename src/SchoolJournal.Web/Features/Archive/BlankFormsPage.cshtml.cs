using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// /Journal/BlankForms: the blank forms of a class for a week (R-ARCH-5), for its class teacher, the deputy and the director — printed
/// ahead of a planned outage or from a saved copy when the system is down.
/// </summary>
public sealed class BlankFormsPageModel(AccessService access, SchoolCalendar calendar, JournalDbContext db) : PageModel
{
    public sealed record ClassOption(int Id, string Name);

    public IReadOnlyList<ClassOption> Classes { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public int? ClassId { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Week { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.PrintsBlankForms) return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct)
    {
        if (!access.PrintsBlankForms) return Forbid();
        if (ClassId is not int classId || Week is not DateOnly week)
        {
            await LoadAsync(ct);
            Error = "Выберите класс и неделю.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct)) return NotFound();
        if (!await access.CanReadClassJournalAsync(classId, ct)) return Forbid();
        var form = (await BlankForms.LoadAsync(db, classId, week, ct))!;
        return File(BlankForms.Render(form), "application/pdf",
            $"Бланки {form.ClassName} {form.Monday.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}.pdf");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = await calendar.NowAsync(ct);
        Week ??= BlankForms.MondayOf(now.Today);
        var classes = await db.SchoolClasses.AsNoTracking().Where(c => c.AcademicYearId == now.YearId)
            .OrderBy(c => c.Grade).ThenBy(c => c.Letter).Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
        var mine = new List<ClassOption>();
        foreach (var c in classes)
            if (access.SeesWholeSchool || await access.CanReadClassJournalAsync(c.Id, ct)) mine.Add(new ClassOption(c.Id, $"{c.Grade}{c.Letter}"));
        Classes = mine;
    }
}
