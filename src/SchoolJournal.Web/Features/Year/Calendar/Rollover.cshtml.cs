using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Calendar;

/// <summary>
/// «Переход на новый учебный год» (R-YEAR-16): the deputy fills in the new year, sees what the rollover will create
/// (classes 5А → 6А, graduates, copies) and confirms; both steps go through <see cref="YearRollover"/>, as the API.
/// </summary>
public sealed class RolloverModel(JournalDbContext db, AccessService access, YearRollover rollover) : PageModel
{
    public sealed class RolloverForm
    {
        public string? Name { get; set; }
        public DateOnly? Start { get; set; }
        public DateOnly? End { get; set; }
        public bool GraduateNinth { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty]
    public RolloverForm Input { get; set; } = new();

    public CalendarWrite.YearDto? Current { get; private set; }
    public YearRollover.Plan? Preview { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.CanManageYear) return Forbid();
        await LoadAsync(ct);
        if (Current is not null)
        {
            var next = Current.Start.Year + 1;
            Input = new RolloverForm { Name = $"{next}/{next + 1}", Start = Current.Start.AddYears(1), End = Current.End.AddYears(1) };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (!access.CanManageYear) return Forbid();
        await LoadAsync(ct);
        if (Current is null) return NotFound();
        var outcome = await rollover.PreviewAsync(Current.Id, ToInput(), ct);
        if (outcome.Problem is { } problem) return Refuse(problem);
        Preview = outcome.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        if (!access.CanManageYear) return Forbid();
        await LoadAsync(ct);
        if (Current is null) return NotFound();
        var outcome = await rollover.RunAsync(Current.Id, ToInput(), ct);
        if (outcome.Problem is { } problem)
        {
            // Shown again with the plan, so the reason can be given next to what will change.
            if (problem.Status == StatusCodes.Status409Conflict && await rollover.PreviewAsync(Current.Id, ToInput(), ct) is { Value: { } plan })
                Preview = plan;
            return Refuse(problem);
        }
        var r = outcome.Value!;
        TempData["Message"] =
            $"Школа переведена на учебный год «{r.Year.Name}»: классов — {r.Classes}, переведено учеников — {r.Promoted}, выпущено " +
                $"— {r.Graduates}. " +
            "Проверьте даты периодов и каникул нового года.";
        return Redirect($"/Year/Periods?yearId={r.Year.Id}");
    }

    private YearRollover.Input ToInput() => new(Input.Name, Input.Start, Input.End, Input.GraduateNinth ? [9, 11] : [11], Input.Reason);

    private IActionResult Refuse(Problem problem)
    {
        if (problem.Status == StatusCodes.Status403Forbidden) return Forbid();
        Error = problem.Detail ?? problem.Title;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var year = await db.AcademicYears.AsNoTracking().Where(y => y.IsCurrent).OrderByDescending(y => y.Start).FirstOrDefaultAsync(ct);
        Current = year is null ? null : CalendarWrite.ToDto(year);
    }
}
