using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Успеваемость и качество»: the report with its filters, a chart and the downloads (the same as GET /api/v1/reports/progress).</summary>
public sealed class ProgressModel(ProgressReport report, ReportFilters filters, SchoolCalendar calendar, AccessService access) : PageModel
{
    public ReportFilters.Lists Lists { get; private set; } = null!;
    public ProgressReport.Result? Report { get; private set; }
    [BindProperty(SupportsGet = true)] public int? PeriodId { get; set; }
    [BindProperty(SupportsGet = true)] public int? ClassId { get; set; }
    [BindProperty(SupportsGet = true)] public int? SubjectId { get; set; }
    [BindProperty(SupportsGet = true)] public int? TeacherId { get; set; }

    public string Query(string format) => ReportLinks.Query(Request.Query, format);

    public async Task<IActionResult> OnGetAsync(string? format, CancellationToken ct)
    {
        if (!access.ReadsReports) return Forbid();
        Lists = await filters.LoadAsync((await calendar.NowAsync(ct)).Today, ct);
        PeriodId ??= Lists.CurrentPeriodId;
        if (PeriodId is not int periodId) return Page();
        var result = await report.LoadAsync(new ProgressReport.Filter(periodId, ClassId, SubjectId, TeacherId), ct);
        if (result.Problem is { } problem) return StatusCode(problem.Status);
        Report = result.Value!;
        if (format is null) return Page();
        return ProgressReport.ToFile(Report).Render(format) is { } file
            ? File(file.Content, file.ContentType, file.FileName) : BadRequest();
    }
}
