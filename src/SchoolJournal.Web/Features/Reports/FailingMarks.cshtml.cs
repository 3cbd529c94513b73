using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Неудовлетворительные отметки»: the same as GET /api/v1/reports/failing-marks.</summary>
public sealed class FailingMarksModel(FailingMarksReport report, ReportFilters filters, SchoolCalendar calendar, AccessService access)
    : ReportPage<FailingMarksReport.Result>(filters, calendar, access)
{
    protected override Task<Outcome<FailingMarksReport.Result>> LoadAsync(int periodId, CancellationToken ct) =>
        report.LoadAsync(periodId, ClassId, ct);

    protected override ReportFile ToFile(FailingMarksReport.Result result) => FailingMarksReport.ToFile(result);
}
