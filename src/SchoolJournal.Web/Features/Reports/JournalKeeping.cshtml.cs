using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Ведение журналов»: every teacher's journals over a span of dates (the same as GET /api/v1/reports/journal-keeping).</summary>
public sealed class JournalKeepingModel(JournalKeepingReport report, ReportFilters filters, SchoolCalendar calendar, AccessService access)
    : PageModel
{
    public ReportFilters.Lists Lists { get; private set; } = null!;
    public IReadOnlyList<JournalKeepingReport.Row> Rows { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public int? TeacherId { get; set; }
    public string? Error { get; private set; }

    public string Query(string format) => ReportLinks.Query(Request.Query, format);

    public async Task<IActionResult> OnGetAsync(string? format, CancellationToken ct)
    {
        if (!access.ReadsSchoolReports) return Forbid();
        var today = (await calendar.NowAsync(ct)).Today;
        Lists = await filters.LoadAsync(today, ct);
        To ??= today;
        From ??= To.Value.AddDays(-13);
        var result = await report.LoadAsync(From, To, TeacherId, ct);
        if (result.Problem is { } problem)
        {
            Error = problem.Detail;
            return Page();
        }
        Rows = result.Value!;
        if (format is null) return Page();
        return JournalKeepingReport.ToFile(Rows, From.Value, To.Value).Render(format) is { } file
            ? File(file.Content, file.ContentType, file.FileName) : BadRequest();
    }
}
