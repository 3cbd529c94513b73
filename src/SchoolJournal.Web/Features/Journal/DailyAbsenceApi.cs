using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

// In the Journal folder: a namespace named Attendance would hide the Attendance entity from every feature.
/// <summary>
/// The class teacher's daily absence mark for his class (R-JRN-2, seed 004): Б, У or Н for a whole day. It shows in
/// every lesson of that day in the subject journals, unless the subject teacher marked that lesson himself.
/// </summary>
public static class DailyAbsenceApi
{
    public sealed record DailyAbsenceInput(int StudentId, DateOnly? Date, string? Code, string? Comment);
    public sealed record DailyAbsenceDto(int StudentId, DateOnly Date, string? Code, string? Comment);
    public sealed record DailyAbsenceRow(int Id, int StudentId, string StudentName, DateOnly Date, string Code, string? Comment);

    public const int CommentMax = 500;
    public const int MaxDays = 366;

    /// <summary>How a daily mark looks in the journal grid's «absences».</summary>
    public const string GridSource = "daily";

    public static RouteGroupBuilder MapDailyAbsenceApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Посещаемость");
        api.MapPut("/classes/{classId:int}/daily-absences", SetAsync)
            .WithSummary(
                "Отметка классного руководителя за день: «Б», «У» или «Н» (null снимает). Видна во всех уроках этого дня. Классный руководитель " +
                    "класса, заместитель директора, директор.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/classes/{classId:int}/daily-absences", ListAsync)
            .WithSummary("Отметки классного руководителя за дни from…to (по умолчанию сегодня). Сотрудники, которым виден состав класса.")
            .ProducesProblems(400, 403, 404);
        return v1;
    }

    private static async Task<IResult> SetAsync(int classId, DailyAbsenceInput input, MarkDailyAbsence mark, CancellationToken ct)
    {
        var outcome = await mark.HandleAsync(classId, input, ct);
        return outcome.ToResult();
    }

    private static async Task<IResult> ListAsync(int classId, DateOnly? from, DateOnly? to, AccessService access, CurrentUser user,
        JournalDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct)) return ApiProblem.NotFound("Класс не найден");
        if (!await access.CanSeeRosterAsync(classId, ct))
            return ApiProblem.Forbidden("Нет доступа к классу", "Отметки за день видят классный руководитель, учителя класса и администрация школы.");
        var start = from ?? await SchoolCalendar.TodayAsync(db, user.SchoolId, time, ct);
        var end = to ?? start;
        if (end < start || end.DayNumber - start.DayNumber >= MaxDays)
            return ApiProblem.BadRequest("Неверный промежуток дат", $"Дата to не раньше from, промежуток — не больше {MaxDays} дней.");

        var rows = await (
                from d in db.DailyAbsences.AsNoTracking()
                where d.SchoolClassId == classId && d.Date >= start && d.Date <= end
                join s in db.Students on d.StudentId equals s.Id
                select new { d.Id, d.StudentId, d.Date, d.Code, d.Comment, s.LastName, s.FirstName, s.MiddleName })
            .ToListAsync(ct);
        return Results.Ok(rows
            .Select(d =>
                new DailyAbsenceRow(d.Id, d.StudentId, PersonName.Full(d.LastName, d.FirstName, d.MiddleName), d.Date, d.Code.ToRussian(), d.Comment))
            .OrderBy(d => d.Date).ThenBy(d => d.StudentName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false))
            .ToList());
    }

}
