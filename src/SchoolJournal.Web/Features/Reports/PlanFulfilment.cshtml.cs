using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Выполнение учебного плана»: the same as GET /api/v1/reports/plan-fulfilment; from the year's first day to today by default.</summary>
public sealed class PlanFulfilmentModel(PlanFulfilmentReport report, ReportFilters filters, SchoolCalendar calendar, AccessService access)
    : DatedReportPage<PlanFulfilmentReport.Result>(filters, calendar)
{
    [BindProperty(SupportsGet = true)] public int? ClassId { get; set; }

    protected override bool MayRead => access.ReadsReports;

    protected override Task<DateOnly> YearStartAsync(CancellationToken ct) => report.YearStartAsync(ct);

    protected override Task<Outcome<PlanFulfilmentReport.Result>> LoadAsync(DateOnly? from, DateOnly? to, CancellationToken ct) =>
        report.LoadAsync(from, to, ClassId, ct);

    protected override ReportFile ToFile(PlanFulfilmentReport.Result result) => PlanFulfilmentReport.ToFile(result);
}
