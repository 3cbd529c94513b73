using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Features.Year.Changes;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// «Результаты ВШК» (R-REP-2): each control work of the schedule (R-YEAR-12) in a period — the marks it got, their
/// distribution, the share of «2», успеваемость, качество and the average, against the previous work in that class and
/// subject — and the works whose marks are overdue by the journal's own deadline (<see cref="Deadlines.ForMark"/>: 3 days,
/// an essay in grades 10–11 a week), each with its teacher and the students still without a mark. A work's marks are the
/// control-type marks of its lesson: the lesson of that subject's group in that class on the work's day (and at its
/// number, when the schedule gives one).
/// </summary>
public sealed class ControlWorksReport([FromKeyedServices(ReadRouting.Reads)] AccessService access, SchoolCalendar calendar,
    [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db, CurrentUser user)
{
    /// <summary>The marks of a work (or of several): «2» counts «1» too; the percentages are of the marks, to one decimal.</summary>
    public sealed record Tally(int Marks, int Fives, int Fours, int Threes, int Twos)
    {
        public decimal? TwosPercent => Percent(Twos);
        public decimal? ProgressPercent => Percent(Fives + Fours + Threes);
        public decimal? QualityPercent => Percent(Fives + Fours);
        public decimal? Average => Marks == 0 ? null
            : Math.Round((5m * Fives + 4 * Fours + 3 * Threes + 2 * Twos - Ones) / Marks, 2, MidpointRounding.AwayFromZero);

        /// <summary>The «1» among <see cref="Twos"/>: they lower the average by one point each.</summary>
        public int Ones { get; init; }

        private decimal? Percent(int n) => Marks == 0 ? null : Math.Round(n * 100m / Marks, 1, MidpointRounding.AwayFromZero);

        public static Tally Of(IEnumerable<int> values)
        {
            var list = values.ToList();
            return new Tally(list.Count, list.Count(v => v == 5), list.Count(v => v == 4), list.Count(v => v == 3), list.Count(v => v <= 2))
                { Ones = list.Count(v => v == 1) };
        }

        public static Tally Sum(IEnumerable<Tally> all)
        {
            var list = all.ToList();
            return new Tally(list.Sum(t => t.Marks), list.Sum(t => t.Fives), list.Sum(t => t.Fours), list.Sum(t => t.Threes),
                list.Sum(t => t.Twos)) { Ones = list.Sum(t => t.Ones) };
        }
    }

    /// <summary>The previous work with marks in the same class and subject, and how this one differs from it.</summary>
    public sealed record Previous(int WorkId, DateOnly Date, decimal? Average, decimal? QualityPercent, decimal? AverageChange,
        decimal? QualityChange);

    public sealed record Work(int WorkId, DateOnly Date, int? LessonNumber, int ClassId, string Class, int SubjectId, string Subject,
        int? GroupId, string Teacher, string Form, string? Title, string? Topic, string Status, bool Overdue, DateOnly? Due,
        int Students, int Written, IReadOnlyList<string> Missing, Tally Marks, Previous? Previous);

    /// <summary>A lesson that may stand for a work: where it is, and where it was scheduled before a move.</summary>
    private sealed record LessonSlot(int Id, int TeachingGroupId, DateOnly Date, int Number, string? Topic, int Teacher, DateOnly PlannedDate,
        int PlannedNumber);

    /// <summary>A class's works held in the period, their marks summed.</summary>
    public sealed record ClassRow(int ClassId, string Name, int Works, Tally Marks);

    public sealed record Result(string Rule, string Period, DateOnly Today, int OverdueCount, IReadOnlyList<Work> Works,
        IReadOnlyList<ClassRow> Classes);

    public const string Planned = "запланирована";
    public const string NoLesson = "нет урока в журнале";
    public const string Late = "отметки просрочены";
    public const string Held = "проведена";

    public const string Rule = "Работы — из графика контрольных работ (ВШК). Отметки работы — отметки вида работы с пометкой "
        + "«контрольная» за урок этого предмета в этом классе в день работы (и с этим номером урока, если он указан в графике); "
        + "если этот урок перенесён, работа считается написанной в день и на уроке, куда его перенесли. Учащиеся — члены группы, "
        + "числившиеся в классе в день работы. «2» включает «1». Доля «2», успеваемость (доля отметок "
        + "не ниже «3») и качество (доля отметок «4» и «5») — от числа отметок за работу, до десятых; средний балл — до сотых. "
        + "Сравнение — с предыдущей работой с отметками по тому же предмету в том же классе в этом учебном году (↑ — выше, "
        + "↓ — ниже). Отметки просрочены, если прошло больше 3 календарных дней после дня работы (сочинение в 10–11 классах — "
        + "неделя), как в «Просроченных записях», а у кого-то из учащихся нет отметки за работу; такие работы — первыми.";

    public async Task<Outcome<Result>> LoadAsync(int periodId, int? classId, int? subjectId, CancellationToken ct)
    {
        var scope = await ReportScope.LoadAsync(db, access, periodId, classId, ct);
        if (scope.Problem is { } refused) return refused;
        var period = scope.Value!;
        var classList = period.Classes;
        var classIds = period.ClassIds;
        var now = (await calendar.NowAsync(ct)).Now;
        var rules = await DeadlineRules.ReadAsync(db, user.SchoolId, ct);
        var today = DateOnly.FromDateTime(now.DateTime);

        // Every work of the year up to the period's end: those before the period are the first ones' previous works.
        var works = await db.ControlWorks.AsNoTracking()
            .Where(w => classIds.Contains(w.SchoolClassId) && w.AcademicYearId == period.AcademicYearId && w.Date <= period.End
                && (subjectId == null || w.SubjectId == subjectId))
            .Select(w => new { w.Id, w.SchoolClassId, w.TeachingGroupId, w.SubjectId, Subject = w.Subject!.Name, w.Date, w.LessonNumber,
                w.Form, w.Title })
            .ToListAsync(ct);
        var subjectIds = works.Select(w => w.SubjectId).Distinct().ToList();
        var groups = await db.GroupClasses.Where(g => classIds.Contains(g.SchoolClassId))
            .Join(db.TeachingGroups.Where(t => subjectIds.Contains(t.SubjectId) && t.AcademicYearId == period.AcademicYearId),
                g => g.TeachingGroupId, t => t.Id, (g, t) => new { g.TeachingGroupId, g.SchoolClassId, t.SubjectId })
            .ToListAsync(ct);
        var groupIds = groups.Select(g => g.TeachingGroupId).Distinct().ToList();
        var dates = works.Select(w => w.Date).Distinct().ToList();
        // A lesson moved away from a work's day still stands for that work: where it was first scheduled (its first move's origin).
        var movedFrom = (await db.LessonChanges.AsNoTracking()
                .Where(c => c.Kind == LessonChangeKind.Move && c.FromDate != null && dates.Contains(c.FromDate.Value)
                    && groupIds.Contains(c.Lesson!.TeachingGroupId))
                .Select(c => new { c.Id, c.LessonId, Date = c.FromDate!.Value, c.FromNumber })
                .ToListAsync(ct))
            .GroupBy(c => c.LessonId).ToDictionary(g => g.Key, g => g.MinBy(c => c.Id)!);
        var movedIds = movedFrom.Keys.ToList();
        var lessons = (await db.Lessons.AsNoTracking()
                .Where(l => groupIds.Contains(l.TeachingGroupId) && (dates.Contains(l.Date) || movedIds.Contains(l.Id))
                    && l.Status != LessonStatus.Cancelled)
                .Select(l => new { l.Id, l.TeachingGroupId, l.Date, l.Number, l.Topic, Teacher = l.SubstituteTeacherId ?? l.TeacherId })
                .ToListAsync(ct))
            .Select(l => movedFrom.TryGetValue(l.Id, out var m)
                ? new LessonSlot(l.Id, l.TeachingGroupId, l.Date, l.Number, l.Topic, l.Teacher, m.Date, m.FromNumber ?? l.Number)
                : new LessonSlot(l.Id, l.TeachingGroupId, l.Date, l.Number, l.Topic, l.Teacher, l.Date, l.Number))
            .ToList();
        var lessonIds = lessons.Select(l => l.Id).ToList();
        var marks = (await db.Marks.AsNoTracking().Where(m => lessonIds.Contains(m.LessonId) && m.WorkType!.IsControl)
                .Select(m => new { m.LessonId, m.StudentId, m.Value, m.WorkType!.Name }).ToListAsync(ct))
            .ToLookup(m => m.LessonId);
        var members = (await db.GroupMemberships.Where(m => groupIds.Contains(m.TeachingGroupId))
                .Select(m => new { m.TeachingGroupId, m.StudentId, m.From, m.To, m.Student!.LastName, m.Student.FirstName, m.Student.MiddleName })
                .ToListAsync(ct))
            .ToLookup(m => m.TeachingGroupId);
        var enrolments = (await db.Enrolments.Where(e => classIds.Contains(e.SchoolClassId))
                .Select(e => new { e.SchoolClassId, e.StudentId, e.From, e.To }).ToListAsync(ct))
            .ToLookup(e => (e.SchoolClassId, e.StudentId));
        var assigned = (await db.TeachingAssignments.Where(a => groupIds.Contains(a.TeachingGroupId))
                .Select(a => new { a.TeachingGroupId, a.StaffMemberId }).ToListAsync(ct))
            .ToLookup(a => a.TeachingGroupId, a => a.StaffMemberId);
        var staffIds = lessons.Select(l => l.Teacher).Concat(assigned.SelectMany(a => a)).Distinct().ToList();
        var staff = (await db.StaffMembers.Where(s => staffIds.Contains(s.Id)).Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName })
                .ToListAsync(ct))
            .ToDictionary(s => s.Id, s => PersonName.Full(s.LastName, s.FirstName, s.MiddleName));
        var classOf = classList.ToDictionary(c => c.Id);
        var groupsOf = groups.ToLookup(g => (g.SchoolClassId, g.SubjectId), g => g.TeachingGroupId);

        var rows = works.Select(w =>
            {
                var workGroups = w.TeachingGroupId is int g ? [g] : groupsOf[(w.SchoolClassId, w.SubjectId)].Distinct().ToList();
                var held = lessons.Where(l => workGroups.Contains(l.TeachingGroupId)
                        && ((l.Date == w.Date && (w.LessonNumber == null || l.Number == w.LessonNumber))
                            || (l.PlannedDate == w.Date && (w.LessonNumber == null || l.PlannedNumber == w.LessonNumber))))
                    .OrderBy(l => l.Date == w.Date ? 0 : 1).ThenBy(l => l.Date).ThenBy(l => l.Number).ToList();
                // The day the work was written: a lesson on its day first, else the lesson moved away from it, wherever it went.
                var day = held.Count > 0 ? held[0].Date : w.Date;
                // The students of the work: in one of its groups and in its class on its day.
                var students = workGroups.SelectMany(x => members[x])
                    .Where(m => m.From <= day && (m.To == null || m.To >= day)
                        && enrolments[(w.SchoolClassId, m.StudentId)].Any(e => e.From <= day && (e.To == null || e.To >= day)))
                    .DistinctBy(m => m.StudentId).ToList();
                var ids = students.Select(s => s.StudentId).ToHashSet();
                var given = held.SelectMany(l => marks[l.Id]).Where(m => ids.Contains(m.StudentId)).ToList();
                var numeric = given.Select(m => int.TryParse(m.Value, out var v) && v is >= 1 and <= 5 ? v : 0).Where(v => v > 0).ToList();
                var missing = students.Where(s => given.All(m => m.StudentId != s.StudentId))
                    .OrderBy(s => s.LastName, StringComparer.Ordinal).ThenBy(s => s.FirstName, StringComparer.Ordinal)
                    .Select(s => PersonName.Full(s.LastName, s.FirstName, s.MiddleName)).ToList();
                var cls = classOf[w.SchoolClassId];
                var essay = w.Form == ControlForm.Essay ? Deadlines.Essay : "";
                var due = given.Select(m => m.Name).Append(essay).Select(n => Deadlines.ForMark(day, true, n, cls.Grade, rules)).Max();
                var status = day > today ? Planned : held.Count == 0 ? NoLesson
                    : missing.Count > 0 && Deadlines.IsLate(due, now) ? Late : Held;
                var teachers = held.Count > 0 ? held.Select(l => l.Teacher) : workGroups.SelectMany(x => assigned[x]);
                var number = held.Count > 0 && w.LessonNumber is not null ? held[0].Number : w.LessonNumber;
                return new Work(w.Id, day, number, w.SchoolClassId, $"{cls.Grade}{cls.Letter}", w.SubjectId, w.Subject,
                    held.Select(l => (int?)l.TeachingGroupId).FirstOrDefault() ?? workGroups.Cast<int?>().FirstOrDefault(),
                    string.Join(", ", teachers.Distinct().Select(t => staff[t]).Order(StringComparer.Ordinal)),
                    ChangeRules.Forms.NameOf(w.Form), w.Title, held.Select(l => l.Topic).FirstOrDefault(l => l is not null), status,
                    status == Late, held.Count == 0 ? null : DateOnly.FromDateTime(due), students.Count,
                    given.Where(m => int.TryParse(m.Value, out var v) && v is >= 1 and <= 5).Select(m => m.StudentId).Distinct().Count(),
                    status == Planned ? [] : missing, Tally.Of(numeric), null);
            })
            .OrderBy(w => w.Date).ThenBy(w => w.LessonNumber ?? 0).ThenBy(w => w.WorkId).ToList();

        // The previous work with marks of each class and subject, walking the year in order.
        var last = new Dictionary<(int, int), Work>();
        var inPeriod = new List<Work>();
        foreach (var w in rows)
        {
            var key = (w.ClassId, w.SubjectId);
            var row = w;
            if (last.TryGetValue(key, out var p))
                row = w with { Previous = new Previous(p.WorkId, p.Date, p.Marks.Average, p.Marks.QualityPercent,
                    w.Marks.Average - p.Marks.Average, w.Marks.QualityPercent - p.Marks.QualityPercent) };
            if (w.Marks.Marks > 0) last[key] = w;
            if (w.Date >= period.Start) inPeriod.Add(row);
        }
        var ru = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false);
        List<Work> ordered = [.. inPeriod.OrderBy(w => !w.Overdue).ThenBy(w => w.Date).ThenBy(w => w.Class, StringComparer.Ordinal)
            .ThenBy(w => w.Subject, ru)];
        var byClass = inPeriod.Where(w => w.Status is Held or Late).ToLookup(w => w.ClassId);
        var classRows = classList.Select(c => new ClassRow(c.Id, $"{c.Grade}{c.Letter}", byClass[c.Id].Count(),
            Tally.Sum(byClass[c.Id].Select(w => w.Marks)))).ToList();
        return Outcome<Result>.Ok(new Result(Rule, period.Name, today, ordered.Count(w => w.Overdue), ordered, classRows));
    }

    /// <summary>↑, ↓ or = before a change, as the report writes it.</summary>
    public static string? Trend(decimal? change) => change switch
    {
        null => null,
        > 0 => "↑ +" + ReportFile.Text(change),
        < 0 => "↓ " + ReportFile.Text(change),
        _ => "= 0",
    };

    public static ReportFile ToFile(Result r) => new($"Результаты ВШК, {r.Period}", [r.Rule],
        ["Дата", "Класс", "Предмет", "Учитель", "Тема", "Состояние", "Учащихся", "Написали", "«5»", "«4»", "«3»", "«2»", "Доля «2», %",
            "Успеваемость, %", "Качество, %", "Средний балл", "Изменение среднего", "Изменение качества", "Без отметки"],
        [.. r.Works.Select(w => (IReadOnlyList<object?>)[w.Date, w.Class, w.Subject, w.Teacher, w.Topic ?? w.Title, w.Status, w.Students,
            w.Written, w.Marks.Fives, w.Marks.Fours, w.Marks.Threes, w.Marks.Twos, w.Marks.TwosPercent, w.Marks.ProgressPercent,
            w.Marks.QualityPercent, w.Marks.Average, Trend(w.Previous?.AverageChange), Trend(w.Previous?.QualityChange),
            w.Missing.Count == 0 ? null : string.Join(", ", w.Missing)])]);
}
