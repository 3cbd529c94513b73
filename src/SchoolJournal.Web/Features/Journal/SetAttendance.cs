using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Journal.JournalWrite;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>A student's attendance in a lesson (Н, Б, У, ОП or none): PUT /api/v1/lessons/{id}/attendance, the grid and the lesson page.</summary>
public sealed class SetAttendance(AccessService access, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<JournalApi.AttendanceDto>> HandleAsync(int lessonId, JournalApi.AttendanceInput input, CancellationToken ct)
    {
        var (lesson, refusal) = await WritableLessonAsync(lessonId, input.StudentId, access, db, ct);
        if (lesson is null) return refusal!;
        AttendanceCode? code = null;
        if (!string.IsNullOrWhiteSpace(input.Code))
        {
            code = AttendanceCodes.Parse(input.Code);
            if (code is null)
                return Problem.BadRequest("Неизвестная отметка посещаемости",
                    $"Отметки «{input.Code}» нет. Допустимые: «Н» — отсутствовал без уважительной причины, «Б» — болел, «У» — по уважительной " +
                        "причине, «ОП» — опоздал; null снимает отметку.");
        }
        // Clearing stays possible: a code set before the lesson was moved to a later date can be taken back.
        if (code is not null && NotYetHeld(lesson, time) is { } notYet) return notYet;
        if (input.LateMinutes is int minutes && (code != AttendanceCode.Late || minutes < 1 || minutes > 90))
            return Problem.BadRequest("Неверные минуты опоздания", "Минуты опоздания (от 1 до 90) указываются только с отметкой «ОП».");
        if (!IsMember(lesson, input.StudentId)) return JournalProblems.NotAMember;

        var row = await db.Attendance.FirstOrDefaultAsync(a => a.LessonId == lessonId && a.StudentId == input.StudentId, ct);
        var before = row is null ? null : new JournalApi.AttendanceDto(lessonId, input.StudentId, row.Code.ToRussian(), row.LateMinutes);
        var after = code is null ? null : new JournalApi.AttendanceDto(lessonId, input.StudentId, code.Value.ToRussian(), input.LateMinutes);
        var cleared = new JournalApi.AttendanceDto(lessonId, input.StudentId, null, null);
        if (before == after) return Outcome<JournalApi.AttendanceDto>.Ok(after ?? cleared);

        if (code is null)
        {
            db.Attendance.Remove(row!);
            await SaveAuditedAsync(db, audit, ct,
                () => audit.RecordAsync(AuditEventType.AttendanceCleared, "attendance", row!.Id, before, null, ct: ct));
            return Outcome<JournalApi.AttendanceDto>.Ok(cleared);
        }
        if (row is null)
        {
            row = new Attendance { SchoolId = lesson.SchoolId, LessonId = lessonId, StudentId = input.StudentId };
            db.Attendance.Add(row);
        }
        row.Code = code.Value;
        row.LateMinutes = input.LateMinutes;
        row.UpdatedAt = time.GetUtcNow();
        row.IsLate = LateEntries.Attendance(lesson, time);
        await SaveAuditedAsync(db, audit, ct, () => audit.RecordAsync(AuditEventType.AttendanceSet, "attendance", row.Id, before, after, ct: ct));
        return Outcome<JournalApi.AttendanceDto>.Ok(after!);
    }
}
