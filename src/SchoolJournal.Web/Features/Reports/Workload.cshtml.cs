using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Нагрузка учителей»: the same as GET /api/v1/reports/workload; from the year's first day to today by default.</summary>
public sealed class WorkloadModel(WorkloadReport report, PlanFulfilmentReport plan, ReportFilters filters, SchoolCalendar calendar,
    AccessService access) : DatedReportPage<WorkloadReport.Result>(filters, calendar)
{
    [BindProperty(SupportsGet = true)] public int? TeacherId { get; set; }

    protected override bool MayRead => access.ReadsSchoolReports;

    protected override Task<DateOnly> YearStartAsync(CancellationToken ct) => plan.YearStartAsync(ct);

    protected override Task<Outcome<WorkloadReport.Result>> LoadAsync(DateOnly? from, DateOnly? to, CancellationToken ct) =>
        report.LoadAsync(from, to, TeacherId, ct);

    protected override ReportFile ToFile(WorkloadReport.Result result) => WorkloadReport.ToFile(result);
}
