using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Diary.Overview;

/// <summary>
/// A student's homework due within a span of days, each with the lesson it is due for (<see cref="DueLessons"/>), the
/// lesson it was given in and its files. Homework for a part of a group shows only to those students. Two round
/// trips: the homework given in the month before the span and within it, then the lessons of those groups.
/// </summary>
public sealed class HomeworkList([FromKeyedServices(ReadRouting.Reads)] JournalDbContext db, TimeProvider time)
{
    public sealed record LessonRef(int LessonId, DateOnly Date, int Number);

    public sealed record AttachmentDto(int Id, string FileName, long Size, string Url);

    /// <param name="Due">The lesson it is due for; null when the group has no lesson that day or none after it yet.</param>
    /// <param name="DueDate">The date it is due: the set due date, else the due lesson's date; null when not known yet.</param>
    /// <param name="ForPart">Set for some students of the group only.</param>
    public sealed record ItemDto(int HomeworkId, int SubjectId, string Subject, string Text, LessonRef Given, LessonRef? Due, DateOnly? DueDate,
        string DueCaption, bool ForPart, IReadOnlyList<AttachmentDto> Attachments);

    /// <summary>GET /api/v1/students/{studentId}/homework.</summary>
    public sealed record HomeworkDto(DateOnly From, DateOnly To, IReadOnlyList<ItemDto> Items);

    /// <summary>The longest span one request lists.</summary>
    public const int MaxDays = 92;

    /// <summary>How far back homework is looked for: given up to this many days before the span and due within it.</summary>
    public const int LookBackDays = 31;

    /// <summary>By default: the past week, today and the next two weeks.</summary>
    public async Task<(DateOnly From, DateOnly To)> DefaultSpanAsync(int studentId, CancellationToken ct)
    {
        var zone = await db.Students.Where(s => s.Id == studentId)
            .Select(s => db.Schools.Where(x => x.Id == s.SchoolId).Select(x => x.TimeZone).FirstOrDefault()).FirstOrDefaultAsync(ct);
        var today = SchoolClock.Today(time, zone ?? "Europe/Moscow");
        return (today.AddDays(-7), today.AddDays(14));
    }

    public async Task<HomeworkDto> LoadAsync(int studentId, DateOnly start, DateOnly end, CancellationToken ct)
    {
        var givenFrom = start.AddDays(-LookBackDays);
        var rows = await (
                from h in db.Homework.AsNoTracking()
                join l in db.Lessons on h.LessonId equals l.Id
                where l.Date >= givenFrom && l.Date <= end && l.Status != LessonStatus.Cancelled
                      && (h.DueDate == null || (h.DueDate >= start && h.DueDate <= end))
                      && db.GroupMemberships.Any(m => m.StudentId == studentId && m.TeachingGroupId == l.TeachingGroupId
                                                      && m.From <= l.Date && (m.To == null || m.To >= l.Date))
                      && (!h.Students.Any() || h.Students.Any(s => s.StudentId == studentId))
                select new
                {
                    h.Id, h.Text, h.DueDate, h.LessonId, l.Date, l.Number, l.TeachingGroupId,
                    l.TeachingGroup!.SubjectId, Subject = l.TeachingGroup.Subject!.Name, ForPart = h.Students.Any(),
                    Files = h.Attachments.OrderBy(a => a.Id).Select(a => new { a.Id, a.FileName, a.Size }).ToList(),
                })
            .ToListAsync(ct);
        var groupIds = rows.Select(r => r.TeachingGroupId).Distinct().ToList();
        var lessonsTo = end.AddDays(LookBackDays);
        var lessons = groupIds.Count == 0 ? [] : await db.Lessons.AsNoTracking()
            .Where(l => groupIds.Contains(l.TeachingGroupId) && l.Date >= givenFrom && l.Date <= lessonsTo && l.Status != LessonStatus.Cancelled)
            .Select(l => new { l.Id, l.TeachingGroupId, l.Date, l.Number })
            .ToListAsync(ct);
        var lessonsOf = lessons.ToLookup(l => l.TeachingGroupId, l => new DueLessons.Slot(l.Id, l.Date, l.Number));

        var items = rows.Select(r =>
            {
                var due = DueLessons.Due(new DueLessons.Slot(r.LessonId, r.Date, r.Number), r.DueDate, lessonsOf[r.TeachingGroupId]);
                return new ItemDto(r.Id, r.SubjectId, r.Subject, r.Text, new LessonRef(r.LessonId, r.Date, r.Number),
                    due is null ? null : new LessonRef(due.LessonId, due.Date, due.Number), r.DueDate ?? due?.Date,
                    DueLessons.Caption(due, r.DueDate, r.Subject), r.ForPart,
                    [.. r.Files.Select(f => new AttachmentDto(f.Id, f.FileName, f.Size, $"/api/v1/homework/attachments/{f.Id}"))]);
            })
            // Due within the span; one whose next lesson is not in the timetable yet shows when it was given within the span.
            .Where(i => i.DueDate is DateOnly d ? d >= start && d <= end : i.Given.Date >= start)
            .OrderBy(i => i.DueDate ?? i.Given.Date).ThenBy(i => i.Due?.Number ?? int.MaxValue).ThenBy(i => i.HomeworkId)
            .ToList();
        return new HomeworkDto(start, end, items);
    }
}
