using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using static SchoolJournal.Web.Features.Year.Calendar.CalendarWrite;

namespace SchoolJournal.Web.Features.Year.Calendar;

/// <summary>The year set-up's calendar routes: academic years, study periods, holidays and the year rollover (R-YEAR-1, 2, 16).</summary>
public static class CalendarApi
{
    public static IServiceCollection AddCalendar(this IServiceCollection services) =>
        services.AddScoped<CalendarWrite>().AddScoped<YearRollover>();

    public static RouteGroupBuilder MapCalendarApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Учебный год: календарь");
        api.MapGet("/academic-years", YearsAsync).WithSummary("Учебные годы школы: текущий, закрытые, предыдущий год каждого.");
        api.MapPost("/academic-years", CreateYearAsync)
            .WithSummary("Создать учебный год { name, start, end }. Первый год школы становится текущим; следующие создаются переходом на новый год.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/academic-years/{id:int}/rollover", RolloverAsync)
            .WithSummary("Переход на новый учебный год { name, start, end, graduateGrades = [11] }: классы переводятся (5А → 6А), выпускные выпускаются, " +
                "периоды и каникулы копируются со сдвигом на год, учебные планы и группы с составом и учителями — в новый год; старый год закрывается.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/periods", (PeriodInput input, CalendarWrite write, CancellationToken ct) => SavePeriodAsync(null, input, write, ct))
            .WithSummary("Добавить учебный период { yearId?, name, kind: quarter|trimester|halfYear, number?, start, end, level?: primary|basic|secondary, classId? }. " +
                "Периоды одного уровня или класса не пересекаются; промежуток между ними должен быть покрыт каникулами — их вносят раньше.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/periods/{id:int}", (int id, PeriodInput input, CalendarWrite write, CancellationToken ct) => SavePeriodAsync(id, input, write, ct))
            .WithSummary("Изменить учебный период (те же поля и правила, что при добавлении).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/periods/{id:int}", async (int id, CalendarWrite write, CancellationToken ct) => Answer(await write.DeletePeriodAsync(id, ct), noContent: true))
            .WithSummary("Удалить учебный период; период, к которому относятся уроки или отметки за период, не удаляется (409).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/holidays", HolidaysAsync).WithSummary("Каникулы и праздничные дни текущего учебного года (или ?yearId=); grade — только для этой параллели.");
        api.MapPost("/holidays", (HolidayInput input, CalendarWrite write, CancellationToken ct) => SaveHolidayAsync(null, input, write, ct))
            .WithSummary("Добавить каникулы { yearId?, name, kind: autumn|winter|spring|summer|extra|publicHoliday, start, end, grade? }.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/holidays/{id:int}", (int id, HolidayInput input, CalendarWrite write, CancellationToken ct) => SaveHolidayAsync(id, input, write, ct))
            .WithSummary("Изменить каникулы (те же поля и правила, что при добавлении).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/holidays/{id:int}", async (int id, CalendarWrite write, CancellationToken ct) => Answer(await write.DeleteHolidayAsync(id, ct), noContent: true))
            .WithSummary("Удалить каникулы.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return v1;
    }

    private static async Task<IResult> YearsAsync(JournalDbContext db, CancellationToken ct)
    {
        var years = await db.AcademicYears.AsNoTracking().OrderBy(y => y.Start).ToListAsync(ct);
        return Results.Ok(years.Select(CalendarWrite.ToDto));
    }

    private static async Task<IResult> CreateYearAsync(YearInput input, CalendarWrite write, CancellationToken ct) =>
        await write.CreateYearAsync(input, ct) switch
        {
            { Problem: { } problem } => problem.ToResult(),
            { Value: var year } => Results.Created($"/api/v1/academic-years/{year!.Id}", year),
        };

    private static async Task<IResult> RolloverAsync(int id, YearRollover.Input input, YearRollover rollover, CancellationToken ct) =>
        await rollover.RunAsync(id, input, ct) switch
        {
            { Problem: { } problem } => problem.ToResult(),
            { Value: var result } => Results.Created($"/api/v1/academic-years/{result!.Year.Id}", result),
        };

    private static async Task<IResult> SavePeriodAsync(int? id, PeriodInput input, CalendarWrite write, CancellationToken ct) =>
        await write.SavePeriodAsync(id, input, ct) switch
        {
            { Problem: { } problem } => problem.ToResult(),
            { Value: var period } => id is null ? Results.Created($"/api/v1/periods/{period!.Id}", period) : Results.Ok(period),
        };

    private static async Task<IResult> SaveHolidayAsync(int? id, HolidayInput input, CalendarWrite write, CancellationToken ct) =>
        await write.SaveHolidayAsync(id, input, ct) switch
        {
            { Problem: { } problem } => problem.ToResult(),
            { Value: var holiday } => id is null ? Results.Created($"/api/v1/holidays/{holiday!.Id}", holiday) : Results.Ok(holiday),
        };

    private static async Task<IResult> HolidaysAsync(int? yearId, CalendarWrite write, JournalDbContext db, CancellationToken ct)
    {
        var year = await write.YearAsync(yearId, ct);
        if (year is null) return yearId is null ? Results.Ok(Array.Empty<HolidayDto>()) : Problem.NotFound("Учебный год не найден").ToResult();
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.AcademicYearId == year.Id).OrderBy(h => h.Start).ThenBy(h => h.Id).ToListAsync(ct);
        return Results.Ok(holidays.Select(CalendarWrite.ToDto));
    }

    private static IResult Answer<T>(Outcome<T> outcome, bool noContent) =>
        outcome.Problem is { } problem ? problem.ToResult() : noContent ? Results.NoContent() : Results.Ok(outcome.Value);
}
