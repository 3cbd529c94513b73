using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Year.Plans;

namespace SchoolJournal.Web.Demo;

/// <summary>
/// The demo teacher's КТП (R-YEAR-10): for each of his groups, a year's plan of one-hour topics in the order the demo's
/// lessons already use (<see cref="DemoCatalog.Topic"/>), each under the section of its topic, so the lesson page's
/// «По КТП» matches what the journal shows.
/// The lessons' topics stay teacher-written; each is linked to the plan's topic at its place.
/// </summary>
internal static class DemoPlans
{
    public static async Task AddAsync(JournalDbContext db, int schoolId, int teacherId, DateTimeOffset now, CancellationToken ct)
    {
        var groups = await db.TeachingAssignments.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.SchoolId == schoolId && a.StaffMemberId == teacherId)
            .Select(a => new
            {
                a.TeachingGroupId, a.HoursPerWeek, Subject = a.TeachingGroup!.Subject!.Name,
                Grade = a.TeachingGroup.Classes.Min(c => c.SchoolClass!.Grade),
            }).ToListAsync(ct);
        foreach (var g in groups)
        {
            var hours = (int)Math.Round(g.HoursPerWeek * DemoCatalog.StudyWeeks);
            var titles = Enumerable.Range(0, Math.Min(hours, PlanRules.MaxTopics))
                .Select(i => DemoCatalog.Topic(g.Subject, g.Grade, i, hours)).ToList();
            var sections = titles.Distinct().Select((t, i) => (t, i)).ToDictionary(x => x.t, x => $"Раздел {x.i + 1}");
            var plan = new ThematicPlan { SchoolId = schoolId, TeachingGroupId = g.TeachingGroupId, StaffMemberId = teacherId, UpdatedAt = now };
            for (var i = 0; i < titles.Count; i++)
                plan.Topics.Add(new ThematicTopic
                {
                    SchoolId = schoolId, Number = i + 1, Section = sections[titles[i]], Title = titles[i], Hours = 1,
                    Note = DemoCatalog.Homework(g.Subject, i, new Random(i)),
                });
            db.ThematicPlans.Add(plan);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);

            var lessons = await db.Lessons.IgnoreQueryFilters().Where(l => l.TeachingGroupId == g.TeachingGroupId).ToListAsync(ct);
            var expansion = PlanRules.Expand(plan.Topics.Select(t => new PlanRules.PlanTopic(t.Id, t.Title, t.Hours)),
                lessons.Select(l =>
                    new PlanRules.LessonSlot(l.Id, l.Date, l.Number, l.Status == LessonStatus.Cancelled, false, l.Topic, l.TopicFromPlan,
                        l.ThematicTopicId)));
            var byId = lessons.ToDictionary(l => l.Id);
            foreach (var s in expansion.Lessons)
                (byId[s.LessonId].Topic, byId[s.LessonId].TopicFromPlan, byId[s.LessonId].ThematicTopicId) = (s.Topic, s.TopicFromPlan,
                    s.ThematicTopicId);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}
