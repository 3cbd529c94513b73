using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Api;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

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

    public static WebApplication MapDailyAbsenceApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Посещаемость");
        api.MapPut("/classes/{classId:int}/daily-absences", SetAsync)
            .WithSummary("Отметка классного руководителя за день: «Б», «У» или «Н» (null снимает). Видна во всех уроках этого дня. Классный руководитель класса, заместитель директора, директор.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/classes/{classId:int}/daily-absences", ListAsync)
            .WithSummary("Отметки классного руководителя за дни from…to (по умолчанию сегодня). Сотрудники, которым виден состав класса.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> SetAsync(int classId, DailyAbsenceInput input, AccessService access, CurrentUser user,
        JournalDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        if (!user.IsInAnyRole(Roles.ClassTeacher, Roles.Deputy, Roles.Director)) return NotHisClass();
        if (!await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct)) return ApiProblem.NotFound("Класс не найден");
        if (input.Date is not DateOnly date) return ApiProblem.BadRequest("Не указана дата", "Укажите день отметки в виде 2026-11-23.");
        if (!await access.CanMarkDailyAbsenceAsync(classId, date, ct)) return NotHisClass();
        AttendanceCode? code = null;
        if (!string.IsNullOrWhiteSpace(input.Code))
        {
            code = AttendanceCodes.Parse(input.Code);
            if (code is null or AttendanceCode.Late)
                return ApiProblem.BadRequest("Неизвестная отметка за день",
                    $"Отметки за день «{input.Code}» нет. Допустимые: «Б» — болел, «У» — по уважительной причине, «Н» — без уважительной причины; null снимает отметку. Опоздание отмечает учитель на уроке.");
        }
        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        if (comment is { Length: > CommentMax }) return ApiProblem.TooLong("Комментарий", CommentMax);
        if (!await db.Enrolments.AnyAsync(e => e.StudentId == input.StudentId && e.SchoolClassId == classId
                && e.From <= date && (e.To == null || e.To >= date), ct))
            return ApiProblem.BadRequest("Ученик не в классе", "В этот день ученик не учится в классе: отметку за день ему здесь поставить нельзя.");

        var row = await db.DailyAbsences.FirstOrDefaultAsync(d => d.StudentId == input.StudentId && d.Date == date, ct);
        var before = row is null ? null : new DailyAbsenceDto(row.StudentId, row.Date, row.Code.ToRussian(), row.Comment);
        var after = code is null ? null : new DailyAbsenceDto(input.StudentId, date, code.Value.ToRussian(), comment);
        if (before == after) return Results.Ok(after ?? new DailyAbsenceDto(input.StudentId, date, null, null));

        if (code is null)
        {
            db.DailyAbsences.Remove(row!);
            await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.DailyAbsenceCleared, "dailyAbsence", row!.Id, before, null, ct: ct), ct);
            return Results.Ok(new DailyAbsenceDto(input.StudentId, date, null, null));
        }
        if (row is null)
        {
            row = new DailyAbsence { SchoolId = user.SchoolId!.Value, StudentId = input.StudentId, Date = date };
            db.DailyAbsences.Add(row);
        }
        row.SchoolClassId = classId;
        row.Code = code.Value;
        row.Comment = comment;
        row.CreatedAt = time.GetUtcNow();
        row.CreatedById = user.Id;
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.DailyAbsenceSet, "dailyAbsence", row.Id, before, after, ct: ct), ct);
        return Results.Ok(after);
    }

    private static async Task<IResult> ListAsync(int classId, DateOnly? from, DateOnly? to, AccessService access, CurrentUser user,
        JournalDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct)) return ApiProblem.NotFound("Класс не найден");
        if (!await access.CanSeeRosterAsync(classId, ct))
            return ApiProblem.Forbidden("Нет доступа к классу", "Отметки за день видят классный руководитель, учителя класса и администрация школы.");
        var start = from ?? await SchoolApi.TodayAsync(db, user.SchoolId, time, ct);
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
            .Select(d => new DailyAbsenceRow(d.Id, d.StudentId, PersonName.Full(d.LastName, d.FirstName, d.MiddleName), d.Date, d.Code.ToRussian(), d.Comment))
            .OrderBy(d => d.Date).ThenBy(d => d.StudentName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false))
            .ToList());
    }

    private static IResult NotHisClass() => ApiProblem.Forbidden("Нет права отмечать отсутствие за день",
        "Отметку за день ставит классный руководитель своего класса; заместитель директора и директор — в любом классе.");
}
