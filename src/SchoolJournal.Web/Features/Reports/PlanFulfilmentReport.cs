using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Year.Curricula;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// «Выполнение учебного плана» (R-REP-6): per class and subject, the hours its curriculum plans over a span of dates
/// (hours a week × <see cref="StudyWeeks"/>) against the lessons its groups held, with the lag, and the same for the
/// whole year. The database counts the lessons per group; the calendar's few rows give the weeks.
/// </summary>
public sealed class PlanFulfilmentReport([FromKeyedServices(ReadRouting.Reads)] AccessService access, SchoolCalendar calendar,
    [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db)
{
    /// <summary>A class's subject; <see cref="Planned"/> null when the subject is taught but not in the class's curriculum.</summary>
    public sealed record Row(int ClassId, string Class, int SubjectId, string Subject, string Teachers, decimal? HoursPerWeek,
        decimal? Planned, int Held, decimal? Lag, decimal? Percent, decimal? YearPlanned, int YearHeld);

    /// <summary>A class's totals over the subjects of its curriculum.</summary>
    public sealed record ClassRow(int ClassId, string Name, string? Profile, string? Curriculum, decimal Planned, int Held, decimal Lag,
        decimal? Percent, decimal YearPlanned, int YearHeld);

    public sealed record Result(string Rule, DateOnly From, DateOnly To, DateOnly CountedTo, IReadOnlyList<ClassRow> Classes,
        IReadOnlyList<Row> Rows);

    public const string Rule = "План — часы в неделю по учебному плану класса × учебные недели в выбранные даты (не позже "
        + "сегодняшнего дня); у предмета с делением на подгруппы — на каждую подгруппу. " + StudyWeeks.Rule + " Проведено — "
        + "уроки групп класса по предмету с датой в эти дни, кроме отменённых; перенесённый урок считается в день, куда "
        + "перенесён, урок по замене — проведённым. Отставание = план − проведено; выполнение = проведено ÷ план × 100 %, "
        + "до десятых. «За год» — план на весь учебный год и уроки, проведённые с его начала по последний день отчёта. "
        + "Итог по классу — по предметам учебного плана.";

    public static Problem? CheckDates(DateOnly? from, DateOnly? to) =>
        from is null || to is null ? Problem.BadRequest("Не указаны даты", "Укажите первый (from) и последний (to) день отчёта.")
        : to < from ? Problem.BadRequest("Неверные даты", "Последний день отчёта раньше первого.")
        : null;

    /// <summary>The first day of the current year: where the page's dates start by default.</summary>
    public Task<DateOnly> YearStartAsync(CancellationToken ct) => db.AcademicYears.AsNoTracking().Where(y => y.IsCurrent)
        .OrderByDescending(y => y.Start).Select(y => y.Start).FirstOrDefaultAsync(ct);

    public async Task<Outcome<Result>> LoadAsync(DateOnly? from, DateOnly? to, int? classId, CancellationToken ct)
    {
        if (!access.ReadsReports) return ProgressReport.NotAllowed;
        if (CheckDates(from, to) is { } bad) return bad;
        var (first, lastAsked) = (from!.Value, to!.Value);
        var classes = access.ReportClasses();
        if (classId is int id)
        {
            if (!await db.SchoolClasses.AnyAsync(c => c.Id == id, ct)) return Problem.NotFound("Класс не найден");
            if (!await classes.AnyAsync(c => c.Id == id, ct)) return ProgressReport.ClassNotAllowed;
            classes = classes.Where(c => c.Id == id);
        }
        var year = await db.AcademicYears.AsNoTracking().Where(y => y.IsCurrent).OrderByDescending(y => y.Start)
            .Select(y => new { y.Id, y.Start, y.End }).FirstOrDefaultAsync(ct);
        var today = (await calendar.NowAsync(ct)).Today;
        var last = new[] { lastAsked, today }.Min();
        if (year is null) return Outcome<Result>.Ok(new Result(Rule, first, lastAsked, last, [], []));
        classes = classes.Where(c => c.AcademicYearId == year.Id);

        var classList = await classes.OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .Select(c => new { c.Id, c.Grade, c.Letter, c.Profile, c.DaysPerWeek, c.CurriculumId,
                Curriculum = db.Curricula.Where(p => p.Id == c.CurriculumId).Select(p => p.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var lines = await db.Curricula.Where(p => classes.Any(c => c.CurriculumId == p.Id)).SelectMany(p => p.Lines)
            .Select(l => new { l.CurriculumId, l.SubjectId, l.HoursPerWeek, l.Divided }).ToListAsync(ct);
        // The class's lessons: its groups of the curriculum (whole class, sub-groups, streams), not extracurricular or individual ones.
        var groupClasses =
            from gc in db.GroupClasses
            join g in db.TeachingGroups on gc.TeachingGroupId equals g.Id
            where classes.Any(c => c.Id == gc.SchoolClassId) && g.Kind != GroupKind.Extracurricular && g.Kind != GroupKind.Individual
            select new { gc.SchoolClassId, gc.TeachingGroupId, g.SubjectId };
        var groups = await groupClasses.ToListAsync(ct);
        var groupIds = groupClasses.Select(g => g.TeachingGroupId);
        var teachers = await db.TeachingAssignments.Where(a => groupIds.Contains(a.TeachingGroupId) && a.From <= last
                && (a.To == null || a.To >= first))
            .Select(a => new { a.TeachingGroupId, a.StaffMember!.LastName, a.StaffMember.FirstName, a.StaffMember.MiddleName })
            .ToListAsync(ct);
        var held = await db.Lessons.Where(l => groupIds.Contains(l.TeachingGroupId) && l.Date >= year.Start && l.Date <= last
                && l.Status != LessonStatus.Cancelled)
            .GroupBy(l => l.TeachingGroupId)
            .Select(g => new { g.Key, InRange = g.Sum(l => l.Date >= first ? 1 : 0), Year = g.Count() })
            .ToDictionaryAsync(g => g.Key, ct);
        var subjects = await db.Subjects.AsNoTracking().Select(s => new { s.Id, s.Name, s.SortOrder }).ToDictionaryAsync(s => s.Id, ct);
        var weeks = await StudyWeeks.LoadAsync(db, year.Id, ct);

        var teachersOf = teachers.ToLookup(t => t.TeachingGroupId, t => PersonName.Short(t.LastName, t.FirstName, t.MiddleName));
        var linesOf = lines.ToLookup(l => l.CurriculumId);
        var groupsOf = groups.ToLookup(g => (g.SchoolClassId, g.SubjectId), g => g.TeachingGroupId);
        var ru = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false);
        var (start, end) = (first < year.Start ? year.Start : first, last > year.End ? year.End : last);
        List<Row> rows = [];
        List<ClassRow> classRows = [];
        foreach (var c in classList)
        {
            var name = $"{c.Grade}{c.Letter}";
            var days = weeks.Days(c.Id, c.Grade, c.DaysPerWeek, start, end);
            var yearDays = weeks.Days(c.Id, c.Grade, c.DaysPerWeek, year.Start, year.End);
            var plan = c.CurriculumId is int p ? linesOf[p].GroupBy(l => l.SubjectId).ToDictionary(g => g.Key, g => g.First()) : [];
            var subjectIds = plan.Keys.Union(groups.Where(g => g.SchoolClassId == c.Id).Select(g => g.SubjectId)).ToList();
            var mine = subjectIds.Select(s =>
                {
                    var ids = groupsOf[(c.Id, s)].Distinct().ToList();
                    var inRange = ids.Sum(g => held.TryGetValue(g, out var h) ? h.InRange : 0);
                    var inYear = ids.Sum(g => held.TryGetValue(g, out var h) ? h.Year : 0);
                    var who = string.Join(", ", ids.SelectMany(g => teachersOf[g]).Distinct().Order(ru));
                    if (!plan.TryGetValue(s, out var line))
                        return new Row(c.Id, name, s, subjects[s].Name, who, null, null, inRange, null, null, null, inYear);
                    var hours = line.HoursPerWeek * (line.Divided ? Math.Max(1, ids.Count) : 1);
                    var planned = StudyWeeks.Planned(hours, days, c.DaysPerWeek);
                    return new Row(c.Id, name, s, subjects[s].Name, who, StudyWeeks.Normal(line.HoursPerWeek), planned, inRange, planned - inRange,
                        StudyWeeks.Percent(inRange, planned), StudyWeeks.Planned(hours, yearDays, c.DaysPerWeek), inYear);
                })
                .OrderBy(r => r.Planned is null).ThenBy(r => subjects[r.SubjectId].SortOrder).ThenBy(r => r.Subject, ru).ToList();
            rows.AddRange(mine);
            var planned = mine.Where(r => r.Planned is not null).ToList();
            var (plannedSum, heldSum) = (planned.Sum(r => r.Planned!.Value), planned.Sum(r => r.Held));
            classRows.Add(new ClassRow(c.Id, name, c.Profile == StudyProfile.None ? null : WeeklyLoad.ProfileName(c.Profile), c.Curriculum,
                plannedSum, heldSum, plannedSum - heldSum, StudyWeeks.Percent(heldSum, plannedSum),
                planned.Sum(r => r.YearPlanned!.Value), planned.Sum(r => r.YearHeld)));
        }
        return Outcome<Result>.Ok(new Result(Rule, first, lastAsked, last, classRows, rows));
    }

    public static ReportFile ToFile(Result r) => new($"Выполнение учебного плана {r.From:dd.MM.yyyy}–{r.To:dd.MM.yyyy}", [Rule],
        ["Класс", "Предмет", "Учитель", "Часов в неделю", "План, ч", "Проведено", "Отставание, ч", "Выполнение, %", "План на год, ч",
            "Проведено за год"],
        [
            .. r.Rows.Select(x => (IReadOnlyList<object?>)[x.Class, x.Subject, x.Teachers, x.HoursPerWeek, x.Planned, x.Held, x.Lag,
                x.Percent, x.YearPlanned, x.YearHeld]),
            .. r.Classes.Select(c => (IReadOnlyList<object?>)[$"Итого {c.Name}", c.Curriculum, null, null, c.Planned, c.Held, c.Lag,
                c.Percent, c.YearPlanned, c.YearHeld]),
        ]);
}
