using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Результаты ВШК»: the same as GET /api/v1/reports/control-works.</summary>
public sealed class ControlWorksModel(ControlWorksReport report, ReportFilters filters, SchoolCalendar calendar, AccessService access)
    : ReportPage<ControlWorksReport.Result>(filters, calendar, access)
{
    [BindProperty(SupportsGet = true)] public int? SubjectId { get; set; }

    protected override Task<Outcome<ControlWorksReport.Result>> LoadAsync(int periodId, CancellationToken ct) =>
        report.LoadAsync(periodId, ClassId, SubjectId, ct);

    protected override ReportFile ToFile(ControlWorksReport.Result result) => ControlWorksReport.ToFile(result);
}
