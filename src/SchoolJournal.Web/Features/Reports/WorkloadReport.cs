using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// «Нагрузка учителей» (R-REP-12): for the administration, each teacher's hours per group over a span of dates — from the
/// teaching load (hours a week × <see cref="StudyWeeks"/> of the group's class while the assignment runs) and from the
/// lessons actually held, his own apart from those he held for others. The database counts the lessons per planned teacher,
/// substitute and group.
/// </summary>
public sealed class WorkloadReport([FromKeyedServices(ReadRouting.Reads)] AccessService access, SchoolCalendar calendar,
    [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db)
{
    /// <summary>A teacher's group; <see cref="HoursPerWeek"/> and <see cref="Planned"/> are null when he is not assigned to it
    /// (he only substituted).</summary>
    public sealed record Row(int TeacherId, string Teacher, int GroupId, string Group, string Subject, string Classes, decimal? HoursPerWeek,
        decimal? Planned, int Held, int AsSubstitute, int Total, int SubstitutedByOthers);

    /// <summary>A teacher's totals over his groups.</summary>
    public sealed record TeacherRow(int TeacherId, string Teacher, decimal HoursPerWeek, decimal Planned, int Held, int AsSubstitute, int Total,
        int SubstitutedByOthers);

    public sealed record Result(string Rule, DateOnly From, DateOnly To, DateOnly CountedTo, IReadOnlyList<TeacherRow> Teachers,
        IReadOnlyList<Row> Rows);

    public const string Rule = "Часов в неделю — по распределению нагрузки на последний день отчёта. По нагрузке за даты — часы в "
        + "неделю × учебные недели класса группы, пока действует назначение, в выбранные даты (не позже сегодняшнего дня). "
        + StudyWeeks.Rule + " Проведено — уроки с датой в эти дни, кроме отменённых: свои — которые учитель провёл сам по "
        + "расписанию; замещения — которые он провёл вместо другого учителя (считаются заменяющему, не тому, кого заменили); "
        + "«заменён» — его уроки, проведённые другим учителем.";

    public static readonly Problem NotAllowed = new(StatusCodes.Status403Forbidden, "Отчёт недоступен",
        "Нагрузку учителей видят директор и заместитель директора.");

    public async Task<Outcome<Result>> LoadAsync(DateOnly? from, DateOnly? to, int? teacherId, CancellationToken ct)
    {
        if (!access.ReadsSchoolReports) return NotAllowed;
        if (PlanFulfilmentReport.CheckDates(from, to) is { } bad) return bad;
        if (teacherId is int tid && !await db.StaffMembers.AnyAsync(s => s.Id == tid, ct)) return Problem.NotFound("Учитель не найден");
        var (first, lastAsked) = (from!.Value, to!.Value);
        var year = await db.AcademicYears.AsNoTracking().Where(y => y.IsCurrent).OrderByDescending(y => y.Start)
            .Select(y => new { y.Id, y.Start, y.End }).FirstOrDefaultAsync(ct);
        var today = (await calendar.NowAsync(ct)).Today;
        var last = new[] { lastAsked, today }.Min();
        if (year is null) return Outcome<Result>.Ok(new Result(Rule, first, lastAsked, last, [], []));

        var assignments = db.TeachingAssignments.Where(a => a.TeachingGroup!.AcademicYearId == year.Id && a.From <= last
            && (a.To == null || a.To >= first));
        if (teacherId is int t1) assignments = assignments.Where(a => a.StaffMemberId == t1);
        var load = await assignments.Select(a => new { a.StaffMemberId, a.TeachingGroupId, a.HoursPerWeek, a.From, a.To }).ToListAsync(ct);
        var lessons = db.Lessons.Where(l => l.TeachingGroup!.AcademicYearId == year.Id && l.Date >= first && l.Date <= last
            && l.Status != LessonStatus.Cancelled);
        if (teacherId is int t2) lessons = lessons.Where(l => l.TeacherId == t2 || l.SubstituteTeacherId == t2);
        var held = await lessons.GroupBy(l => new { l.TeacherId, l.SubstituteTeacherId, l.TeachingGroupId })
            .Select(g => new { g.Key.TeacherId, g.Key.SubstituteTeacherId, g.Key.TeachingGroupId, Count = g.Count() })
            .ToListAsync(ct);

        var groupIds = load.Select(a => a.TeachingGroupId).Concat(held.Select(h => h.TeachingGroupId)).Distinct().ToList();
        var groups = await db.TeachingGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id))
            .Select(g => new { g.Id, g.Name, Subject = g.Subject!.Name })
            .ToDictionaryAsync(g => g.Id, ct);
        var classes = (await (from gc in db.GroupClasses
                    join c in db.SchoolClasses on gc.SchoolClassId equals c.Id
                    where groupIds.Contains(gc.TeachingGroupId)
                    select new { gc.TeachingGroupId, c.Id, c.Grade, c.Letter, c.DaysPerWeek })
                .ToListAsync(ct))
            .ToLookup(c => c.TeachingGroupId);
        var teacherIds = load.Select(a => a.StaffMemberId)
            .Concat(held.SelectMany(h => h.SubstituteTeacherId is int s ? new[] { h.TeacherId, s } : [h.TeacherId]))
            .Where(id => teacherId is null || id == teacherId).Distinct().ToList();
        var names = await db.StaffMembers.AsNoTracking().Where(s => teacherIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName })
            .ToDictionaryAsync(s => s.Id, s => PersonName.Full(s.LastName, s.FirstName, s.MiddleName), ct);
        var weeks = await StudyWeeks.LoadAsync(db, year.Id, ct);

        // The group's class gives the calendar: the first of a stream's, as the timetable's generator takes it.
        decimal PlannedOf(int groupId, decimal hours, DateOnly aFrom, DateOnly? aTo)
        {
            var cls = classes[groupId].MinBy(c => c.Id);
            if (cls is null) return 0m;
            var (start, end) = (new[] { first, aFrom, year.Start }.Max(), new[] { last, aTo ?? last, year.End }.Min());
            return weeks.Hours(hours, cls.Id, cls.Grade, cls.DaysPerWeek, start, end);
        }

        var ru = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false);
        var keys = load.Select(a => (Teacher: a.StaffMemberId, Group: a.TeachingGroupId))
            .Concat(held.Select(h => (Teacher: h.SubstituteTeacherId ?? h.TeacherId, Group: h.TeachingGroupId)))
            .Concat(held.Where(h => h.SubstituteTeacherId is not null).Select(h => (Teacher: h.TeacherId, Group: h.TeachingGroupId)))
            .Where(k => teacherId is null || k.Teacher == teacherId).Distinct();
        var rows = keys.Select(k =>
            {
                var mine = load.Where(a => a.StaffMemberId == k.Teacher && a.TeachingGroupId == k.Group).ToList();
                var g = groups[k.Group];
                // Who taught each lesson: the substitute if there was one, else the planned teacher.
                var lessons = held.Where(h => h.TeachingGroupId == k.Group)
                    .Select(h => (h.TeacherId, By: h.SubstituteTeacherId ?? h.TeacherId, h.Count)).ToList();
                var own = lessons.Where(h => h.TeacherId == k.Teacher && h.By == k.Teacher).Sum(h => h.Count);
                var instead = lessons.Where(h => h.TeacherId != k.Teacher && h.By == k.Teacher).Sum(h => h.Count);
                var byOthers = lessons.Where(h => h.TeacherId == k.Teacher && h.By != k.Teacher).Sum(h => h.Count);
                var hours = mine.Where(a => a.From <= last && (a.To == null || a.To >= last)).Sum(a => a.HoursPerWeek);
                return new Row(k.Teacher, names[k.Teacher], k.Group, g.Name, g.Subject,
                    string.Join(", ", classes[k.Group].OrderBy(c => c.Grade).ThenBy(c => c.Letter, StringComparer.Ordinal)
                        .Select(c => $"{c.Grade}{c.Letter}")),
                    mine.Count == 0 ? null : StudyWeeks.Normal(hours),
                    mine.Count == 0 ? null : StudyWeeks.Normal(mine.Sum(a => PlannedOf(k.Group, a.HoursPerWeek, a.From, a.To))),
                    own, instead, own + instead, byOthers);
            })
            .OrderBy(r => r.Teacher, ru).ThenBy(r => r.TeacherId).ThenBy(r => r.Subject, ru).ThenBy(r => r.Group, ru).ToList();
        var teachers = rows.GroupBy(r => (r.TeacherId, r.Teacher))
            .Select(g => new TeacherRow(g.Key.TeacherId, g.Key.Teacher, g.Sum(r => r.HoursPerWeek ?? 0), g.Sum(r => r.Planned ?? 0),
                g.Sum(r => r.Held), g.Sum(r => r.AsSubstitute), g.Sum(r => r.Total), g.Sum(r => r.SubstitutedByOthers)))
            .ToList();
        return Outcome<Result>.Ok(new Result(Rule, first, lastAsked, last, teachers, rows));
    }

    public static ReportFile ToFile(Result r) => new($"Нагрузка учителей {r.From:dd.MM.yyyy}–{r.To:dd.MM.yyyy}", [Rule],
        ["Учитель", "Журнал", "Предмет", "Классы", "Часов в неделю", "По нагрузке за даты, ч", "Проведено своих", "Замещения",
            "Всего проведено", "Заменён другими"],
        [
            .. r.Rows.Select(x => (IReadOnlyList<object?>)[x.Teacher, x.Group, x.Subject, x.Classes, x.HoursPerWeek, x.Planned, x.Held,
                x.AsSubstitute, x.Total, x.SubstitutedByOthers]),
            .. r.Teachers.Select(t => (IReadOnlyList<object?>)[$"Итого {t.Teacher}", null, null, null, t.HoursPerWeek, t.Planned, t.Held,
                t.AsSubstitute, t.Total, t.SubstitutedByOthers]),
        ]);
}
