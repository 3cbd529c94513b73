using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Timetable;

/// <summary>The year set-up's timetable routes and services (R-YEAR-11).</summary>
public static class TimetableApi
{
    public sealed record GenerateInput(DateOnly? From, DateOnly? To, int? ClassId);
    public sealed record GenerateDto(int Created, int Updated, int Removed, int Kept, int Unchanged);

    public static IServiceCollection AddTimetable(this IServiceCollection services) =>
        services.AddScoped<TimetableEntries>().AddScoped<LessonGenerator>();

    public static RouteGroupBuilder MapTimetableApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Расписание").RequireAuthorization();
        api.MapGet("/timetable", ListAsync)
            .WithSummary(
                "Записи расписания текущего года, действующие на дату date (по умолчанию сегодня): по классу classId, учителю teacherId или " +
                    "кабинету roomId. " +
                "Сотрудники видят всё, ученик и родитель — расписание своего класса.")
            .ProducesProblems(403);
        api.MapPost("/timetable", CreateAsync)
            .WithSummary("Добавить запись расписания: groupId, day (1–6), number, teacherId (по умолчанию учитель нагрузки группы), roomId, " +
                "parity (every|odd|even), activity (main|extracurricular|additional), validFrom, validTo. Запись с конфликтами не сохраняется (409 " +
                    "со списком).")
            .ProducesProblems(400, 403, 409);
        api.MapPut("/timetable/{id:int}", UpdateAsync)
            .WithSummary("Изменить запись расписания; version — версия, которую вы видели: если запись уже изменили, ответ 409.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapDelete("/timetable/{id:int}", DeleteAsync)
            .WithSummary(
                "Удалить запись расписания (?version= — проверить, что её не изменили). Пустые уроки этой записи удаляются, уроки с отметками, " +
                    "темой и т. п. остаются.")
            .ProducesProblems(403, 404, 409);
        api.MapPost("/timetable/check", CheckAsync)
            .WithSummary(
                "Проверить запись перед сохранением (id — при редактировании): список конфликтов — учитель, кабинет, ученик, класс заняты в это " +
                    "время.")
            .ProducesProblems(400, 403);
        api.MapPost("/timetable/generate", GenerateAsync)
            .WithSummary("Создать уроки по расписанию за период from–to (по умолчанию весь учебный год), для класса classId или всей школы: " +
                "по учебным периодам без каникул. Уроки с отметками, посещаемостью, темой учителя, заданием, заменой или переносом не меняются. " +
                "Ответ: created, updated, removed, kept (уроки с записями, оставлены как есть), unchanged.")
            .ProducesProblems(400, 403, 404, 409);
        return v1;
    }

    public sealed record CheckInput(int? Id, int GroupId, int Day, int Number, int? TeacherId, int? RoomId, string? Parity, string? Activity,
        DateOnly? ValidFrom, DateOnly? ValidTo);

    private static async Task<IResult> ListAsync(int? classId, int? teacherId, int? roomId, DateOnly? date, TimetableEntries timetable,
        AccessService access, CancellationToken ct)
    {
        var year = await timetable.CurrentYearAsync(ct);
        if (year is null) return Results.Ok(Array.Empty<TimetableEntries.EntryDto>());
        if (!timetable.ReadsEverything)
        {
            var own = await timetable.OwnClassIdsAsync(ct);
            if (teacherId is not null || roomId is not null || own.Count == 0 || (classId is { } c && !own.Contains(c)))
                return ApiProblem.Forbidden("Нет доступа к расписанию", "Ученик и родитель видят расписание своего класса.");
            classId ??= own[0];
        }
        return Results.Ok(await timetable.ListAsync(year.Id, classId, teacherId, roomId, date ?? access.Today(), ct));
    }

    private static async Task<IResult> CreateAsync(TimetableEntries.Input input, TimetableEntries timetable, CancellationToken ct) =>
        Answer(await timetable.SaveAsync(null, input, ct), dto => Results.Created($"/api/v1/timetable/{dto.Id}", dto));

    private static async Task<IResult> UpdateAsync(int id, TimetableEntries.Input input, TimetableEntries timetable, CancellationToken ct) =>
        Answer(await timetable.SaveAsync(id, input, ct), Results.Ok);

    private static async Task<IResult> DeleteAsync(int id, int? version, TimetableEntries timetable, CancellationToken ct) =>
        Answer(await timetable.DeleteAsync(id, version, ct), _ => Results.NoContent());

    private static async Task<IResult> CheckAsync(CheckInput input, TimetableEntries timetable, CancellationToken ct) =>
        Answer(await timetable.CheckAsync(input.Id, new(input.GroupId, input.Day, input.Number, input.TeacherId, input.RoomId, input.Parity,
            input.Activity, input.ValidFrom, input.ValidTo, null), ct), Results.Ok);

    private static async Task<IResult> GenerateAsync(GenerateInput? input, TimetableEntries timetable, CancellationToken ct) =>
        Answer(await timetable.GenerateAsync(input?.From, input?.To, input?.ClassId, ct),
            r => Results.Ok(new GenerateDto(r.Created, r.Updated, r.Removed, r.Kept, r.Unchanged)));

    private static IResult Answer<T>(TimetableEntries.Outcome<T> o, Func<T, IResult> ok)
    {
        if (o.Ok) return ok(o.Value!);
        var extensions = o.Clashes is null ? null : new Dictionary<string, object?> { ["clashes"] = o.Clashes };
        return Results.Problem(title: o.Title, detail: o.Detail, statusCode: o.Status, extensions: extensions);
    }
}
