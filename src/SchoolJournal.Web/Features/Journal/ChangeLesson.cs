using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Journal.JournalWrite;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>A lesson's topic and homework: PUT /api/v1/lessons/{id} and the lesson page. A field not given stays; a blank one is cleared.</summary>
public sealed class ChangeLesson(AccessService access, JournalDbContext db, AuditLog audit, TimeProvider time, IConfiguration config,
    IWebHostEnvironment env)
{
    public async Task<Outcome<JournalApi.LessonDto>> HandleAsync(int lessonId, JournalApi.LessonInput input, CancellationToken ct)
    {
        var (found, refusal) = await WritableLessonAsync(lessonId, access, db, ct);
        if (found is null) return refusal!;
        if (input.Topic is { Length: > JournalApi.TopicMax }) return Problem.TooLong("Тема урока", JournalApi.TopicMax);
        if (input.Homework is { Length: > JournalApi.HomeworkMax }) return Problem.TooLong("Домашнее задание", JournalApi.HomeworkMax);

        var lesson = await db.Lessons.Include(l => l.Homework).ThenInclude(h => h!.Attachments).FirstAsync(l => l.Id == lessonId, ct);
        var topicBefore = lesson.Topic;
        var homeworkBefore = lesson.Homework?.Text;
        if (input.Topic is not null) lesson.Topic = Blank(input.Topic);
        if (lesson.Topic != topicBefore)
        {
            // A topic the teacher writes is his own: a re-import of the КТП keeps it. It stays linked to the plan's topic only while it reads the
            // same.
            var planned = await Year.Plans.PlanQueries.ForLessonAsync(db, lessonId, ct);
            (lesson.TopicFromPlan, lesson.ThematicTopicId) = (false, planned is not null && planned.Title == lesson.Topic ? planned.TopicId : null);
        }
        var homework = input.Homework is null ? homeworkBefore : Blank(input.Homework);
        var homeworkLate = homework is not null && homework != homeworkBefore && await LateEntries.HomeworkAsync(db, time, lessonId, ct);
        // Cleared homework takes its files along: the rows go with it, the files after the save.
        var removedFiles = homework is null ? lesson.Homework?.Attachments.Select(a => a.StoredName).ToList() ?? [] : [];
        if (homework is null && lesson.Homework is not null)
            db.Homework.Remove(lesson.Homework);
        else if (homework is not null && lesson.Homework is null)
            lesson.Homework = new Homework { SchoolId = lesson.SchoolId, LessonId = lesson.Id, Text = homework, CreatedAt = time.GetUtcNow(),
                IsLate = homeworkLate };
        else if (homework is not null && homework != homeworkBefore)
            (lesson.Homework!.Text, lesson.Homework.UpdatedAt, lesson.Homework.IsLate) = (homework, time.GetUtcNow(), homeworkLate);

        if (lesson.Topic != topicBefore || homework != homeworkBefore)
            await SaveAuditedAsync(db, audit, ct, async () =>
            {
                if (lesson.Topic != topicBefore)
                    await audit.RecordAsync(AuditEventType.LessonChanged, "lesson", lesson.Id, new { topic = topicBefore },
                        new { topic = lesson.Topic }, ct: ct);
                if (homework != homeworkBefore)
                    await audit.RecordAsync(homework is null ? AuditEventType.HomeworkCleared : AuditEventType.HomeworkSet, "lesson", lesson.Id,
                        homeworkBefore is null ? null : new { homework = homeworkBefore }, homework is null ? null : new { homework }, ct: ct);
            });
        foreach (var stored in removedFiles)
        {
            try
            {
                File.Delete(Path.Combine(HomeworkFilesApi.Folder(config, env), stored));
            }
            catch (IOException)
            {
                // The row is gone and the generated name was never shown: a leftover file harms nobody.
            }
        }
        return Outcome<JournalApi.LessonDto>.Ok(new JournalApi.LessonDto(lesson.Id, lesson.Date, lesson.Topic, homework));
    }
}
