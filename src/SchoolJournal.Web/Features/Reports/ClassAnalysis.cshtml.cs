using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// «Анализ класса»: the same as GET /api/v1/reports/class-analysis. Without a chosen class, the first the reader may see; without
/// a chosen period, or with one that is not the class's, the class's own current one (a 1st class and a 7th may be in different
/// terms).
/// </summary>
public sealed class ClassAnalysisModel(ClassAnalysisReport report, ReportFilters filters, SchoolCalendar calendar, AccessService access)
    : ReportPage<ClassAnalysisReport.Result>(filters, calendar, access)
{
    protected override async Task<Outcome<ClassAnalysisReport.Result>> LoadAsync(int periodId, CancellationToken ct)
    {
        ClassId ??= Lists.Classes.FirstOrDefault()?.Id;
        if (ClassId is not int classId) return Problem.NotFound("Класс не найден", "В текущем учебном году нет ваших классов.");
        // A period that is not the class's (none asked, the year, another level's term kept from the class chosen before): its current.
        var (terms, current) = await report.TermsAsync(classId, ct);
        if ((string.IsNullOrEmpty(Request.Query["periodId"]) || !terms.Contains(periodId)) && current is int now) PeriodId = periodId = now;
        return await report.LoadAsync(periodId, classId, ct);
    }

    protected override ReportFile ToFile(ClassAnalysisReport.Result result) => ClassAnalysisReport.ToFile(result);
}
