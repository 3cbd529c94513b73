using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Выполнение учебного плана»: the same as GET /api/v1/reports/plan-fulfilment; from the year's first day to today by default.</summary>
public sealed class PlanFulfilmentModel(PlanFulfilmentReport report, ReportFilters filters, SchoolCalendar calendar, AccessService access)
    : PageModel
{
    public ReportFilters.Lists Lists { get; private set; } = null!;
    public PlanFulfilmentReport.Result? Report { get; private set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public int? ClassId { get; set; }
    public string? Error { get; private set; }

    public string Query(string format) => ReportLinks.Query(Request.Query, format);

    /// <summary>The shown dates as an address's query: a row's link keeps them.</summary>
    public string Dates => $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";

    public async Task<IActionResult> OnGetAsync(string? format, CancellationToken ct)
    {
        if (!access.ReadsReports) return Forbid();
        var today = (await calendar.NowAsync(ct)).Today;
        Lists = await filters.LoadAsync(today, ct);
        To ??= today;
        From ??= await report.YearStartAsync(ct) is var start && start != default && start <= To ? start : To.Value.AddDays(-13);
        var result = await report.LoadAsync(From, To, ClassId, ct);
        if (result.Problem is { Status: StatusCodes.Status400BadRequest } problem)
        {
            Error = problem.Detail;
            return Page();
        }
        if (result.Problem is { } refused) return StatusCode(refused.Status);
        Report = result.Value!;
        if (format is null) return Page();
        return PlanFulfilmentReport.ToFile(Report).Render(format) is { } file ? File(file.Content, file.ContentType, file.FileName) : BadRequest();
    }
}
