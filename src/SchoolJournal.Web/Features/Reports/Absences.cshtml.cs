using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Пропуски»: the same as GET /api/v1/reports/absences.</summary>
public sealed class AbsencesModel(AbsencesReport report, ReportFilters filters, SchoolCalendar calendar, AccessService access)
    : ReportPage<AbsencesReport.Result>(filters, calendar, access)
{
    protected override Task<Outcome<AbsencesReport.Result>> LoadAsync(int periodId, CancellationToken ct) =>
        report.LoadAsync(periodId, ClassId, ct);

    protected override ReportFile ToFile(AbsencesReport.Result result) => AbsencesReport.ToFile(result);
}
