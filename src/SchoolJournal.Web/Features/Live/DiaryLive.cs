using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure.Outbox;

namespace SchoolJournal.Web.Features.Live;

/// <summary>
/// What a watching page hears: whose diary changed (or, without a student, a lesson of a group he learns in), what
/// kind of change, and the lesson and date when there is one. No grade, text or name: the page refetches what it shows.
/// </summary>
public sealed record LiveChange(int? StudentId, string Kind, int? LessonId, string? Date);

/// <summary>
/// Pushes a batch of outbox events to the diaries open on any node: an event about a student goes to
/// <c>student-{id}</c>, one about a lesson as a whole (homework, a substitution, a topic) to the lesson's teaching group.
/// Several events of one student and kind in a batch make one message.
/// </summary>
public sealed class DiaryLive(IHubContext<DiaryHub> hub, JournalDbContext db) : IDiaryLive
{
    public const string Method = "changed";

    public async Task PublishAsync(IReadOnlyList<DiaryEvent> events, CancellationToken ct)
    {
        var lessonIds = events.Where(e => e.LessonId is not null).Select(e => e.LessonId!.Value).Distinct().ToList();
        var lessons = lessonIds.Count == 0 ? [] : await db.Lessons.IgnoreQueryFilters().AsNoTracking()
            .Where(l => lessonIds.Contains(l.Id)).Select(l => new { l.Id, l.TeachingGroupId, l.Date })
            .ToDictionaryAsync(l => l.Id, ct);

        foreach (var message in Messages(events, id => lessons.TryGetValue(id, out var l) ? (l.TeachingGroupId, l.Date) : null))
            await hub.Clients.Group(message.Group).SendAsync(Method, message.Change, ct);
    }

    /// <summary>The messages of a batch, one per group, student and kind; pure, so the rule is tested without a hub.</summary>
    public static IEnumerable<(string Group, LiveChange Change)> Messages(IEnumerable<DiaryEvent> events,
        Func<int, (int GroupId, DateOnly Date)?> lesson)
    {
        var items = new List<(string Group, int? StudentId, DiaryEventKind Kind, int? LessonId, string? Date)>();
        foreach (var e in events)
        {
            var l = e.LessonId is int id ? lesson(id) : null;
            var date = l?.Date.ToString("yyyy-MM-dd") ?? (e.Kind == DiaryEventKind.Absence ? e.Text : null);
            if (e.StudentId is int student)
                items.Add((DiaryHub.StudentGroup(student), student, e.Kind, e.LessonId, date));
            else if ((e.TeachingGroupId ?? l?.GroupId) is int group)
                items.Add((DiaryHub.LessonGroup(group), null, e.Kind, e.LessonId, date));
        }
        return items
            .GroupBy(i => (i.Group, i.StudentId, i.Kind))
            .Select(g =>
            {
                // Many changes of one kind: the lesson and date are named only when they are all the same.
                var lessonId = g.Select(i => i.LessonId).Distinct().Count() == 1 ? g.First().LessonId : null;
                var date = g.Select(i => i.Date).Distinct().Count() == 1 ? g.First().Date : null;
                return (g.Key.Group, new LiveChange(g.Key.StudentId, JsonNamingPolicy.CamelCase.ConvertName(g.Key.Kind.ToString()), lessonId, date));
            });
    }
}
