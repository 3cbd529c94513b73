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
            .ProducesProblems(400, 403, 409);
        api.MapPost("/academic-years/{id:int}/rollover", RolloverAsync)
            .WithSummary(
                "Переход на новый учебный год { name, start, end, graduateGrades = [11] }: классы переводятся (5А → 6А), выпускные выпускаются, " +
                "периоды и каникулы копируются со сдвигом на год, учебные планы и группы с составом и учителями — в новый год; старый год " +
                    "закрывается. До окончания года (по дате школы) — 409, если не указана причина досрочного закрытия { reason }; она " +
                    "попадает в журнал аудита.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapPost("/periods", (PeriodInput input, CalendarWrite write, CancellationToken ct) => SavePeriodAsync(null, input, write, ct))
            .WithSummary(
                "Добавить учебный период { yearId?, name, kind: quarter|trimester|halfYear, number?, start, end, level?: primary|basic|secondary, " +
                    "classId? }. " +
                "Периоды одного уровня или класса не пересекаются; промежуток между ними должен быть покрыт каникулами — их вносят раньше.")
            .ProducesProblems(400, 403, 409);
        api.MapPut("/periods/{id:int}",
            (int id, PeriodInput input, CalendarWrite write, CancellationToken ct) => SavePeriodAsync(id, input, write, ct))
            .WithSummary("Изменить учебный период (те же поля и правила, что при добавлении).")
            .ProducesProblems(400, 403, 404, 409);
        api.MapDelete("/periods/{id:int}",
            async (int id, CalendarWrite write, CancellationToken ct) => (await write.DeletePeriodAsync(id, ct)).ToResult(_ => Results.NoContent()))
            .WithSummary("Удалить учебный период; период, к которому относятся уроки или отметки за период, не удаляется (409).")
            .ProducesProblems(403, 404, 409);
        api.MapGet("/holidays", HolidaysAsync)
            .WithSummary("Каникулы и праздничные дни текущего учебного года (или ?yearId=); grade — только для этой параллели.");
        api.MapPost("/holidays", (HolidayInput input, CalendarWrite write, CancellationToken ct) => SaveHolidayAsync(null, input, write, ct))
            .WithSummary("Добавить каникулы { yearId?, name, kind: autumn|winter|spring|summer|extra|publicHoliday, start, end, grade? }.")
            .ProducesProblems(400, 403, 409);
        api.MapPut("/holidays/{id:int}",
            (int id, HolidayInput input, CalendarWrite write, CancellationToken ct) => SaveHolidayAsync(id, input, write, ct))
            .WithSummary("Изменить каникулы (те же поля и правила, что при добавлении).")
            .ProducesProblems(400, 403, 404, 409);
        api.MapDelete("/holidays/{id:int}",
            async (int id, CalendarWrite write, CancellationToken ct) => (await write.DeleteHolidayAsync(id, ct)).ToResult(_ => Results.NoContent()))
            .WithSummary("Удалить каникулы.")
            .ProducesProblems(403, 404, 409);
        return v1;
    }

    private static async Task<IResult> YearsAsync(JournalDbContext db, CancellationToken ct)
    {
        var years = await db.AcademicYears.AsNoTracking().OrderBy(y => y.Start).ToListAsync(ct);
        return Results.Ok(years.Select(CalendarWrite.ToDto));
    }

    private static async Task<IResult> CreateYearAsync(YearInput input, CalendarWrite write, CancellationToken ct) =>
        (await write.CreateYearAsync(input, ct)).ToResult(year => Results.Created($"/api/v1/academic-years/{year.Id}", year));

    private static async Task<IResult> RolloverAsync(int id, YearRollover.Input input, YearRollover rollover, CancellationToken ct) =>
        (await rollover.RunAsync(id, input, ct)).ToResult(result => Results.Created($"/api/v1/academic-years/{result.Year.Id}", result));

    private static async Task<IResult> SavePeriodAsync(int? id, PeriodInput input, CalendarWrite write, CancellationToken ct) =>
        (await write.SavePeriodAsync(id, input, ct))
            .ToResult(period => id is null ? Results.Created($"/api/v1/periods/{period.Id}", period) : Results.Ok(period));

    private static async Task<IResult> SaveHolidayAsync(int? id, HolidayInput input, CalendarWrite write, CancellationToken ct) =>
        (await write.SaveHolidayAsync(id, input, ct))
            .ToResult(holiday => id is null ? Results.Created($"/api/v1/holidays/{holiday.Id}", holiday) : Results.Ok(holiday));

    private static async Task<IResult> HolidaysAsync(int? yearId, CalendarWrite write, JournalDbContext db, CancellationToken ct)
    {
        var year = await write.YearAsync(yearId, ct);
        if (year is null) return yearId is null ? Results.Ok(Array.Empty<HolidayDto>()) : Problem.NotFound("Учебный год не найден").ToResult();
        var holidays = await db.Holidays.AsNoTracking()
            .Where(h => h.AcademicYearId == year.Id).OrderBy(h => h.Start).ThenBy(h => h.Id).ToListAsync(ct);
        return Results.Ok(holidays.Select(CalendarWrite.ToDto));
    }
}
