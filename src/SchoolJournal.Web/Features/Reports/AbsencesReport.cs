using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// «Пропуски» (R-REP-3): lessons missed per class and student by reason (Н, Б, У; ОП — a lateness, counted apart), their
/// share of the lessons held, the topics missed and whether each was made up, and the missed lessons week by week. The
/// class teacher's daily mark counts in every lesson of that day the subject teacher left unmarked — the journal's rule
/// (<see cref="JournalGrid.WithDaily"/>). The database counts the lessons held; only the absences are read row by row.
/// </summary>
public sealed class AbsencesReport([FromKeyedServices(ReadRouting.Reads)] AccessService access, SchoolCalendar calendar,
    [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db)
{
    /// <summary>Lessons held for the students and how many of them were missed, by reason.</summary>
    public sealed record Tally(int Held, int Absent, int Ill, int Excused, int Late)
    {
        /// <summary>Н + Б + У: ОП is a lateness, the student was at the lesson.</summary>
        public int Missed => Absent + Ill + Excused;

        public decimal? MissedPercent => Held == 0 ? null : Math.Round(Missed * 100m / Held, 1, MidpointRounding.AwayFromZero);

        public static Tally Of(int held, IEnumerable<AttendanceCode> codes)
        {
            var list = codes.ToList();
            int Count(AttendanceCode c) => list.Count(x => x == c);
            return new Tally(held, Count(AttendanceCode.Absent), Count(AttendanceCode.Ill), Count(AttendanceCode.Excused),
                Count(AttendanceCode.Late));
        }
    }

    /// <summary>A class (<see cref="ClassId"/> null: the total of the classes shown).</summary>
    public sealed record ClassRow(int? ClassId, string Name, int Students, Tally Lessons);

    public sealed record StudentRow(int StudentId, string Student, Tally Lessons, int MadeUp);

    /// <summary>A missed lesson of a student: its topic, the reason, and whether a make-up mark closed it.</summary>
    public sealed record MissedTopic(int StudentId, string Student, DateOnly Date, int Number, int GroupId, string Subject, string? Topic,
        string Reason, bool FromDaily, bool MadeUp);

    /// <summary>A school week of the period (Monday to Sunday, cut to the period) and the lessons missed in it.</summary>
    public sealed record Week(DateOnly From, DateOnly To, int Missed);

    public sealed record Result(string Rule, string Period, DateOnly CountedTo, IReadOnlyList<ClassRow> Classes, ClassRow Total,
        IReadOnlyList<Week> Weeks, IReadOnlyList<StudentRow> Students, IReadOnlyList<MissedTopic> Topics);

    public const string Rule = "Пропущенные уроки — отметки «Н» (без уважительной причины), «Б» (болезнь) и «У» (уважительная "
        + "причина) за уроки; отметка классного руководителя за день считается во всех уроках этого дня, где учитель не "
        + "поставил свою. «ОП» (опоздание) — ученик был на уроке: считается отдельно и в пропуски не входит. Доля пропусков — "
        + "пропущенные уроки ÷ уроки, проведённые для учащихся (с датой не позже сегодняшней, без отменённых) × 100 %, до десятых. "
        + "Тема отработана, если за пропущенный урок поставлена отметка за пропущенную тему. Учащийся — в классе, где он числится "
        + "в последний день периода; туда же идут и его пропуски до перехода.";

    public async Task<Outcome<Result>> LoadAsync(int periodId, int? classId, CancellationToken ct)
    {
        var scope = await ReportScope.LoadAsync(db, access, periodId, classId, ct);
        if (scope.Problem is { } refused) return refused;
        var period = scope.Value!;
        var classList = period.Classes;
        var classIds = period.ClassIds;
        var (start, end) = (period.Start, period.End);
        var today = (await calendar.NowAsync(ct)).Today;
        var last = end < today ? end : today;

        // Where each student is on the period's last day: the class he counts in, with every absence of the period.
        var enrolled = db.Enrolments.Where(e => classIds.Contains(e.SchoolClassId) && e.From <= end && (e.To == null || e.To >= end));
        var students = (await enrolled
                .Select(e => new { e.StudentId, e.SchoolClassId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName })
                .ToListAsync(ct))
            .DistinctBy(s => s.StudentId).ToList();
        var (heldCount, absences) = await LessonsAsync(enrolled.Select(e => e.StudentId), start, last, ct);
        foreach (var s in students) absences.TryAdd(s.StudentId, []);
        Tally TallyOf(IEnumerable<int> ids) =>
            Tally.Of(ids.Sum(i => heldCount.GetValueOrDefault(i)), ids.SelectMany(i => absences[i]).Select(a => a.Code));

        var className = classList.ToDictionary(c => c.Id, c => $"{c.Grade}{c.Letter}");
        var byClass = students.ToLookup(s => s.SchoolClassId, s => s.StudentId);
        var classRows = classList.Select(c => new ClassRow(c.Id, className[c.Id], byClass[c.Id].Count(), TallyOf(byClass[c.Id]))).ToList();
        var all = students.Select(s => s.StudentId).ToList();
        var total = new ClassRow(null, classId is null ? "Итого" : "Итого по классу", all.Count, TallyOf(all));
        var missedDates = all.SelectMany(i => absences[i]).Where(a => a.Code != AttendanceCode.Late).Select(a => a.Date).ToList();

        List<StudentRow> studentRows = [];
        List<MissedTopic> topics = [];
        if (classId is not null)
        {
            var missedIds = all.SelectMany(i => absences[i]).Where(a => a.Code != AttendanceCode.Late).Select(a => a.LessonId).Distinct().ToList();
            var lessons = await db.Lessons.AsNoTracking().Where(l => missedIds.Contains(l.Id))
                .Select(l => new { l.Id, l.Date, l.Number, l.TeachingGroupId, Subject = l.TeachingGroup!.Subject!.Name, l.Topic })
                .ToDictionaryAsync(l => l.Id, ct);
            var madeUp = (await db.Marks.Where(m => m.IsMakeUp && missedIds.Contains(m.LessonId) && enrolled.Any(e => e.StudentId == m.StudentId))
                    .Select(m => new { m.StudentId, m.LessonId }).ToListAsync(ct))
                .Select(m => (m.StudentId, m.LessonId)).ToHashSet();
            var ru = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false);
            foreach (var s in students.OrderBy(s => s.LastName, ru).ThenBy(s => s.FirstName, ru).ThenBy(s => s.MiddleName, ru))
            {
                var name = PersonName.Full(s.LastName, s.FirstName, s.MiddleName);
                var missed = absences[s.StudentId].Where(a => a.Code != AttendanceCode.Late)
                    .Select(a => (Lesson: lessons[a.LessonId], a.Code, a.FromDaily, MadeUp: madeUp.Contains((s.StudentId, a.LessonId))))
                    .OrderBy(x => x.Lesson.Date).ThenBy(x => x.Lesson.Number).ToList();
                studentRows.Add(new StudentRow(s.StudentId, name, TallyOf([s.StudentId]), missed.Count(x => x.MadeUp)));
                topics.AddRange(missed.Select(x => new MissedTopic(s.StudentId, name, x.Lesson.Date, x.Lesson.Number, x.Lesson.TeachingGroupId,
                    x.Lesson.Subject, x.Lesson.Topic, x.Code.ToRussian(), x.FromDaily, x.MadeUp)));
            }
        }
        return Outcome<Result>.Ok(new Result(Rule, period.Name, last, classRows, total, WeeksOf(start, end, last, missedDates),
            studentRows, topics));
    }

    /// <summary>A lesson a student missed (or was late to) by the journal's rule, with its date.</summary>
    public sealed record Absence(int LessonId, DateOnly Date, AttendanceCode Code, bool FromDaily);

    /// <summary>
    /// For each of <paramref name="studentIds"/>: the lessons held for him in the dates (his groups' lessons while he was in them,
    /// not cancelled) and his absences in them — the lessons' own marks with the class teacher's daily marks folded in
    /// (<see cref="JournalGrid.WithDaily"/>). The database counts the lessons; only the absences are read row by row.
    /// </summary>
    public async Task<(Dictionary<int, int> Held, Dictionary<int, List<Absence>> Absences)> LessonsAsync(IQueryable<int> studentIds,
        DateOnly first, DateOnly last, CancellationToken ct)
    {
        var held =
            from m in db.GroupMemberships
            where studentIds.Contains(m.StudentId)
            join l in db.Lessons on m.TeachingGroupId equals l.TeachingGroupId
            where l.Date >= first && l.Date <= last && l.Status != LessonStatus.Cancelled && m.From <= l.Date && (m.To == null || m.To >= l.Date)
            select new { m.StudentId, LessonId = l.Id, l.Date };
        var heldCount = await held.GroupBy(h => h.StudentId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var marked = await (from h in held
                join a in db.Attendance on new { h.LessonId, h.StudentId } equals new { a.LessonId, a.StudentId }
                select new { h.StudentId, h.LessonId, h.Date, a.Code })
            .ToListAsync(ct);
        var daily = await db.DailyAbsences.Where(d => studentIds.Contains(d.StudentId) && d.Date >= first && d.Date <= last)
            .Select(d => new { d.StudentId, d.Date, d.Code }).ToListAsync(ct);
        var dailyDays = await held.Where(h => db.DailyAbsences.Any(d => d.StudentId == h.StudentId && d.Date == h.Date)).ToListAsync(ct);

        var markedOf = marked.ToLookup(m => m.StudentId);
        var dailyOf = daily.ToLookup(d => d.StudentId);
        var dailyDaysOf = dailyDays.ToLookup(d => d.StudentId);
        var dateOf = marked.Select(m => (m.LessonId, m.Date)).Concat(dailyDays.Select(d => (d.LessonId, d.Date)))
            .DistinctBy(x => x.LessonId).ToDictionary(x => x.LessonId, x => x.Date);
        var absences = markedOf.Select(g => g.Key).Union(dailyOf.Select(g => g.Key)).ToDictionary(id => id, id => JournalGrid.WithDaily(
                [.. markedOf[id].Select(m => (m.LessonId, m.Code))], dailyOf[id].Select(d => (d.Date, d.Code)),
                dailyDaysOf[id].ToLookup(d => d.Date, d => d.LessonId))
            .Select(a => new Absence(a.LessonId, dateOf[a.LessonId], a.Code, a.FromDaily)).ToList());
        return (heldCount, absences);
    }

    /// <summary>The period's school weeks up to <paramref name="last"/>, each with the missed lessons dated in it.</summary>
    public static IReadOnlyList<Week> WeeksOf(DateOnly start, DateOnly end, DateOnly last, IReadOnlyList<DateOnly> missed)
    {
        List<Week> weeks = [];
        for (var monday = start.AddDays(-(((int)start.DayOfWeek + 6) % 7)); monday <= last; monday = monday.AddDays(7))
        {
            var (from, to) = (monday < start ? start : monday, monday.AddDays(6) > end ? end : monday.AddDays(6));
            weeks.Add(new Week(from, to, missed.Count(d => d >= from && d <= to)));
        }
        return weeks;
    }

    public static ReportFile ToFile(Result r)
    {
        static IReadOnlyList<object?> Counts(string name, int? students, Tally t) =>
            [name, students, t.Held, t.Absent, t.Ill, t.Excused, t.Missed, t.MissedPercent, t.Late];
        string[] headers = ["", "Учащихся", "Уроков проведено", "Н", "Б", "У", "Пропущено уроков", "Доля пропусков, %", "ОП"];
        if (r.Students.Count > 0)
            return new ReportFile($"Пропуски, {r.Period}", [r.Rule],
                ["Учащийся", .. headers[2..], "Отработано тем"],
                [.. r.Students.Select(s => (IReadOnlyList<object?>)[.. Counts(s.Student, null, s.Lessons).Where((_, i) => i != 1), s.MadeUp])],
                [new ReportFile.Part("Пропущенные темы", ["Учащийся", "Дата", "Урок", "Предмет", "Тема урока", "Причина", "Отработана"],
                    [.. r.Topics.Select(t => (IReadOnlyList<object?>)[t.Student, t.Date, t.Number, t.Subject, t.Topic,
                        t.FromDaily ? t.Reason + " (за день)" : t.Reason, t.MadeUp ? "да" : "нет"])])]);
        return new ReportFile($"Пропуски, {r.Period}", [r.Rule], ["Класс", .. headers[1..]],
            [.. r.Classes.Select(c => Counts(c.Name, c.Students, c.Lessons)), Counts(r.Total.Name, r.Total.Students, r.Total.Lessons)]);
    }
}
