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

/// <summary>
/// A report page over dates (from the current year's first day to today by default): the filters' lists, the dates, the report
/// loaded through its service — a wrong range named on the page —, and the same report as a download when the address asks
/// for a format.
/// </summary>
public abstract class DatedReportPage<TResult>(ReportFilters filters, SchoolCalendar calendar) : PageModel
    where TResult : class
{
    public ReportFilters.Lists Lists { get; private set; } = null!;
    public TResult? Report { get; private set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    public string? Error { get; private set; }

    public string Query(string format) => ReportLinks.Query(Request.Query, format);

    /// <summary>The shown dates as an address's query: a row's link keeps them.</summary>
    public string Dates => $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";

    protected abstract bool MayRead { get; }

    /// <summary>The current year's first day (<see cref="PlanFulfilmentReport.YearStartAsync"/>); default when there is none.</summary>
    protected abstract Task<DateOnly> YearStartAsync(CancellationToken ct);

    protected abstract Task<Outcome<TResult>> LoadAsync(DateOnly? from, DateOnly? to, CancellationToken ct);

    protected abstract ReportFile ToFile(TResult report);

    public async Task<IActionResult> OnGetAsync(string? format, CancellationToken ct)
    {
        if (!MayRead) return Forbid();
        var today = (await calendar.NowAsync(ct)).Today;
        Lists = await filters.LoadAsync(today, ct);
        To ??= today;
        From ??= await YearStartAsync(ct) is var start && start != default && start <= To ? start : To.Value.AddDays(-13);
        var result = await LoadAsync(From, To, ct);
        if (result.Problem is { Status: StatusCodes.Status400BadRequest } problem)
        {
            Error = problem.Detail;
            return Page();
        }
        if (result.Problem is { } refused) return StatusCode(refused.Status);
        Report = result.Value!;
        if (format is null) return Page();
        return ToFile(Report).Render(format) is { } file ? File(file.Content, file.ContentType, file.FileName) : BadRequest();
    }
}
