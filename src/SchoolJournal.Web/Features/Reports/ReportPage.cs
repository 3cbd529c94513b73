using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// A report page over one study period: the filters' lists, the period (the current one by default), the report loaded through
/// its service, and the same report as a download when the address asks for a format. Each report says only how it loads and
/// how it is written to a file.
/// </summary>
public abstract class ReportPage<TResult>(ReportFilters filters, SchoolCalendar calendar, AccessService access) : PageModel
    where TResult : class
{
    public ReportFilters.Lists Lists { get; private set; } = null!;
    public TResult? Report { get; private set; }
    [BindProperty(SupportsGet = true)] public int? PeriodId { get; set; }
    [BindProperty(SupportsGet = true)] public int? ClassId { get; set; }

    public string Query(string format) => ReportLinks.Query(Request.Query, format);

    protected abstract Task<Outcome<TResult>> LoadAsync(int periodId, CancellationToken ct);

    protected abstract ReportFile ToFile(TResult report);

    public async Task<IActionResult> OnGetAsync(string? format, CancellationToken ct)
    {
        if (!access.ReadsReports) return Forbid();
        Lists = await filters.LoadAsync((await calendar.NowAsync(ct)).Today, ct);
        PeriodId ??= Lists.CurrentPeriodId;
        if (PeriodId is not int periodId) return Page();
        var result = await LoadAsync(periodId, ct);
        if (result.Problem is { } problem) return StatusCode(problem.Status);
        Report = result.Value!;
        if (format is null) return Page();
        return ToFile(Report).Render(format) is { } file ? File(file.Content, file.ContentType, file.FileName) : BadRequest();
    }
}
