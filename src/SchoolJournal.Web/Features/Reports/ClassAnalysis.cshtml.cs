using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Анализ класса»: the same as GET /api/v1/reports/class-analysis; without a chosen class, the first the reader may see.</summary>
public sealed class ClassAnalysisModel(ClassAnalysisReport report, ReportFilters filters, SchoolCalendar calendar, AccessService access)
    : ReportPage<ClassAnalysisReport.Result>(filters, calendar, access)
{
    protected override Task<Outcome<ClassAnalysisReport.Result>> LoadAsync(int periodId, CancellationToken ct)
    {
        ClassId ??= Lists.Classes.FirstOrDefault()?.Id;
        return ClassId is int classId ? report.LoadAsync(periodId, classId, ct)
            : Task.FromResult<Outcome<ClassAnalysisReport.Result>>(Problem.NotFound("Класс не найден"));
    }

    protected override ReportFile ToFile(ClassAnalysisReport.Result result) => ClassAnalysisReport.ToFile(result);
}
