using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Активность пользователей»: the same as GET /api/v1/reports/activity; from the year's first day to today by default.</summary>
public sealed class ActivityModel(ActivityReport report, PlanFulfilmentReport plan, ReportFilters filters, SchoolCalendar calendar,
    AccessService access) : DatedReportPage<ActivityReport.Result>(filters, calendar)
{
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true)] public int? ClassId { get; set; }

    /// <summary>The roles to choose from, in the menu's order.</summary>
    public static IReadOnlyList<(string Key, string Title)> RoleChoices => [.. Roles.All.Select(r => (r, Roles.Title(r)))];

    /// <summary>Without a role or class chosen the page lists only those who never signed in; the files and the API list everyone.</summary>
    public bool EveryUser => Role is not null || ClassId is not null;

    protected override bool MayRead => access.ReadsSchoolReports;

    protected override Task<DateOnly> YearStartAsync(CancellationToken ct) => plan.YearStartAsync(ct);

    protected override Task<Outcome<ActivityReport.Result>> LoadAsync(DateOnly? from, DateOnly? to, CancellationToken ct) =>
        report.LoadAsync(from, to, string.IsNullOrEmpty(Role) ? null : Role, ClassId, ct);

    protected override ReportFile ToFile(ActivityReport.Result result) => ActivityReport.ToFile(result);

    public string? Local(DateTimeOffset? at) => at is { } t && Report is { } r
        ? TimeZoneInfo.ConvertTime(t, TimeZoneInfo.FindSystemTimeZoneById(r.TimeZone)).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)
        : null;
}
