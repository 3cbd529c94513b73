using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Plans;

/// <summary>The reads of КТП: the list of groups with their plans' figures, one plan with its lesson dates, a lesson's suggestion.</summary>
public sealed class PlanQueries(JournalDbContext db, AccessService access, CurrentUser user)
{
    public sealed record ListRow(int GroupId, string Group, string Subject, string Classes, IReadOnlyList<string> Teachers,
        int Topics, int Hours, int Lessons, int LessonsWithTopic, DateTimeOffset? UpdatedAt, bool CanEdit);

    public sealed record TopicView(int Id, int Number, string? Section, string Title, int Hours, string? Note, IReadOnlyList<DateOnly> Dates);

    public sealed record PlanView(int GroupId, string Group, string Subject, string Classes, IReadOnlyList<string> Teachers,
        DateTimeOffset? UpdatedAt, int Topics, int Hours, int Lessons, int LessonsWithTopic, bool CanEdit, IReadOnlyList<TopicView> Items);

    /// <summary>A lesson's topic by the plan: its linked topic, or the plan's topic at the lesson's place in the order.</summary>
    public sealed record Suggestion(int TopicId, string Title, string? Section, string? Note);

    /// <summary>
    /// Groups of the current year whose plans the user sees: all for those who manage the year; his own for a
    /// teacher (<see cref="AccessService.TaughtGroupsAsync"/>); his class's groups for a class teacher, to read.
    /// </summary>
    public async Task<IQueryable<TeachingGroup>> VisibleGroupsAsync(CancellationToken ct)
    {
        var year = db.AcademicYears.Where(y => y.IsCurrent).Select(y => y.Id);
        if (access.CanManageYear || access.SeesWholeSchool) return db.TeachingGroups.Where(g => year.Contains(g.AcademicYearId));
        var taught = await access.TaughtGroupsAsync(ct);
        var classTeacher = user.IsInRole(Roles.ClassTeacher);
        var grid = access.GridReadableGroups();
        return db.TeachingGroups.Where(g => year.Contains(g.AcademicYearId)
            && (taught.Any(t => t.Id == g.Id) || (classTeacher && grid.Any(r => r.Id == g.Id))));
    }

    public async Task<List<ListRow>> ListAsync(int? groupId, int? teacherId, int? classId, CancellationToken ct)
    {
        var groups = await VisibleGroupsAsync(ct);
        if (groupId is int gid) groups = groups.Where(g => g.Id == gid);
        if (teacherId is int tid) groups = groups.Where(g => g.Assignments.Any(a => a.StaffMemberId == tid));
        if (classId is int cid) groups = groups.Where(g => g.Classes.Any(c => c.SchoolClassId == cid));
        var rows = await groups.AsNoTracking()
            .Select(g => new
            {
                g.Id, g.Name, Subject = g.Subject!.Name, g.Subject.SortOrder,
                Classes = g.Classes.Select(c => new ClassName(c.SchoolClass!.Grade, c.SchoolClass.Letter)).ToList(),
                Teachers = g.Assignments.Where(a => a.To == null)
                    .Select(a => new { a.StaffMember!.LastName, a.StaffMember.FirstName, a.StaffMember.MiddleName }).ToList(),
                Topics = db.ThematicTopics.Count(t => db.ThematicPlans.Any(p => p.Id == t.ThematicPlanId && p.TeachingGroupId == g.Id)),
                Hours = db.ThematicTopics.Where(t => db.ThematicPlans.Any(p => p.Id == t.ThematicPlanId && p.TeachingGroupId == g.Id))
                    .Sum(t => (int?)t.Hours) ?? 0,
                Lessons = db.Lessons.Count(l => l.TeachingGroupId == g.Id && l.Status != LessonStatus.Cancelled),
                WithTopic = db.Lessons.Count(l => l.TeachingGroupId == g.Id
                    && l.Status != LessonStatus.Cancelled && l.Topic != null && l.Topic != ""),
                PlanId = db.ThematicPlans.Where(p => p.TeachingGroupId == g.Id).Select(p => (int?)p.Id).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var updated = await db.ThematicPlans.AsNoTracking().Where(p => groups.Any(g => g.Id == p.TeachingGroupId))
            .Select(p => new { p.TeachingGroupId, p.UpdatedAt }).ToListAsync(ct);
        var updatedOf = updated.ToDictionary(u => u.TeachingGroupId, u => u.UpdatedAt);
        var editable = await EditableAsync(rows.Select(r => r.Id).ToList(), ct);
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        return [.. rows.OrderBy(r => r.SortOrder).ThenBy(r => r.Subject, ru).ThenBy(r => r.Name, ru)
            .Select(r => new ListRow(r.Id, r.Name, r.Subject, ClassName.Join(r.Classes),
                [.. r.Teachers.Select(t => PersonName.Short(t.LastName, t.FirstName, t.MiddleName))],
                r.Topics, r.Hours, r.Lessons, r.WithTopic, updatedOf.TryGetValue(r.Id, out var at) ? at : null, editable.Contains(r.Id)))];
    }

    /// <summary>Those who manage the year edit every plan, a teacher the plans of the groups he teaches.</summary>
    private async Task<HashSet<int>> EditableAsync(List<int> ids, CancellationToken ct)
    {
        if (access.CanManageYear) return [.. ids];
        var taught = await access.TaughtGroupsAsync(ct);
        return [.. await taught.Where(g => ids.Contains(g.Id)).Select(g => g.Id).ToListAsync(ct)];
    }

    /// <summary>Reading a plan: those who may edit it and the staff who read the group's journal.</summary>
    public async Task<bool> CanReadAsync(int groupId, CancellationToken ct) =>
        await access.CanEditThematicPlanAsync(groupId, ct) || await access.CanReadJournalGridAsync(groupId, ct);

    /// <summary>The plan with the dates of the lessons each topic falls on; null for an unknown group.</summary>
    public async Task<PlanView?> PlanAsync(int groupId, CancellationToken ct)
    {
        var row = (await ListRowAsync(groupId, ct));
        if (row is null) return null;
        var topics = await db.ThematicTopics.AsNoTracking()
            .Where(t => db.ThematicPlans.Any(p => p.Id == t.ThematicPlanId && p.TeachingGroupId == groupId))
            .OrderBy(t => t.Number).ToListAsync(ct);
        var lessons = await db.Lessons.AsNoTracking().Where(l => l.TeachingGroupId == groupId && l.Status != LessonStatus.Cancelled)
            .OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Id).Select(l => l.Date).ToListAsync(ct);
        var items = new List<TopicView>();
        var place = 0;
        foreach (var t in topics)
        {
            items.Add(new TopicView(t.Id, t.Number, t.Section, t.Title, t.Hours, t.Note, [.. lessons.Skip(place).Take(t.Hours)]));
            place += t.Hours;
        }
        return new PlanView(row.GroupId, row.Group, row.Subject, row.Classes, row.Teachers, row.UpdatedAt, row.Topics, row.Hours,
            row.Lessons, row.LessonsWithTopic, row.CanEdit, items);
    }

    /// <summary>One group's figures regardless of the list's visibility (the caller checked read access).</summary>
    private async Task<ListRow?> ListRowAsync(int groupId, CancellationToken ct)
    {
        if (!await db.TeachingGroups.AnyAsync(g => g.Id == groupId, ct)) return null;
        var visible = await ListAsync(groupId, null, null, ct);
        if (visible.Count == 1) return visible[0];
        // A group of another year, or read through a substitution: the same figures without the list's filter.
        var g = await db.TeachingGroups.AsNoTracking().Where(x => x.Id == groupId)
            .Select(x => new
            {
                x.Id, x.Name, Subject = x.Subject!.Name,
                Classes = x.Classes.Select(c => new ClassName(c.SchoolClass!.Grade, c.SchoolClass.Letter)).ToList(),
                Teachers = x.Assignments.Where(a => a.To == null)
                    .Select(a => new { a.StaffMember!.LastName, a.StaffMember.FirstName, a.StaffMember.MiddleName }).ToList(),
            }).FirstAsync(ct);
        var topics = await db.ThematicTopics.Where(t => db.ThematicPlans.Any(p => p.Id == t.ThematicPlanId && p.TeachingGroupId == groupId))
            .Select(t => t.Hours).ToListAsync(ct);
        var lessons = db.Lessons.Where(l => l.TeachingGroupId == groupId && l.Status != LessonStatus.Cancelled);
        return new ListRow(g.Id, g.Name, g.Subject, ClassName.Join(g.Classes),
            [.. g.Teachers.Select(t => PersonName.Short(t.LastName, t.FirstName, t.MiddleName))],
            topics.Count, topics.Sum(), await lessons.CountAsync(ct), await lessons.CountAsync(l => l.Topic != null && l.Topic != "", ct),
            await db.ThematicPlans.Where(p => p.TeachingGroupId == groupId).Select(p => (DateTimeOffset?)p.UpdatedAt).FirstOrDefaultAsync(ct),
            await access.CanEditThematicPlanAsync(groupId, ct));
    }

    /// <summary>The plan's topic for a lesson: the one it is linked to, else the one at its place; null without a plan or past its end.</summary>
    public static async Task<Suggestion?> ForLessonAsync(JournalDbContext db, int lessonId, CancellationToken ct)
    {
        var lesson = await db.Lessons.AsNoTracking().Where(l => l.Id == lessonId)
            .Select(l => new { l.Id, l.TeachingGroupId, l.Date, l.Number, l.Status, l.ThematicTopicId }).FirstOrDefaultAsync(ct);
        if (lesson is null) return null;
        var topics = db.ThematicTopics.AsNoTracking()
            .Where(t => db.ThematicPlans.Any(p => p.Id == t.ThematicPlanId && p.TeachingGroupId == lesson.TeachingGroupId));
        if (lesson.ThematicTopicId is int linked)
        {
            var topic = await topics.Where(t => t.Id == linked).Select(t => new Suggestion(t.Id, t.Title, t.Section, t.Note)).FirstOrDefaultAsync(ct);
            if (topic is not null) return topic;
        }
        if (lesson.Status == LessonStatus.Cancelled) return null;
        var place = await db.Lessons.CountAsync(l => l.TeachingGroupId == lesson.TeachingGroupId && l.Status != LessonStatus.Cancelled
            && (l.Date < lesson.Date
                || (l.Date == lesson.Date && (l.Number < lesson.Number || (l.Number == lesson.Number && l.Id < lesson.Id)))), ct);
        var all = await topics.OrderBy(t => t.Number).Select(t => new { t.Id, t.Title, t.Hours, t.Section, t.Note }).ToListAsync(ct);
        var at = PlanRules.At(all.Select(t => new PlanRules.PlanTopic(t.Id, t.Title, t.Hours)), place);
        return at is null ? null : all.Where(t => t.Id == at.Id).Select(t => new Suggestion(t.Id, t.Title, t.Section, t.Note)).First();
    }
}
