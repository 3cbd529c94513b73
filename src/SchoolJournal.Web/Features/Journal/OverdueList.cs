using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using static SchoolJournal.Web.Features.Journal.OverdueApi;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// The overdue list (see <see cref="OverdueApi"/>): a teacher's own (GET /api/v1/me/overdue), and for the administration
/// every teacher's (GET /api/v1/reports/overdue) by the same rules; both on the page «Просроченные записи».
/// </summary>
public sealed class OverdueList(AccessService access, CurrentUser user, JournalDbContext db, TimeProvider time)
{
    public static readonly Problem NotATeacher = new(StatusCodes.Status403Forbidden, "Список просроченного — для учителя",
        "Просроченные записи журнала показываются учителю по его урокам и группам.");

    public static readonly Problem NotAdministration = new(StatusCodes.Status403Forbidden, "Список просроченного всех учителей — для администрации",
        "Просроченные записи всех учителей видят директор и заместитель директора.");

    public async Task<Outcome<IReadOnlyList<OverdueItem>>> LoadAsync(CancellationToken ct)
    {
        var staffId = (await access.LinksAsync(ct)).StaffMemberId;
        if (!access.WritesJournals || staffId is null)
            return NotATeacher;
        return Outcome<IReadOnlyList<OverdueItem>>.Ok(await BuildAsync(staffId, ct));
    }

    /// <summary>Every teacher's list (or one teacher's, <paramref name="teacherId"/>), each item naming its teacher.</summary>
    public async Task<Outcome<IReadOnlyList<OverdueItem>>> LoadForSchoolAsync(int? teacherId, CancellationToken ct)
    {
        if (!access.ReadsSchoolReports) return NotAdministration;
        return Outcome<IReadOnlyList<OverdueItem>>.Ok(await BuildAsync(teacherId, ct, named: true));
    }

    /// <summary>The items of <paramref name="staffId"/>'s lessons and groups, or of every teacher's when it is null.</summary>
    private async Task<IReadOnlyList<OverdueItem>> BuildAsync(int? staffId, CancellationToken ct, bool named = false)
    {
        var zoneId = await db.Schools.Where(s => s.Id == user.SchoolId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct) ?? "Europe/Moscow";
        var rules = await DeadlineRules.ReadAsync(db, user.SchoolId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var now = SchoolClock.Now(time, zoneId);
        var today = DateOnly.FromDateTime(now.DateTime);
        var year = await db.AcademicYears.Where(y => y.IsCurrent).Select(y => new { y.Id, y.Start }).FirstOrDefaultAsync(ct);
        if (year is null) return [];
        DateTimeOffset At(DateTime local) => new(local, zone.GetUtcOffset(local));

        var assignments = await db.TeachingAssignments
            .Where(a => (staffId == null || a.StaffMemberId == staffId) && a.TeachingGroup!.AcademicYearId == year.Id)
            .Select(a => new { a.TeachingGroupId, a.TeachingGroup!.Name, a.StaffMemberId }).ToListAsync(ct);
        var groups = assignments.Select(a => new { a.TeachingGroupId, a.Name }).Distinct().ToList();
        var groupIds = groups.Select(g => g.TeachingGroupId).ToList();
        var groupName = groups.ToDictionary(g => g.TeachingGroupId, g => g.Name);
        var groupClasses = await db.GroupClasses.Where(c => staffId == null || groupIds.Contains(c.TeachingGroupId)
                || db.Lessons.Any(l => l.TeachingGroupId == c.TeachingGroupId && l.SubstituteTeacherId == staffId))
            .Select(c => new { c.TeachingGroupId, c.SchoolClassId, c.SchoolClass!.Grade }).ToListAsync(ct);
        var classesOf = groupClasses.ToLookup(c => c.TeachingGroupId);
        var members = await db.GroupMemberships.Where(m => groupIds.Contains(m.TeachingGroupId))
            .Select(m => new { m.TeachingGroupId, m.StudentId, m.From, m.To, m.Student!.LastName, m.Student.FirstName, m.Student.MiddleName })
            .ToListAsync(ct);
        var membersOf = members.ToLookup(m => m.TeachingGroupId);
        List<StudentRef> Unmarked(int groupId, Func<DateOnly, DateOnly?, bool> present, ICollection<int> done) =>
        [
            .. membersOf[groupId].Where(m => present(m.From, m.To) && !done.Contains(m.StudentId)).DistinctBy(m => m.StudentId)
                .OrderBy(m => m.LastName, StringComparer.Ordinal).ThenBy(m => m.FirstName, StringComparer.Ordinal)
                .Select(m => new StudentRef(m.StudentId, PersonName.Full(m.LastName, m.FirstName, m.MiddleName))),
        ];
        var items = new List<OverdueItem>();

        // Lessons he taught (his own or substituted) that ended without a topic or homework.
        var lessons = await db.Lessons.AsNoTracking()
            .Where(l => l.Date >= year.Start && l.Date <= today && l.Status != LessonStatus.Cancelled
                && (staffId == null || l.SubstituteTeacherId == staffId || (l.SubstituteTeacherId == null && l.TeacherId == staffId))
                && (l.Topic == null || l.Homework == null))
            .OrderBy(l => l.Date).ThenBy(l => l.Number)
            .Select(l => new
            {
                l.Id, l.Date, l.End, l.TeachingGroupId, Group = l.TeachingGroup!.Name, l.Topic, HasHomework = l.Homework != null,
                Teacher = l.SubstituteTeacherId ?? l.TeacherId,
            })
            .ToListAsync(ct);
        var dates = lessons.Where(l => !l.HasHomework).Select(l => l.Date).Distinct().ToList();
        var classIds = groupClasses.Select(c => c.SchoolClassId).Distinct().ToList();
        var dayEnds = (await db.Lessons
                .Where(l => dates.Contains(l.Date) && l.Status != LessonStatus.Cancelled)
                .Join(db.GroupClasses.Where(c => classIds.Contains(c.SchoolClassId)), l => l.TeachingGroupId, c => c.TeachingGroupId,
                    (l, c) => new { l.Date, c.SchoolClassId, l.End })
                .ToListAsync(ct))
            .GroupBy(x => (x.Date, x.SchoolClassId)).ToDictionary(g => g.Key, g => g.Max(x => x.End));
        foreach (var l in lessons)
        {
            var topicDue = Deadlines.ForTopic(l.Date);
            if (l.Topic is null && Deadlines.IsLate(topicDue, now))
                items.Add(new OverdueItem(NoTopic, l.TeachingGroupId, l.Group, l.Id, l.Date, null, null, At(topicDue), [],
                    $"{l.Group}, урок {l.Date:dd.MM.yyyy}: не записана тема."));
            if (l.HasHomework) continue;
            var lastEnd = classesOf[l.TeachingGroupId].Select(c => dayEnds.GetValueOrDefault((l.Date, c.SchoolClassId), l.End))
                .DefaultIfEmpty(l.End).Max();
            var homeworkDue = Deadlines.ForHomework(l.Date, lastEnd < l.End ? l.End : lastEnd, rules);
            if (Deadlines.IsLate(homeworkDue, now))
                items.Add(new OverdueItem(NoHomework, l.TeachingGroupId, l.Group, l.Id, l.Date, null, null, At(homeworkDue), [],
                    $"{l.Group}, урок {l.Date:dd.MM.yyyy}: не записано домашнее задание."));
        }

        // Control works: a lesson of his group with a control-work mark; the students without one are overdue after the deadline.
        var controlMarks = await db.Marks.AsNoTracking()
            .Where(m => groupIds.Contains(m.Lesson!.TeachingGroupId)
                && m.WorkType!.IsControl && m.Lesson.Date >= year.Start && m.Lesson.Date <= today)
            .Select(m => new { m.LessonId, m.Lesson!.Date, m.Lesson.TeachingGroupId, m.StudentId, m.WorkType!.Name })
            .ToListAsync(ct);
        foreach (var work in controlMarks.GroupBy(m => (m.LessonId, m.Date, m.TeachingGroupId)))
        {
            var (lessonId, date, groupId) = work.Key;
            var topGrade = classesOf[groupId].Select(c => c.Grade).DefaultIfEmpty(0).Max();
            var due = work.Select(m => Deadlines.ForMark(date, true, m.Name, topGrade, rules)).Max();
            if (!Deadlines.IsLate(due, now)) continue;
            var missing = Unmarked(groupId, (from, to) => from <= date && (to is null || to >= date), work.Select(m => m.StudentId).ToHashSet());
            if (missing.Count > 0)
                items.Add(new OverdueItem(ControlMarks, groupId, groupName[groupId], lessonId, date, null, null, At(due), missing,
                    $"{groupName[groupId]}, работа {date:dd.MM.yyyy}: нет отметок у {missing.Count} уч."));
        }

        // Period grades once a period's last day (the end of its last week) has passed.
        var graded = (
            await db.PeriodGrades.Where(g => groupIds.Contains(g.TeachingGroupId) && g.Kind == PeriodGradeKind.Period && g.StudyPeriodId != null)
                .Select(g => new { g.TeachingGroupId, PeriodId = g.StudyPeriodId!.Value, g.StudentId }).ToListAsync(ct))
            .ToLookup(g => (g.TeachingGroupId, g.PeriodId), g => g.StudentId);
        // The year's periods once, each group's chosen from them by the journal's own rule (a header per group was a query each).
        var yearPeriods = await db.StudyPeriods.AsNoTracking().Where(p => p.AcademicYearId == year.Id && p.Kind != PeriodKind.Year)
            .Select(p => new { p.Id, p.Name, p.Start, p.End, p.Level, p.SchoolClassId }).ToListAsync(ct);
        var endedPeriods = yearPeriods.Where(p => Deadlines.IsLate(Deadlines.ForPeriodGrade(p.End), now)).OrderBy(p => p.Start).ToList();
        foreach (var group in groups)
        {
            var ofGroup = classesOf[group.TeachingGroupId].Select(c => c.SchoolClassId).ToHashSet();
            var levels = classesOf[group.TeachingGroupId].Select(c => GroupPeriods.LevelOf(c.Grade)).ToHashSet();
            foreach (var p in endedPeriods.Where(p => GroupPeriods.Applies(p.SchoolClassId, p.Level, ofGroup, levels)))
            {
                var missing = Unmarked(group.TeachingGroupId, (from, to) => from <= p.End && (to is null || to >= p.End),
                    graded[(group.TeachingGroupId, p.Id)].ToHashSet());
                if (missing.Count > 0)
                    items.Add(new OverdueItem(PeriodGrades, group.TeachingGroupId, group.Name, null, null, p.Id, p.Name,
                        At(Deadlines.ForPeriodGrade(p.End)),
                        missing, $"{group.Name}, {p.Name}: не выставлены отметки за период у {missing.Count} уч."));
            }
        }
        if (named) items = await NameTeachersAsync(items, lessons.ToDictionary(l => l.Id, l => l.Teacher),
            assignments.ToLookup(a => a.TeachingGroupId, a => a.StaffMemberId), ct);
        return [.. items.OrderBy(i => i.Due).ThenBy(i => i.Group, StringComparer.Ordinal)];
    }

    /// <summary>Who is to fill each item in: who taught the lesson, else the group's teachers.</summary>
    private async Task<List<OverdueItem>> NameTeachersAsync(List<OverdueItem> items, Dictionary<int, int> lessonTeacher,
        ILookup<int, int> groupTeachers, CancellationToken ct)
    {
        List<int> Of(OverdueItem i) => i.Kind is NoTopic or NoHomework && i.LessonId is int id && lessonTeacher.TryGetValue(id, out var t)
            ? [t] : [.. groupTeachers[i.GroupId].Distinct()];
        var ids = items.SelectMany(Of).Distinct().ToList();
        var names = (await db.StaffMembers.Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName })
                .ToListAsync(ct))
            .ToDictionary(s => s.Id, s => PersonName.Full(s.LastName, s.FirstName, s.MiddleName));
        return [.. items.Select(i => i with { Teacher = string.Join(", ", Of(i).Select(id => names[id]).Order(StringComparer.Ordinal)) })];
    }
}
