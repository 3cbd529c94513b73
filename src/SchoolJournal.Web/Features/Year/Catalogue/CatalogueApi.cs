using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Catalogue;

/// <summary>
/// The year set-up's catalogue routes: subjects, rooms, staff, classes (writes; the list is SchoolApi's), bell schedules,
/// grading systems and work types. Each list maps the same five routes through <see cref="SetupResource{TEntity,TInput,TDto}"/>.
/// </summary>
public static class CatalogueApi
{
    public static IServiceCollection AddCatalogue(this IServiceCollection services) => services
        .AddScoped<CatalogueContext>()
        .AddScoped<Subjects>().AddScoped<Rooms>().AddScoped<StaffMembers>().AddScoped<Classes>()
        .AddScoped<BellSchedules>().AddScoped<GradingSystems>().AddScoped<WorkTypes>().AddScoped<ApplyDefaultGrading>();

    public static RouteGroupBuilder MapCatalogueApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Учебный год: справочники");
        api.MapList<Subjects, Subject, SubjectInput, SubjectDto>("/subjects", "предмет",
            "Предметы школы (обязательная часть и часть, формируемая участниками образовательных отношений).");
        api.MapList<Rooms, Room, RoomInput, RoomDto>("/rooms", "кабинет", "Кабинеты школы.");
        api.MapList<StaffMembers, StaffMember, StaffInput, StaffDto>("/staff", "сотрудника",
            "Сотрудники и их должности (сотрудникам школы); почта и телефон — только директору, заместителю и администратору.");
        api.MapList<BellSchedules, BellSchedule, BellScheduleInput, BellScheduleDto>("/bell-schedules", "расписание звонков",
            "Расписания звонков со временем уроков.");
        api.MapList<GradingSystems, GradingSystem, GradingSystemInput, GradingSystemDto>("/grading-systems", "систему оценивания",
            "Системы оценивания с допустимыми отметками (включая «осв» и «н/а»).");
        api.MapList<WorkTypes, WorkType, WorkTypeInput, WorkTypeDto>("/work-types", "вид работы", "Виды работ с весами для среднего взвешенного.");
        api.MapList<Classes, SchoolClass, ClassInput, ClassDto>("/classes", "класс", null);

        api.MapPut("/classes/{id:int}/class-teacher", async (int id, ClassTeacherInput input, Classes classes, CancellationToken ct) =>
                (await classes.SetClassTeacherAsync(id, input, ct)).ToResult())
            .WithSummary(
                "Назначить классного руководителя с даты { staffMemberId, from }: прежнее назначение заканчивается накануне; staffMemberId: null — " +
                    "снять.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapPost("/subjects/{id:int}/apply-grading",
            async (int id, ApplyDefaultGrading apply, CancellationToken ct) => (await apply.ForSubjectAsync(id, ct)).ToResult())
            .WithSummary("Назначить систему оценивания предмета его группам текущего года без отметок; группы с отметками сохраняют свою.")
            .ProducesProblems(400, 403, 404);
        api.MapPost("/classes/{id:int}/apply-grading",
            async (int id, ApplyDefaultGrading apply, CancellationToken ct) => (await apply.ForClassAsync(id, ct)).ToResult())
            .WithSummary("Назначить систему оценивания класса его группам без отметок (кроме предметов со своей системой).")
            .ProducesProblems(400, 403, 404);
        return v1;
    }

    /// <summary>
    /// GET (unless <paramref name="listSummary"/> is null: the list is mapped elsewhere), POST, PUT and DELETE of one list.
    /// The handlers name no type parameter (the resource comes from the request's services, the body through
    /// <see cref="JsonBody"/>), so that their request delegates are generated at build time like every other route's.
    /// </summary>
    private static void MapList<TResource, TEntity, TInput, TDto>(this RouteGroupBuilder api, string path, string what, string? listSummary)
        where TResource : SetupResource<TEntity, TInput, TDto>
        where TEntity : class, ISchoolOwned
        where TInput : class
    {
        static TResource Resource(HttpContext http) => http.RequestServices.GetRequiredService<TResource>();
        if (listSummary is not null)
            api.MapGet(path, async (HttpContext http, CancellationToken ct) => Resource(http) is { CanRead: true } r
                    ? Results.Ok(await r.ListAsync(ct))
                    : Results.Problem(title: "Нет доступа к списку", detail: "Этот список видят сотрудники школы.",
                        statusCode: StatusCodes.Status403Forbidden))
                .WithSummary(listSummary).ProducesProblems(403);
        api.MapPost(path, async (HttpContext http, CancellationToken ct) =>
                (await Resource(http).CreateAsync(await JsonBody.ReadAsync<TInput>(http, ct), ct))
                    .ToResult(dto => Results.Created($"/api/v1{path}/{Id(dto)}", dto)))
            .Accepts<TInput>("application/json")
            .WithSummary($"Добавить {what} (директор, заместитель, администратор).")
            .ProducesProblems(400, 403, 409);
        api.MapPut(path + "/{id:int}", async (int id, HttpContext http, CancellationToken ct) =>
                (await Resource(http).UpdateAsync(id, await JsonBody.ReadAsync<TInput>(http, ct), ct)).ToResult())
            .Accepts<TInput>("application/json")
            .WithSummary($"Изменить {what}.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapDelete(path + "/{id:int}", async (int id, HttpContext http, CancellationToken ct) =>
                (await Resource(http).DeleteAsync(id, ct)).ToResult(_ => Results.NoContent()))
            .WithSummary($"Удалить {what}; если запись используется — 409 с объяснением.")
            .ProducesProblems(403, 404, 409);
    }

    private static object? Id<T>(T dto) => typeof(T).GetProperty("Id")?.GetValue(dto);
}
