using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Diary.Overview;

// The diary's period view: marks by subject with averages, period and year grades, teachers, holidays, control works, homework, messages.
public static class DiaryOverviewSetup
{
    public static IServiceCollection AddDiaryOverview(this IServiceCollection services) => services
        .AddScoped<DiaryStudent>()
        .AddScoped<PeriodMarks>()
        .AddScoped<HomeworkList>()
        .AddScoped<ClassOverview>();

    public static RouteGroupBuilder MapDiaryOverviewApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("/students/{studentId:int}").WithTags("Дневник");
        api.MapGet("/marks", MarksAsync)
            .WithSummary("Отметки ученика по предметам за учебный период (periodId; по умолчанию текущий): отметки по датам с видом "
                + "работы, весом и комментарием, средний взвешенный балл как в журнале, отметка за период, за год, экзамен и итоговая. "
                + "Строка — один журнал (groupId): у перешедшего в другой класс предмет периода — две строки, journal называет группу. "
                + "Ученику, его родителям и сотрудникам с доступом. Период не своего класса — 404.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/homework", HomeworkAsync)
            .WithSummary(
                "Домашние задания ученика со сроком сдачи from…to (по умолчанию прошедшая неделя, сегодня и две недели вперёд): урок, к которому " +
                    "задано, урок, на котором задано, файлы. Задание части группы — только этим ученикам.")
            .ProducesProblems(400, 403);
        api.MapGet("/teachers", TeachersAsync)
            .WithSummary(
                "Класс ученика, классный руководитель и на сегодня каждая его группа (класс, подгруппа, поток, ИУП, внеурочная) с предметом и " +
                    "учителями.")
            .ProducesProblems(403);
        return v1;
    }

    /// <summary>The same refusal for a student who does not exist and one the caller may not see: nothing about him leaks.</summary>
    private static IResult Refused() => ApiProblem.Forbidden("Нет доступа к дневнику",
        "Дневник ученика видят он сам, его родители и педагоги, которые его учат.");

    private static async Task<IResult> MarksAsync(int studentId, string? periodId, AccessService access, PeriodMarks marks, CancellationToken ct)
    {
        int? period = null;
        if (!string.IsNullOrWhiteSpace(periodId))
        {
            if (!int.TryParse(periodId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return ApiProblem.BadRequest("Неверный период", "periodId — номер учебного периода из GET /api/v1/periods.");
            period = id;
        }
        if (!await access.CanSeeStudentAsync(studentId, ct)) return Refused();
        var outcome = await marks.LoadAsync(studentId, period, ct);
        return outcome.ToResult(v => Results.Ok(v.Marks));
    }

    private static async Task<IResult> HomeworkAsync(int studentId, string? from, string? to, AccessService access, HomeworkList homework,
        CancellationToken ct)
    {
        DateOnly? start = null, end = null;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (!TryDate(from, out var d)) return BadDate("from");
            start = d;
        }
        if (!string.IsNullOrWhiteSpace(to))
        {
            if (!TryDate(to, out var d)) return BadDate("to");
            end = d;
        }
        if (!await access.CanSeeStudentAsync(studentId, ct)) return Refused();
        var (defaultFrom, defaultTo) = await homework.DefaultSpanAsync(studentId, ct);
        var (first, last) = (start ?? (end is DateOnly e ? e.AddDays(-21) : defaultFrom), end ?? (start is DateOnly s ? s.AddDays(21) : defaultTo));
        if (last < first || last.DayNumber - first.DayNumber >= HomeworkList.MaxDays)
            return ApiProblem.BadRequest("Неверный промежуток дат", $"Дата to не раньше from, промежуток — не больше {HomeworkList.MaxDays} дней.");
        return Results.Ok(await homework.LoadAsync(studentId, first, last, ct));
    }

    private static async Task<IResult> TeachersAsync(int studentId, AccessService access, ClassOverview overview, CancellationToken ct)
    {
        if (!await access.CanSeeStudentAsync(studentId, ct)) return Refused();
        return await overview.TeachersAsync(studentId, ct) is { } teachers ? Results.Ok(teachers) : Refused();
    }

    internal static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static IResult BadDate(string name) =>
        ApiProblem.BadRequest("Неверная дата", $"{name} — дата в виде ГГГГ-ММ-ДД, например 2026-11-23.");
}
