using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// The reports' API (../shared/API.md «Reports»): the same rows as the pages; <c>format=xlsx|csv|pdf</c> downloads
/// them as a file instead.
/// </summary>
public static class ReportsApi
{
    public static IServiceCollection AddReports(this IServiceCollection services) => services
        .AddScoped<ProgressReport>().AddScoped<JournalKeepingReport>().AddScoped<ReportFilters>().AddScoped<AveragesReport>()
        .AddScoped<AbsencesReport>().AddScoped<ControlWorksReport>().AddScoped<FailingMarksReport>()
        .AddScoped<PlanFulfilmentReport>().AddScoped<WorkloadReport>().AddScoped<ClassAnalysisReport>().AddScoped<ActivityReport>();

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("/reports").WithTags("Отчёты");
        api.MapGet("/progress", ProgressAsync)
            .WithSummary("Успеваемость и качество по классам, параллелям и школе за период или год (по отметкам за период); "
                + "с classId — и по каждому учащемуся. Директор, заместитель; классный руководитель — по своему классу.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/averages", AveragesAsync)
            .WithSummary("Текущие средние баллы по каждому журналу (правило журнала), прогноз отметки за период и риск «2» или «н/а»; "
                + "с classId — по каждому учащемуся. Директор, заместитель; классный руководитель — по своему классу.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/absences", AbsencesAsync)
            .WithSummary("Пропуски уроков по классам и учащимся по причинам (Н, Б, У; ОП отдельно), доля пропусков, по неделям; "
                + "с classId — по каждому учащемуся с пропущенными темами и их отработкой. Директор, заместитель; классный руководитель — "
                + "по своему классу.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/control-works", ControlWorksAsync)
            .WithSummary("Результаты ВШК: каждая контрольная работа графика за период — отметки, распределение, доля «2», успеваемость, "
                + "качество, средний балл, сравнение с предыдущей работой; просроченные отметки (в срок, заданный школой) — первыми, с учителем. "
                + "Директор, заместитель; классный руководитель — по своему классу.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/failing-marks", FailingMarksAsync)
            .WithSummary("Неудовлетворительные отметки («2» и «1») каждого учащегося за период: дата, предмет, тема, вид работы, учитель, "
                + "исправлена ли; итоги по классам и предметам. Директор, заместитель; классный руководитель — по своему классу.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/journal-keeping", JournalKeepingAsync)
            .WithSummary("Ведение журналов каждым учителем за даты from–to. Директор и заместитель директора.")
            .ProducesProblems(400, 403);
        api.MapGet("/plan-fulfilment", PlanFulfilmentAsync)
            .WithSummary("Выполнение учебного плана за даты from–to: по каждому классу и предмету часы по учебному плану (часы в неделю × "
                + "учебные недели по календарю года) и проведённые уроки, отставание и процент выполнения, то же за год. Директор, "
                + "заместитель; классный руководитель — по своему классу.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/workload", WorkloadAsync)
            .WithSummary("Нагрузка учителей за даты from–to: по каждому учителю и журналу часы в неделю и часы по нагрузке за даты "
                + "(часы в неделю × учебные недели), проведённые уроки — свои и замещения отдельно, уроки, проведённые за него другими. "
                + "Директор и заместитель директора.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/class-analysis", ClassAnalysisAsync)
            .WithSummary("Анализ класса за период: средние баллы по предметам и каждого учащегося, динамика по периодам года (отметки "
                + "за период и текущие средние), пропуски по причинам, неудовлетворительные отметки, что изменилось за последние семь дней "
                + "против семи дней до них. Директор, заместитель; классный руководитель — по своему классу.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/activity", ActivityAsync)
            .WithSummary("Активность пользователей за даты from–to: по ролям (и классу) — пользователей, активных в эти даты (вход, "
                + "записи в журнал, родитель открывал дневник), ни разу не входивших; по каждому пользователю — последний вход. "
                + "Директор и заместитель директора.")
            .ProducesProblems(400, 403, 404);
        return v1;
    }

    private static async Task<IResult> ActivityAsync(DateOnly? from, DateOnly? to, string? role, int? classId, string? format,
        ActivityReport report, CancellationToken ct)
    {
        var result = await report.LoadAsync(from, to, role, classId, ct);
        if (result.Problem is not null || format is null) return result.ToResult();
        return ActivityReport.ToFile(result.Value!).ToResult(format);
    }

    private static async Task<IResult> ClassAnalysisAsync(int periodId, int classId, string? format, ClassAnalysisReport report,
        CancellationToken ct)
    {
        var result = await report.LoadAsync(periodId, classId, ct);
        if (result.Problem is not null || format is null) return result.ToResult();
        return ClassAnalysisReport.ToFile(result.Value!).ToResult(format);
    }

    private static async Task<IResult> ProgressAsync(int periodId, int? classId, int? subjectId, int? teacherId, string? format,
        ProgressReport report, CancellationToken ct)
    {
        var result = await report.LoadAsync(new ProgressReport.Filter(periodId, classId, subjectId, teacherId), ct);
        if (result.Problem is not null || format is null) return result.ToResult();
        return ProgressReport.ToFile(result.Value!).ToResult(format);
    }

    private static async Task<IResult> AveragesAsync(int periodId, int? classId, string? format, AveragesReport report,
        CancellationToken ct)
    {
        var result = await report.LoadAsync(periodId, classId, ct);
        if (result.Problem is not null || format is null) return result.ToResult();
        return AveragesReport.ToFile(result.Value!).ToResult(format);
    }

    private static async Task<IResult> AbsencesAsync(int periodId, int? classId, string? format, AbsencesReport report,
        CancellationToken ct)
    {
        var result = await report.LoadAsync(periodId, classId, ct);
        if (result.Problem is not null || format is null) return result.ToResult();
        return AbsencesReport.ToFile(result.Value!).ToResult(format);
    }

    private static async Task<IResult> ControlWorksAsync(int periodId, int? classId, int? subjectId, string? format,
        ControlWorksReport report, CancellationToken ct)
    {
        var result = await report.LoadAsync(periodId, classId, subjectId, ct);
        if (result.Problem is not null || format is null) return result.ToResult();
        return ControlWorksReport.ToFile(result.Value!).ToResult(format);
    }

    private static async Task<IResult> FailingMarksAsync(int periodId, int? classId, string? format, FailingMarksReport report,
        CancellationToken ct)
    {
        var result = await report.LoadAsync(periodId, classId, ct);
        if (result.Problem is not null || format is null) return result.ToResult();
        return FailingMarksReport.ToFile(result.Value!).ToResult(format);
    }

    private static async Task<IResult> JournalKeepingAsync(DateOnly? from, DateOnly? to, int? teacherId, string? format,
        JournalKeepingReport report, CancellationToken ct)
    {
        var result = await report.LoadAsync(from, to, teacherId, ct);
        if (result.Problem is not null || format is null) return result.ToResult();
        return JournalKeepingReport.ToFile(result.Value!, from!.Value, to!.Value).ToResult(format);
    }

    private static async Task<IResult> PlanFulfilmentAsync(DateOnly? from, DateOnly? to, int? classId, string? format,
        PlanFulfilmentReport report, CancellationToken ct)
    {
        var result = await report.LoadAsync(from, to, classId, ct);
        if (result.Problem is not null || format is null) return result.ToResult();
        return PlanFulfilmentReport.ToFile(result.Value!).ToResult(format);
    }

    private static async Task<IResult> WorkloadAsync(DateOnly? from, DateOnly? to, int? teacherId, string? format, WorkloadReport report,
        CancellationToken ct)
    {
        var result = await report.LoadAsync(from, to, teacherId, ct);
        if (result.Problem is not null || format is null) return result.ToResult();
        return WorkloadReport.ToFile(result.Value!).ToResult(format);
    }
}
