using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// «Успеваемость и качество» (R-REP-1): from the period grades (or the year grades) of the five-point subjects, per
/// class, parallel and school, and per student of one class. The database groups the grades per student; the
/// classification of a few thousand students is then arithmetic.
/// </summary>
public sealed class ProgressReport([FromKeyedServices(ReadRouting.Reads)] AccessService access, CurrentUser user,
    [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db)
{
    public sealed record Filter(int PeriodId, int? ClassId = null, int? SubjectId = null, int? TeacherId = null);

    public sealed record Rule(bool ExemptCounted, string Text);

    /// <summary>One row of the report: a class, a parallel (<see cref="ClassId"/> null) or the school.</summary>
    public sealed record Row(int? ClassId, string Name, int Students, int WithGrades, int Passed, int Good, int Excellent,
        int OneThree, int OneFour, int Failing, int Exempt, int NotAssessed, int Counted,
        decimal? ProgressPercent, decimal? QualityPercent, decimal? AverageGrade);

    /// <summary>A student of the chosen class: his grades counted by value and where that puts him.</summary>
    public sealed record StudentRow(int StudentId, string DisplayName, int Fives, int Fours, int Threes, int Twos, int Exempt,
        int NotAssessed, decimal? AverageGrade, string Status);

    public sealed record Result(Rule Rule, string Period, IReadOnlyList<Row> Classes, IReadOnlyList<Row> Parallels, Row School,
        IReadOnlyList<StudentRow> Students);

    public static readonly Problem NotAllowed = new(StatusCodes.Status403Forbidden, "Отчёт недоступен",
        "Отчёты об успеваемости видят директор, заместитель директора и классный руководитель (по своему классу).");

    public static readonly Problem PeriodNotFound = Problem.NotFound("Период не найден",
        "Выберите учебный период (четверть, триместр, полугодие) или год.");

    public static readonly Problem ClassNotAllowed = new(StatusCodes.Status403Forbidden, "Класс недоступен",
        "Классный руководитель видит отчёты только по своему классу.");

    /// <summary>The rule in words, as every report states it (the school's setting «осв»).</summary>
    public static Rule RuleOf(bool exemptCounted) => new(exemptCounted,
        "Успеваемость — доля учащихся, у которых все отметки за период не ниже «3»; качество — доля учащихся, у которых "
        + "все отметки «4» и «5». Учитываются отметки за период по предметам с пятибалльной системой; «н/а» — неуспевающий. "
        + (exemptCounted
            ? "Освобождённые («осв» по всем предметам) входят в число учащихся, от которого считаются проценты."
            : "Освобождённые («осв» по всем предметам) не входят в число учащихся, от которого считаются проценты.")
        + " Учащийся, перешедший в другой класс, учитывается в классе, где он числится в последний день периода.");

    private sealed record Counts(int StudentId, int Ones, int Twos, int Threes, int Fours, int Fives, int Exempt, int NotAssessed)
    {
        public int Numeric => Ones + Twos + Threes + Fours + Fives;
        public int Sum => Ones + 2 * Twos + 3 * Threes + 4 * Fours + 5 * Fives;
    }

    public async Task<Outcome<Result>> LoadAsync(Filter filter, CancellationToken ct)
    {
        if (!access.ReadsReports) return NotAllowed;
        var period = await db.StudyPeriods.AsNoTracking().Where(p => p.Id == filter.PeriodId)
            .Select(p => new { p.Name, p.Kind, p.End, p.AcademicYearId, p.Level, p.SchoolClassId }).FirstOrDefaultAsync(ct);
        if (period is null) return PeriodNotFound;
        var classes = access.ReportClasses().Where(c => c.AcademicYearId == period.AcademicYearId);
        if (filter.ClassId is int classId)
        {
            if (!await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct)) return Problem.NotFound("Класс не найден");
            if (!await classes.AnyAsync(c => c.Id == classId, ct)) return ClassNotAllowed;
            classes = classes.Where(c => c.Id == classId);
        }
        if (period.SchoolClassId is int only) classes = classes.Where(c => c.Id == only);
        var classList = (await classes.Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct))
            .Where(c => period.Level is null || LevelOf(c.Grade) == period.Level)
            .OrderBy(c => c.Grade).ThenBy(c => c.Letter, StringComparer.Ordinal).ToList();
        var classIds = classList.Select(c => c.Id).ToList();
        var end = period.End;

        // Where each student is on the period's last day: the class he counts in (a moved student counts once, there).
        var enrolled = db.Enrolments.Where(e => classIds.Contains(e.SchoolClassId) && e.From <= end && (e.To == null || e.To >= end));
        var students = await enrolled
            .Select(e => new { e.StudentId, e.SchoolClassId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName })
            .ToListAsync(ct);

        var isYear = period.Kind == PeriodKind.Year;
        var grades = db.PeriodGrades.Where(g => enrolled.Any(e => e.StudentId == g.StudentId));
        grades = isYear
            ? grades.Where(g => g.Kind == PeriodGradeKind.Year
                && db.TeachingGroups.Any(t => t.Id == g.TeachingGroupId && t.AcademicYearId == period.AcademicYearId))
            : grades.Where(g => g.Kind == PeriodGradeKind.Period && g.StudyPeriodId == filter.PeriodId);
        var groups = db.TeachingGroups.Where(t => t.GradingSystem!.Kind == GradingKind.FivePoint);
        if (filter.SubjectId is int subjectId) groups = groups.Where(t => t.SubjectId == subjectId);
        if (filter.TeacherId is int teacherId) groups = groups.Where(t => t.Assignments.Any(a => a.StaffMemberId == teacherId));
        var counts = (await grades.Where(g => groups.Any(t => t.Id == g.TeachingGroupId))
                .GroupBy(g => g.StudentId)
                .Select(s => new Counts(s.Key,
                    s.Sum(g => g.Value == "1" ? 1 : 0), s.Sum(g => g.Value == "2" ? 1 : 0), s.Sum(g => g.Value == "3" ? 1 : 0),
                    s.Sum(g => g.Value == "4" ? 1 : 0), s.Sum(g => g.Value == "5" ? 1 : 0),
                    s.Sum(g => g.Value == "осв" ? 1 : 0), s.Sum(g => g.Value == "н/а" ? 1 : 0)))
                .ToListAsync(ct))
            .ToDictionary(c => c.StudentId);

        var exemptCounted = await db.Schools.Where(s => s.Id == user.SchoolId).Select(s => s.ExemptCountedInProgress).FirstOrDefaultAsync(ct);
        Counts Of(int studentId) => counts.GetValueOrDefault(studentId) ?? new Counts(studentId, 0, 0, 0, 0, 0, 0, 0);
        Row Summarise(int? id, string name, IEnumerable<int> studentIds) => RowOf(id, name, [.. studentIds.Select(Of)], exemptCounted);

        var byClass = students.ToLookup(s => s.SchoolClassId, s => s.StudentId);
        var classRows = classList.Select(c => Summarise(c.Id, $"{c.Grade}{c.Letter}", byClass[c.Id])).ToList();
        var parallels = classList.GroupBy(c => c.Grade)
            .Select(p => Summarise(null, $"{p.Key}-е классы", p.SelectMany(c => byClass[c.Id]))).ToList();
        var school = Summarise(null, filter.ClassId is null ? "Итого" : "Итого по классу", students.Select(s => s.StudentId));
        List<StudentRow> perStudent = filter.ClassId is null ? [] :
        [
            .. students.OrderBy(s => s.LastName, StringComparer.Ordinal).ThenBy(s => s.FirstName, StringComparer.Ordinal)
                .Select(s => StudentOf(s.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), Of(s.StudentId))),
        ];
        return Outcome<Result>.Ok(new Result(RuleOf(exemptCounted), period.Name, classRows, parallels, school, perStudent));
    }

    private static EducationLevel LevelOf(int grade) => new SchoolClass { Grade = grade, Letter = "" }.Level;

    private enum Standing { NoGrades, Exempt, Failing, Excellent, Good, Passed }

    private static Standing StandingOf(Counts c) =>
        c.Ones + c.Twos + c.NotAssessed > 0 ? Standing.Failing
        : c.Numeric == 0 ? (c.Exempt > 0 ? Standing.Exempt : Standing.NoGrades)
        : c.Fives == c.Numeric ? Standing.Excellent
        : c.Threes == 0 ? Standing.Good
        : Standing.Passed;

    private static StudentRow StudentOf(int id, string name, Counts c)
    {
        var status = StandingOf(c) switch
        {
            Standing.Failing => c.NotAssessed > 0 && c.Ones + c.Twos == 0 ? "не аттестован" : "неуспевающий",
            Standing.Exempt => "освобождён",
            Standing.NoGrades => "нет отметок",
            Standing.Excellent => "отличник",
            Standing.Good => c.Fours == 1 ? "хорошист, одна «4»" : "хорошист",
            _ => c.Threes == 1 ? "успевает, одна «3»" : "успевает",
        };
        return new StudentRow(id, name, c.Fives, c.Fours, c.Threes, c.Ones + c.Twos, c.Exempt, c.NotAssessed,
            c.Numeric == 0 ? null : Math.Round((decimal)c.Sum / c.Numeric, 2, MidpointRounding.AwayFromZero), status);
    }

    private static Row RowOf(int? id, string name, IReadOnlyList<Counts> all, bool exemptCounted)
    {
        var standing = all.Select(StandingOf).ToList();
        int Count(Standing s) => standing.Count(x => x == s);
        var passed = Count(Standing.Passed) + Count(Standing.Good) + Count(Standing.Excellent);
        var quality = Count(Standing.Good) + Count(Standing.Excellent);
        var exempt = Count(Standing.Exempt);
        var withGrades = all.Count - Count(Standing.NoGrades) - exempt;
        var counted = all.Count - (exemptCounted ? 0 : exempt);
        // No grade at all (an empty period, a class before its grades are set) is no percentage, not 0 %.
        decimal? Percent(int n) => withGrades == 0 || counted == 0 ? null : Math.Round(n * 100m / counted, 1, MidpointRounding.AwayFromZero);
        var numeric = all.Sum(c => c.Numeric);
        var oneThree = all.Count(c => StandingOf(c) == Standing.Passed && c.Threes == 1);
        var oneFour = all.Count(c => StandingOf(c) == Standing.Good && c.Fours == 1);
        return new Row(id, name, all.Count, withGrades, passed, Count(Standing.Good), Count(Standing.Excellent), oneThree, oneFour,
            Count(Standing.Failing), exempt, all.Count(c => c.NotAssessed > 0), counted, Percent(passed), Percent(quality),
            numeric == 0 ? null : Math.Round((decimal)all.Sum(c => c.Sum) / numeric, 2, MidpointRounding.AwayFromZero));
    }

    public static ReportFile ToFile(Result r)
    {
        IReadOnlyList<object?> Line(Row x) => [x.Name, x.Students, x.WithGrades, x.Passed, x.Excellent, x.Good, x.OneThree, x.OneFour,
            x.Failing, x.NotAssessed, x.Exempt, x.ProgressPercent, x.QualityPercent, x.AverageGrade];
        var rows = r.Students.Count > 0
            ? r.Students.Select(s => (IReadOnlyList<object?>)[s.DisplayName, s.Fives, s.Fours, s.Threes, s.Twos, s.NotAssessed,
                s.Exempt, s.AverageGrade, s.Status]).ToList()
            : [.. r.Classes.Select(Line), .. r.Parallels.Select(Line), Line(r.School)];
        string[] headers = r.Students.Count > 0
            ? ["Учащийся", "«5»", "«4»", "«3»", "«2»", "н/а", "осв", "Средний балл", "Итог"]
            : ["Класс", "Учащихся", "С отметками", "Успевающих", "Отличников", "Хорошистов", "С одной «3»", "С одной «4»",
                "Неуспевающих", "Не аттестовано", "Освобождено", "Успеваемость, %", "Качество, %", "Средний балл"];
        return new ReportFile($"Успеваемость и качество, {r.Period}", [r.Rule.Text], headers, rows);
    }
}
