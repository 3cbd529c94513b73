using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// Operational analysis (R-REP-8): each student's current weighted average in each journal of a period — the journal's
/// own rule (<see cref="Averages"/>: per journal, Σ mark × weight ÷ Σ weight, 2 decimals) — the period grade it suggests
/// by the school's thresholds, and who is at risk of a «2» or an «н/а». The database sums the marks per journal,
/// student and work type; the weights are applied to those few sums.
/// </summary>
public sealed class AveragesReport([FromKeyedServices(ReadRouting.Reads)] AccessService access, CurrentUser user,
    [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db)
{
    /// <summary>Fewer marks than this in a period put a student at risk of «н/а».</summary>
    public const int MarksForAssessment = 3;

    public sealed record Row(int StudentId, string Student, int ClassId, string Class, int GroupId, string Group, string Subject,
        int Marks, decimal? Average, string? Suggested, string? PeriodGrade, string? Risk);

    public sealed record ClassRow(int ClassId, string Name, int Students, int AtRiskOfTwo, int AtRiskOfNotAssessed);

    public sealed record Result(string Rule, string Period, IReadOnlyList<ClassRow> Classes, IReadOnlyList<Row> AtRisk,
        IReadOnlyList<Row> Students);

    public static string RuleOf(GradeThresholds t) => "Средний балл — взвешенный по каждому журналу (как в журнале): сумма "
        + "«отметка × вес вида работы», делённая на сумму весов, до сотых; «осв», «н/а» и зачёты не считаются. Прогноз отметки "
        + $"за период — по порогам школы: «5» от {t.Five:0.##}, «4» от {t.Four:0.##}, «3» от {t.Three:0.##}. Риск «2» — прогноз «2»; "
        + $"риск «н/а» — меньше {MarksForAssessment} отметок за период. Учащийся — в классе, где он числится в последний день периода; "
        + "его отметки остаются в том журнале, где они поставлены.";

    private sealed record Sum(int GroupId, int StudentId, int WorkTypeId, int Marks, int Total);

    public async Task<Outcome<Result>> LoadAsync(int periodId, int? classId, CancellationToken ct)
    {
        if (!access.ReadsReports) return ProgressReport.NotAllowed;
        var period = await db.StudyPeriods.AsNoTracking().Where(p => p.Id == periodId && p.Kind != PeriodKind.Year)
            .Select(p => new { p.Name, p.Start, p.End, p.AcademicYearId }).FirstOrDefaultAsync(ct);
        if (period is null) return ProgressReport.PeriodNotFound;
        var classes = access.ReportClasses().Where(c => c.AcademicYearId == period.AcademicYearId);
        if (classId is int id)
        {
            if (!await classes.AnyAsync(c => c.Id == id, ct)) return ProgressReport.ClassNotAllowed;
            classes = classes.Where(c => c.Id == id);
        }
        var classList = await classes.OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
        var classIds = classList.Select(c => c.Id).ToList();
        var (start, end) = (period.Start, period.End);
        var enrolled = db.Enrolments.Where(e => classIds.Contains(e.SchoolClassId) && e.From <= end && (e.To == null || e.To >= end));
        var students = await enrolled
            .Select(e => new { e.StudentId, e.SchoolClassId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName })
            .ToListAsync(ct);
        var numericGroups = db.TeachingGroups.Where(g => g.AcademicYearId == period.AcademicYearId
            && (g.GradingSystem!.Kind == GradingKind.FivePoint || g.GradingSystem.Kind == GradingKind.TenPoint));
        var journals = await db.GroupMemberships
            .Where(m => enrolled.Any(e => e.StudentId == m.StudentId) && m.From <= end && (m.To == null || m.To >= start)
                && numericGroups.Any(g => g.Id == m.TeachingGroupId))
            .Select(m => new { m.TeachingGroupId, m.StudentId, Group = m.TeachingGroup!.Name, Subject = m.TeachingGroup.Subject!.Name })
            .Distinct().ToListAsync(ct);
        var sums = await (
                from l in db.Lessons
                where l.Date >= start && l.Date <= end && l.Status != LessonStatus.Cancelled && numericGroups.Any(g => g.Id == l.TeachingGroupId)
                join m in db.Marks on l.Id equals m.LessonId
                where enrolled.Any(e => e.StudentId == m.StudentId)
                group m by new { l.TeachingGroupId, m.StudentId, m.WorkTypeId } into g
                select new Sum(g.Key.TeachingGroupId, g.Key.StudentId, g.Key.WorkTypeId,
                    g.Sum(m => m.Value == "1" || m.Value == "2" || m.Value == "3" || m.Value == "4" || m.Value == "5" || m.Value == "6"
                        || m.Value == "7" || m.Value == "8" || m.Value == "9" || m.Value == "10" ? 1 : 0),
                    g.Sum(m => m.Value == "1" ? 1 : m.Value == "2" ? 2 : m.Value == "3" ? 3 : m.Value == "4" ? 4 : m.Value == "5" ? 5
                        : m.Value == "6" ? 6 : m.Value == "7" ? 7 : m.Value == "8" ? 8 : m.Value == "9" ? 9 : m.Value == "10" ? 10 : 0)))
            .ToListAsync(ct);
        var weights = await db.WorkTypes.ToDictionaryAsync(w => w.Id, w => w.Weight, ct);
        var grades = await db.PeriodGrades.Where(g => g.StudyPeriodId == periodId && g.Kind == PeriodGradeKind.Period
                && enrolled.Any(e => e.StudentId == g.StudentId))
            .Select(g => new { g.TeachingGroupId, g.StudentId, g.Value }).ToListAsync(ct);
        var school = await db.Schools.Where(s => s.Id == user.SchoolId)
            .Select(s => new { s.GradeThreshold5, s.GradeThreshold4, s.GradeThreshold3 }).FirstAsync(ct);
        var thresholds = new GradeThresholds(school.GradeThreshold5, school.GradeThreshold4, school.GradeThreshold3);

        var sumsOf = sums.ToLookup(s => (s.GroupId, s.StudentId));
        var gradeOf = grades.GroupBy(g => (g.TeachingGroupId, g.StudentId)).ToDictionary(g => g.Key, g => g.First().Value);
        var className = classList.ToDictionary(c => c.Id, c => $"{c.Grade}{c.Letter}");
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        var studentOf = students.ToDictionary(s => s.StudentId);
        var rows = journals.Select(j =>
            {
                var s = studentOf[j.StudentId];
                var parts = sumsOf[(j.TeachingGroupId, j.StudentId)].Where(p => weights.GetValueOrDefault(p.WorkTypeId) > 0).ToList();
                var weight = parts.Sum(p => p.Marks * weights[p.WorkTypeId]);
                decimal? average = weight == 0 ? null
                    : Math.Round(parts.Sum(p => p.Total * weights[p.WorkTypeId]) / weight, 2, MidpointRounding.AwayFromZero);
                var marks = parts.Sum(p => p.Marks);
                var suggested = Averages.SuggestedGrade(average, thresholds);
                var risk = marks < MarksForAssessment ? "н/а" : suggested == "2" ? "2" : null;
                return new Row(s.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), s.SchoolClassId,
                    className[s.SchoolClassId], j.TeachingGroupId, j.Group, j.Subject, marks, average, suggested,
                    gradeOf.GetValueOrDefault((j.TeachingGroupId, j.StudentId)), risk);
            })
            .OrderBy(r => r.Class, StringComparer.Ordinal).ThenBy(r => r.Student, ru).ThenBy(r => r.Subject, ru).ThenBy(r => r.Group, ru)
            .ToList();
        var byClass = rows.ToLookup(r => r.ClassId);
        var classRows = classList.Select(c => new ClassRow(c.Id, className[c.Id], students.Count(s => s.SchoolClassId == c.Id),
            byClass[c.Id].Where(r => r.Risk == "2").Select(r => r.StudentId).Distinct().Count(),
            byClass[c.Id].Where(r => r.Risk == "н/а").Select(r => r.StudentId).Distinct().Count())).ToList();
        return Outcome<Result>.Ok(new Result(RuleOf(thresholds), period.Name, classRows, [.. rows.Where(r => r.Risk is not null)],
            classId is null ? [] : rows));
    }

    public static ReportFile ToFile(Result r) => new($"Текущая успеваемость, {r.Period}", [r.Rule],
        ["Учащийся", "Класс", "Предмет", "Журнал", "Отметок", "Средний балл", "Прогноз", "За период", "Риск"],
        [.. (r.Students.Count > 0 ? r.Students : r.AtRisk).Select(x => (IReadOnlyList<object?>)[x.Student, x.Class, x.Subject, x.Group,
            x.Marks, x.Average, x.Suggested, x.PeriodGrade, x.Risk])]);
}
