using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// Homework for a part of the group (R-JRN-4): PUT /api/v1/lessons/{id}/homework/students and the lesson page. An empty
/// list gives the homework back to the whole group.
/// </summary>
public sealed class SetHomeworkStudents(AccessService access, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<int>>> HandleAsync(int lessonId, IReadOnlyList<int> studentIds, CancellationToken ct)
    {
        var (lesson, refusal) = await JournalWrite.WritableLessonAsync(lessonId, access, db, ct);
        if (lesson is null) return refusal!;
        var homework = await db.Homework.Include(h => h.Students).FirstOrDefaultAsync(h => h.LessonId == lessonId, ct);
        if (homework is null)
            return Problem.BadRequest("Нет домашнего задания", "Сначала запишите текст домашнего задания урока, затем выберите, для кого оно.");
        var wanted = studentIds.Distinct().Order().ToList();
        var members = await db.GroupMemberships
            .Where(m => m.TeachingGroupId == lesson.GroupId
                && wanted.Contains(m.StudentId) && m.From <= lesson.Date && (m.To == null || m.To >= lesson.Date))
            .Select(m => m.StudentId).Distinct().CountAsync(ct);
        if (members != wanted.Count)
            return Problem.BadRequest("Ученик не в группе", "Задание можно дать только ученикам, которые учатся в группе в день урока.");

        var before = homework.Students.Select(s => s.StudentId).Order().ToList();
        if (before.SequenceEqual(wanted)) return Outcome<IReadOnlyList<int>>.Ok(wanted);
        homework.Students.RemoveAll(s => !wanted.Contains(s.StudentId));
        homework.Students.AddRange(wanted.Except(before).Select(id => new HomeworkStudent { HomeworkId = homework.Id, StudentId = id }));
        homework.UpdatedAt = time.GetUtcNow();
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.HomeworkSet, "lesson", lessonId,
            new { students = before }, new { students = wanted }, ct: ct), ct);
        return Outcome<IReadOnlyList<int>>.Ok(wanted);
    }
}
