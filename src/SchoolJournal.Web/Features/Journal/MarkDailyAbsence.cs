using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Journal.DailyAbsenceApi;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>The class teacher's mark for a student's day (Б, У, Н or none): PUT /api/v1/classes/{id}/daily-absences and the page «Отсутствующие за
/// день».</summary>
public sealed class MarkDailyAbsence(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    public static readonly Problem NotHisClass = new(StatusCodes.Status403Forbidden, "Нет права отмечать отсутствие за день",
        "Отметку за день ставит классный руководитель своего класса; заместитель директора и директор — в любом классе.");

    public async Task<Outcome<DailyAbsenceDto>> HandleAsync(int classId, DailyAbsenceInput input, CancellationToken ct)
    {
        if (!access.LeadsOrAdministersClasses) return NotHisClass;
        if (!await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct)) return Problem.NotFound("Класс не найден");
        if (input.Date is not DateOnly date) return Problem.BadRequest("Не указана дата", "Укажите день отметки в виде 2026-11-23.");
        if (!await access.CanMarkDailyAbsenceAsync(classId, date, ct)) return NotHisClass;
        if (await db.SchoolClasses.AnyAsync(c => c.Id == classId && db.AcademicYears.Any(y => y.Id == c.AcademicYearId && y.IsClosed), ct))
            return JournalProblems.YearClosed;
        AttendanceCode? code = null;
        if (!string.IsNullOrWhiteSpace(input.Code))
        {
            code = AttendanceCodes.Parse(input.Code);
            if (code is null or AttendanceCode.Late)
                return Problem.BadRequest("Неизвестная отметка за день",
                    $"Отметки за день «{input.Code}» нет. Допустимые: «Б» — болел, «У» — по уважительной причине, «Н» — без уважительной причины; " +
                        "null снимает отметку. Опоздание отмечает учитель на уроке.");
        }
        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        if (comment is { Length: > CommentMax }) return Problem.TooLong("Комментарий", CommentMax);
        if (!await db.Enrolments.AnyAsync(e => e.StudentId == input.StudentId && e.SchoolClassId == classId
                && e.From <= date && (e.To == null || e.To >= date), ct))
            return Problem.BadRequest("Ученик не в классе", "В этот день ученик не учится в классе: отметку за день ему здесь поставить нельзя.");

        var row = await db.DailyAbsences.FirstOrDefaultAsync(d => d.StudentId == input.StudentId && d.Date == date, ct);
        var before = row is null ? null : new DailyAbsenceDto(row.StudentId, row.Date, row.Code.ToRussian(), row.Comment);
        var after = code is null ? null : new DailyAbsenceDto(input.StudentId, date, code.Value.ToRussian(), comment);
        if (before == after) return Outcome<DailyAbsenceDto>.Ok(after ?? new DailyAbsenceDto(input.StudentId, date, null, null));

        if (code is null)
        {
            db.DailyAbsences.Remove(row!);
            await audit.SaveAuditedAsync(db,
                () => audit.RecordAsync(AuditEventType.DailyAbsenceCleared, "dailyAbsence", row!.Id, before, null, ct: ct), ct);
            return Outcome<DailyAbsenceDto>.Ok(new DailyAbsenceDto(input.StudentId, date, null, null));
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
        return Outcome<DailyAbsenceDto>.Ok(after!);
    }
}
