using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Текущая успеваемость и прогноз» (operational analysis): the same as GET /api/v1/reports/averages.</summary>
public sealed class AveragesModel(AveragesReport report, ReportFilters filters, SchoolCalendar calendar, AccessService access)
    : ReportPage<AveragesReport.Result>(filters, calendar, access)
{
    protected override Task<Outcome<AveragesReport.Result>> LoadAsync(int periodId, CancellationToken ct) =>
        report.LoadAsync(periodId, ClassId, ct);

    protected override ReportFile ToFile(AveragesReport.Result result) => AveragesReport.ToFile(result);
}
