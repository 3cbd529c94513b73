using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Journal.JournalWrite;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>A new mark in a lesson: POST /api/v1/lessons/{id}/marks, the grid's cell and the lesson page.</summary>
public sealed class RecordMark(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<JournalApi.MarkDto>> HandleAsync(int lessonId, JournalApi.MarkInput input, CancellationToken ct)
    {
        var (lesson, refusal) = await WritableLessonAsync(lessonId, input.StudentId, access, db, ct);
        if (lesson is null) return refusal!;
        if (NotYetHeld(lesson, time) is { } notYet) return notYet;
        var value = MarkScale.Normalize(lesson.Kind, input.Value);
        if (value is null) return Problem.BadRequest("Недопустимая отметка", MarkScale.Error(lesson.Kind, input.Value));
        var workType = await WorkTypeAsync(input.WorkType, db, ct);
        if (workType is null) return UnknownWorkType(input.WorkType);
        if (input.Comment is { Length: > JournalApi.CommentMax }) return Problem.TooLong("Комментарий", JournalApi.CommentMax);
        if (!IsMember(lesson, input.StudentId)) return JournalProblems.NotAMember;
        if (input.MakeUp && await MakeUpMarks.RefusalAsync(lesson.Id, lesson.Date, input.StudentId, db, ct) is { } notAbsent) return notAbsent;

        var mark = new Mark
        {
            SchoolId = lesson.SchoolId, LessonId = lesson.Id, StudentId = input.StudentId, Value = value, WorkTypeId = workType.Id,
            Comment = Blank(input.Comment), CreatedAt = time.GetUtcNow(), CreatedById = user.Id, IsMakeUp = input.MakeUp,
            // A make-up comes after the lesson by nature (R-JRN-8): it is never late.
            IsLate = !input.MakeUp && LateEntries.Mark(lesson, workType, time),
        };
        db.Marks.Add(mark);
        await SaveAuditedAsync(db, audit, ct,
            () => audit.RecordAsync(AuditEventType.MarkCreated, "mark", mark.Id, null, Snapshot(mark, workType), ct: ct));
        return Outcome<JournalApi.MarkDto>.Ok(ToDto(mark, workType));
    }
}
