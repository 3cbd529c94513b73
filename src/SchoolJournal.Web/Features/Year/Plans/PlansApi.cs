using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Plans;

/// <summary>
/// КТП routes (R-YEAR-10): the list of groups with their plans, one plan, its replacement (JSON or a file) and removal,
/// and the file template. Every write spreads the plan over the group's lessons in the same transaction.
/// </summary>
public static class PlansApi
{
    public sealed record TopicInput(string? Section, string? Title, int? Hours, string? Note);
    public sealed record PlanInput(IReadOnlyList<TopicInput>? Topics);
    public sealed record PlanSaved(PlanQueries.PlanView Plan, PlanApplied Applied);

    public static IServiceCollection AddPlans(this IServiceCollection services) => services
        .AddScoped<SavePlan>().AddScoped<PlanQueries>();

    public static RouteGroupBuilder MapPlansApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("КТП");
        api.MapGet("/thematic-plans", ListAsync)
            .WithSummary(
                "Группы текущего года с их КТП: число тем, часов, уроков группы и уроков с темой. Учителю — его группы, классному руководителю — " +
                    "группы его класса, администрации — все; фильтры groupId, teacherId, classId.")
            .ProducesProblems(403);
        api.MapGet("/thematic-plans/template", Template)
            .WithSummary("Шаблон файла КТП для импорта: format=xlsx (по умолчанию) или csv (разделитель «;», UTF-8).")
            .ProducesProblems(403);
        api.MapGet("/groups/{groupId:int}/thematic-plan", GetAsync)
            .WithSummary("КТП группы: темы по порядку с часами, примечанием и датами уроков, на которые они приходятся.")
            .ProducesProblems(403, 404);
        api.MapPut("/groups/{groupId:int}/thematic-plan", PutAsync)
            .WithSummary(
                "Заменить КТП группы и записать темы в уроки: урок с темой, написанной учителем, её сохраняет. Учитель группы или администрация.")
            .ProducesProblems(400, 403, 404);
        api.MapPost("/groups/{groupId:int}/thematic-plan/import", ImportAsync)
            .WithSummary(
                "Загрузить КТП группы из файла (multipart, поле file): XLSX или CSV со столбцами «№», «Раздел», «Тема», «Часы», «Домашнее задание " +
                    "/ примечание». Ошибки — списком по строкам, ничего не записывается.")
            .DisableAntiforgery()
            .ProducesProblems(400, 403, 404);
        api.MapDelete("/groups/{groupId:int}/thematic-plan", DeleteAsync)
            .WithSummary("Удалить КТП группы: уроки теряют темы, записанные из КТП; темы, написанные учителем, остаются.")
            .ProducesProblems(403, 404);
        return v1;
    }

    private static IResult NotStaff() =>
        ApiProblem.Forbidden("Нет доступа к КТП", "КТП видят сотрудники школы: учителя, классные руководители и администрация.");

    private static async Task<IResult> ListAsync(int? groupId, int? teacherId, int? classId, AccessService access, PlanQueries plans,
        CancellationToken ct)
    {
        if (!access.IsStaff) return NotStaff();
        return Results.Ok(await plans.ListAsync(groupId, teacherId, classId, ct));
    }

    private static IResult Template(string? format, AccessService access)
    {
        if (!access.IsStaff) return NotStaff();
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            return Results.File(PlanFile.WriteCsv(PlanFile.ExampleRows), "text/csv; charset=utf-8", "КТП-шаблон.csv");
        return Xlsx.File("КТП-шаблон.xlsx", "КТП", PlanFile.Headers, PlanFile.ExampleRows);
    }

    private static async Task<IResult> GetAsync(int groupId, AccessService access, PlanQueries plans, CancellationToken ct)
    {
        if (!access.IsStaff) return NotStaff();
        var plan = await plans.PlanAsync(groupId, ct);
        if (plan is null) return PlanRefusal.NotFound.ToResult();
        if (!await plans.CanReadAsync(groupId, ct))
            return ApiProblem.Forbidden("Нет доступа к КТП группы", "КТП группы видят её учитель, классный руководитель её класса и администрация.");
        return Results.Ok(plan);
    }

    private static async Task<IResult> PutAsync(int groupId, PlanInput input, SavePlan save, PlanQueries plans, CancellationToken ct)
    {
        var (rows, errors) = PlanRules.CheckAll((input.Topics ?? []).Select(t =>
            (t.Section, t.Title, t.Hours?.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Note)));
        return await SaveAsync(groupId, rows, errors, "api", save, plans, ct);
    }

    private static async Task<IResult> ImportAsync(int groupId, IFormFile? file, SavePlan save, PlanQueries plans, CancellationToken ct)
    {
        if (file is null) return await SaveAsync(groupId, [], ["Файл не выбран: передайте его в поле file."], "file", save, plans, ct);
        if (file.Length > PlanRules.MaxFileBytes)
            return await SaveAsync(groupId, [], ["Файл больше 1 МБ: в КТП не бывает столько тем. Проверьте, тот ли файл выбран."], "file", save,
                plans, ct);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var parsed = PlanFile.Read(file.FileName, buffer.ToArray());
        return await SaveAsync(groupId, parsed.Rows, parsed.Errors, "file", save, plans, ct);
    }

    /// <summary>Access is answered before the content: a stranger learns nothing from a bad file.</summary>
    private static async Task<IResult> SaveAsync(int groupId, List<TopicRow> rows, List<string> errors, string source, SavePlan save,
        PlanQueries plans, CancellationToken ct)
    {
        if (await save.RefuseAsync(groupId, ct) is { } refused) return refused.ToResult();
        if (errors.Count > 0) return PlanRefusal.Bad(errors).ToResult();
        var (applied, refusal) = await save.ReplaceAsync(groupId, rows, source, ct);
        if (refusal is not null) return refusal.ToResult();
        return Results.Ok(new PlanSaved((await plans.PlanAsync(groupId, ct))!, applied!));
    }

    private static async Task<IResult> DeleteAsync(int groupId, SavePlan save, CancellationToken ct)
    {
        var (applied, refusal) = await save.DeleteAsync(groupId, ct);
        return refusal is not null ? refusal.ToResult() : Results.Ok(applied);
    }
}
