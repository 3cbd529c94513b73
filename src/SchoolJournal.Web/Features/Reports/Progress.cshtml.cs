using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Успеваемость и качество»: the report with its filters, a chart and the downloads (the same as GET /api/v1/reports/progress).</summary>
public sealed class ProgressModel(ProgressReport report, ReportFilters filters, SchoolCalendar calendar, AccessService access)
    : ReportPage<ProgressReport.Result>(filters, calendar, access)
{
    [BindProperty(SupportsGet = true)] public int? SubjectId { get; set; }
    [BindProperty(SupportsGet = true)] public int? TeacherId { get; set; }

    protected override Task<Outcome<ProgressReport.Result>> LoadAsync(int periodId, CancellationToken ct) =>
        report.LoadAsync(new ProgressReport.Filter(periodId, ClassId, SubjectId, TeacherId), ct);

    protected override ReportFile ToFile(ProgressReport.Result result) => ProgressReport.ToFile(result);
}
