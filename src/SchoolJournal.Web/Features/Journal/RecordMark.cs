using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Journal.JournalWrite;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>A new mark in a lesson: POST /api/v1/lessons/{id}/marks, the grid's cell and the lesson page.</summary>
/// <remarks>On SQLite the row and its audit event are saved by the <see cref="GroupCommit"/>, with the other teachers' marks of that
/// moment.</remarks>
public sealed class RecordMark(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, TimeProvider time,
    GroupCommit? commit = null)
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

        // Read here, in the request: the group commit builds the row outside it.
        var (now, comment, author) = (time.GetUtcNow(), Blank(input.Comment), user.Id);
        // A make-up comes after the lesson by nature (R-JRN-8): it is never late.
        var late = !input.MakeUp && LateEntries.Mark(lesson, workType, time);
        Mark? mark = null;
        await SaveAuditedAsync(db, audit, commit, lesson.SchoolId, context =>
        {
            // A new row for every attempt: the group commit tries a write again alone when its batch is refused.
            var row = new Mark
            {
                SchoolId = lesson.SchoolId, LessonId = lesson.Id, StudentId = input.StudentId, Value = value, WorkTypeId = workType.Id,
                Comment = comment, CreatedAt = now, CreatedById = author, IsMakeUp = input.MakeUp, IsLate = late,
            };
            context.Marks.Add(row);
            return () => new AuditDraft(AuditEventType.MarkCreated, "mark", (mark = row).Id, null, Snapshot(row, workType));
        }, ct);
        return Outcome<JournalApi.MarkDto>.Ok(ToDto(mark!, workType));
    }
}
