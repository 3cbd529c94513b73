using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// «Анализ класса» (R-REP-7), the class teacher's analytical report: for one class and period, the averages by subject and of
/// each student (the journal's rule, from <see cref="AveragesReport"/>), their dynamics over the year's periods (the period
/// grades and the current averages of each period), the absences by reason (<see cref="AbsencesReport"/>), the unsatisfactory
/// marks (<see cref="FailingMarksReport"/>), and what changed in the last seven days against the seven before. Each part is
/// counted by the report that owns it, so the numbers are those of the other reports.
/// </summary>
public sealed class ClassAnalysisReport([FromKeyedServices(ReadRouting.Reads)] AccessService access, SchoolCalendar calendar,
    [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db, AveragesReport averages,
    AbsencesReport absences, FailingMarksReport failing)
{
    /// <summary>A study period of the class's year up to today: the mean of the period grades and of the current averages.</summary>
    public sealed record PeriodRow(int PeriodId, string Name, decimal? GradeAverage, decimal? CurrentAverage);

    /// <summary>A subject of the class: students with an average, their mean average, «2»s of the period, period grades by period.</summary>
    public sealed record SubjectRow(string Subject, int Students, decimal? Average, int FailingMarks, IReadOnlyList<decimal?> Periods);

    /// <summary>A journal average of one student (a student may have two journals of a subject: a move, sub-groups).</summary>
    public sealed record SubjectAverage(string Subject, int GroupId, int Marks, decimal? Average);

    /// <summary>What a student got in seven days: marks, «2» and «1», lessons missed (Н, Б, У).</summary>
    public sealed record WeekCounts(int Marks, int Failing, int Missed);

    public sealed record StudentRow(int StudentId, string Student, decimal? Average, IReadOnlyList<SubjectAverage> Subjects,
        IReadOnlyList<decimal?> Periods, AbsencesReport.Tally Absences, int FailingMarks, int FailingNotCorrected, WeekCounts ThisWeek,
        WeekCounts LastWeek);

    public sealed record Result(string Rule, int ClassId, string Class, int PeriodId, string Period, decimal? Average,
        IReadOnlyList<SubjectRow> Subjects, IReadOnlyList<PeriodRow> Periods, AbsencesReport.Tally Absences, int FailingMarks,
        int FailingNotCorrected, DateOnly WeekFrom, DateOnly WeekTo, WeekCounts ThisWeek, WeekCounts LastWeek,
        IReadOnlyList<StudentRow> Students);

    public static readonly Problem NotForTheYear = Problem.BadRequest("Выберите учебный период",
        "Анализ класса строится за четверть, триместр или полугодие; динамика по периодам года — в самом отчёте.");

    public const string Rule = "Средний балл по предмету у учащегося — по правилу журнала (взвешенный, до сотых); средний балл "
        + "учащегося — среднее его средних по предметам; средний балл класса по предмету и в целом — среднее средних учащихся, "
        + "у которых есть отметки, до сотых. Динамика: по каждому периоду года — среднее отметок за период («1»–«5», без «осв» и "
        + "«н/а») и среднее текущих средних баллов за этот период. Пропуски и неудовлетворительные отметки — как в отчётах "
        + "«Пропуски» и «Неудовлетворительные отметки». «За неделю» — уроки последних семи дней по сегодняшний, «неделей "
        + "раньше» — семи дней до них: отметки за эти уроки, «2» и «1» среди них, пропущенные уроки (Н, Б, У) — по дате урока. "
        + "Учащийся — в классе, где он числится в последний день периода.";

    /// <summary>
    /// The terms of the class (its own, its level's, the school's) and, of them, the one of today (the class's own first, then
    /// its level's, then the school's); in the holidays the last one that ended.
    /// </summary>
    public async Task<(IReadOnlyList<int> Terms, int? Current)> TermsAsync(int classId, CancellationToken ct)
    {
        var cls = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId).Select(c => new { c.AcademicYearId, c.Grade })
            .FirstOrDefaultAsync(ct);
        if (cls is null) return ([], null);
        var today = (await calendar.NowAsync(ct)).Today;
        var level = new SchoolClass { Grade = cls.Grade, Letter = "" }.Level;
        var terms = (await db.StudyPeriods.AsNoTracking()
                .Where(p => p.AcademicYearId == cls.AcademicYearId && p.Kind != PeriodKind.Year
                    && (p.SchoolClassId == null || p.SchoolClassId == classId))
                .Select(p => new { p.Id, p.Start, p.End, p.Level, p.SchoolClassId }).ToListAsync(ct))
            .Where(p => p.Level is null || p.Level == level).ToList();
        var current = terms.Where(p => p.Start <= today && today <= p.End)
                .OrderBy(p => p.SchoolClassId is null ? 1 : 0).ThenBy(p => p.Level is null ? 1 : 0).FirstOrDefault()
            ?? terms.Where(p => p.End < today).MaxBy(p => p.End);
        return ([.. terms.Select(p => p.Id)], current?.Id);
    }

    public async Task<Outcome<Result>> LoadAsync(int periodId, int classId, CancellationToken ct)
    {
        var scope = await ReportScope.LoadAsync(db, access, periodId, classId, ct);
        if (scope.Problem is { } refused) return refused;
        var period = scope.Value!;
        var cls = period.Classes.FirstOrDefault();
        if (cls is null) return ProgressReport.PeriodNotFound;
        if (await db.StudyPeriods.AnyAsync(p => p.Id == periodId && p.Kind == PeriodKind.Year, ct)) return NotForTheYear;
        var current = await averages.LoadAsync(periodId, classId, ct);
        if (current.Problem is { } noAverages) return noAverages;
        var missed = (await absences.LoadAsync(periodId, classId, ct)).Value!;
        var twos = (await failing.LoadAsync(periodId, classId, ct)).Value!;
        var today = (await calendar.NowAsync(ct)).Today;

        // The terms of the class's year that have begun, in order: the school's, its level's and its own.
        var level = new SchoolClass { Grade = cls.Grade, Letter = "" }.Level;
        var periods = (await db.StudyPeriods.AsNoTracking()
                .Where(p => p.AcademicYearId == period.AcademicYearId && p.Kind != PeriodKind.Year && p.Start <= today
                    && (p.SchoolClassId == null || p.SchoolClassId == classId))
                .Select(p => new { p.Id, p.Name, p.Start, p.Level }).ToListAsync(ct))
            .Where(p => p.Level is null || p.Level == level).OrderBy(p => p.Start).ToList();
        var students = current.Value!.Students.Select(r => r.StudentId).Concat(missed.Students.Select(s => s.StudentId)).Distinct().ToList();
        var grades = await (
                from g in db.PeriodGrades
                where students.Contains(g.StudentId) && g.Kind == PeriodGradeKind.Period
                    && (g.Value == "1" || g.Value == "2" || g.Value == "3" || g.Value == "4" || g.Value == "5")
                join t in db.TeachingGroups on g.TeachingGroupId equals t.Id
                where t.GradingSystem!.Kind == GradingKind.FivePoint
                select new { g.StudentId, g.StudyPeriodId, Subject = t.Subject!.Name, g.Value })
            .ToListAsync(ct);
        Dictionary<int, IReadOnlyList<AveragesReport.Row>> byPeriod = [];
        foreach (var p in periods)
            byPeriod[p.Id] = p.Id == periodId ? current.Value!.Students : (await averages.LoadAsync(p.Id, classId, ct)).Value?.Students ?? [];

        var (weekFrom, weekTo) = (today.AddDays(-6), today);
        var (lastFrom, lastTo) = (today.AddDays(-13), today.AddDays(-7));
        var ids = db.Students.Where(s => students.Contains(s.Id)).Select(s => s.Id);
        var weekMarks = await db.Marks.AsNoTracking()
            .Where(m => students.Contains(m.StudentId) && m.Lesson!.Date >= lastFrom && m.Lesson.Date <= weekTo
                && m.Lesson.Status != LessonStatus.Cancelled)
            .Select(m => new
            {
                m.StudentId, m.Lesson!.Date,
                Failing = (m.Value == "1" || m.Value == "2") && m.Lesson.TeachingGroup!.GradingSystem!.Kind == GradingKind.FivePoint,
            })
            .ToListAsync(ct);
        var (_, weekAbsences) = await absences.LessonsAsync(ids, lastFrom, weekTo, ct);
        WeekCounts Week(IEnumerable<int> who, DateOnly from, DateOnly to)
        {
            var set = who.ToHashSet();
            var marks = weekMarks.Where(m => set.Contains(m.StudentId) && m.Date >= from && m.Date <= to).ToList();
            return new WeekCounts(marks.Count, marks.Count(m => m.Failing),
                set.Sum(s => weekAbsences.GetValueOrDefault(s)?.Count(a => a.Code != AttendanceCode.Late && a.Date >= from && a.Date <= to) ?? 0));
        }

        static decimal? Mean(IEnumerable<decimal?> values)
        {
            var list = values.OfType<decimal>().ToList();
            return list.Count == 0 ? null : Math.Round(list.Average(), 2, MidpointRounding.AwayFromZero);
        }
        static decimal? MeanOf(IEnumerable<string> values) => Mean(values.Select(v => (decimal?)int.Parse(v, CultureInfo.InvariantCulture)));

        var rows = current.Value!.Students;
        var studentAverage = rows.GroupBy(r => r.StudentId).ToDictionary(g => g.Key, g => Mean(g.Select(r => r.Average)));
        var ru = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false);
        var subjects = rows.Select(r => r.Subject).Concat(grades.Select(g => g.Subject)).Distinct().OrderBy(s => s, ru).ToList();
        var subjectRows = subjects.Select(s => new SubjectRow(s,
            rows.Where(r => r.Subject == s && r.Average is not null).Select(r => r.StudentId).Distinct().Count(),
            Mean(rows.Where(r => r.Subject == s).GroupBy(r => r.StudentId).Select(g => Mean(g.Select(r => r.Average)))),
            twos.Subjects.FirstOrDefault(c => c.Name == s)?.Marks ?? 0,
            [.. periods.Select(p => MeanOf(grades.Where(g => g.StudyPeriodId == p.Id && g.Subject == s).Select(g => g.Value)))])).ToList();
        var periodRows = periods.Select(p => new PeriodRow(p.Id, p.Name, MeanOf(grades.Where(g => g.StudyPeriodId == p.Id).Select(g => g.Value)),
            Mean(byPeriod[p.Id].GroupBy(r => r.StudentId).Select(g => Mean(g.Select(r => r.Average)))))).ToList();

        var failingOf = twos.Marks.ToLookup(m => m.StudentId);
        var studentRows = missed.Students.Select(s => new StudentRow(s.StudentId, s.Student, studentAverage.GetValueOrDefault(s.StudentId),
                [.. rows.Where(r => r.StudentId == s.StudentId).Select(r => new SubjectAverage(r.Subject, r.GroupId, r.Marks, r.Average))],
                [.. periods.Select(p => MeanOf(grades.Where(g => g.StudyPeriodId == p.Id && g.StudentId == s.StudentId).Select(g => g.Value)))],
                s.Lessons, failingOf[s.StudentId].Count(), failingOf[s.StudentId].Count(m => !m.Corrected),
                Week([s.StudentId], weekFrom, weekTo), Week([s.StudentId], lastFrom, lastTo)))
            .ToList();
        return Outcome<Result>.Ok(new Result(Rule, cls.Id, $"{cls.Grade}{cls.Letter}", periodId, period.Name,
            Mean(studentAverage.Values), subjectRows, periodRows, missed.Total.Lessons, twos.Total.Marks, twos.Total.NotCorrected,
            weekFrom, weekTo, Week(students, weekFrom, weekTo), Week(students, lastFrom, lastTo), studentRows));
    }

    public static ReportFile ToFile(Result r)
    {
        var week = $"{r.WeekFrom:dd.MM}–{r.WeekTo:dd.MM}";
        return new ReportFile($"Анализ класса {r.Class}, {r.Period}", [r.Rule],
            ["Учащийся", "Средний балл", "Уроков", "Н", "Б", "У", "Пропущено", "Доля пропусков, %", "«2» за период", "Не исправлено",
                $"Отметок {week}", $"«2» {week}", $"Пропущено {week}", "Отметок неделей раньше", "«2» неделей раньше", "Пропущено неделей раньше"],
            [.. r.Students.Select(s => (IReadOnlyList<object?>)[s.Student, s.Average, s.Absences.Held, s.Absences.Absent, s.Absences.Ill,
                s.Absences.Excused, s.Absences.Missed, s.Absences.MissedPercent, s.FailingMarks, s.FailingNotCorrected, s.ThisWeek.Marks,
                s.ThisWeek.Failing, s.ThisWeek.Missed, s.LastWeek.Marks, s.LastWeek.Failing, s.LastWeek.Missed]),
             ["Класс", r.Average, r.Absences.Held, r.Absences.Absent, r.Absences.Ill, r.Absences.Excused, r.Absences.Missed,
                r.Absences.MissedPercent, r.FailingMarks, r.FailingNotCorrected, r.ThisWeek.Marks, r.ThisWeek.Failing, r.ThisWeek.Missed,
                r.LastWeek.Marks, r.LastWeek.Failing, r.LastWeek.Missed]],
            [
                new ReportFile.Part("По предметам", ["Предмет", "Учащихся с отметками", "Средний балл", "«2» за период",
                        .. r.Periods.Select(p => $"Отметки за период: {p.Name}")],
                    [.. r.Subjects.Select(x => (IReadOnlyList<object?>)[x.Subject, x.Students, x.Average, x.FailingMarks,
                        .. x.Periods.Cast<object?>()])]),
                new ReportFile.Part("Динамика по периодам", ["Период", "Среднее отметок за период", "Средний текущий балл"],
                    [.. r.Periods.Select(p => (IReadOnlyList<object?>)[p.Name, p.GradeAverage, p.CurrentAverage])]),
                new ReportFile.Part("Средние баллы учащихся по предметам", ["Учащийся", "Предмет", "Отметок", "Средний балл"],
                    [.. r.Students.SelectMany(s => s.Subjects.Select(x => (IReadOnlyList<object?>)[s.Student, x.Subject, x.Marks, x.Average]))]),
            ]);
    }
}
