using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>/Admin/Outages: the register of days the system did not work (R-ARCH-5): list, add, delete; each change audited.</summary>
public sealed class OutagesPageModel(Outages outages, AccessService access, SchoolCalendar calendar) : PageModel
{
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    public IReadOnlyList<SystemOutage> Rows { get; private set; } = [];

    [BindProperty] public DateOnly? From { get; set; }
    [BindProperty] public DateOnly? To { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.RegistersOutages) return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!access.RegistersOutages) return Forbid();
        ModelState.Clear();
        var outcome = await outages.RegisterAsync(From, To, Reason, ct);
        if (outcome.Problem is { } problem)
        {
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = $"Сбой {Days(outcome.Value!)} зарегистрирован.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        if (!access.RegistersOutages) return Forbid();
        var outcome = await outages.DeleteAsync(id, ct);
        if (outcome.Problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        TempData["Message"] = "Сбой удалён: записи за его дни снова считаются по обычным срокам.";
        return RedirectToPage();
    }

    public static string Days(SystemOutage o) => o.From == o.To
        ? o.From.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)
        : $"{o.From.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)} — {o.To.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}";

    public string When(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    private async Task LoadAsync(CancellationToken ct)
    {
        _zone = TimeZoneInfo.FindSystemTimeZoneById((await calendar.NowAsync(ct)).TimeZone);
        Rows = await outages.ListAsync(ct);
    }
}
