using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// «Неудовлетворительные отметки» (R-REP-4): every «2» and «1» of a period in the five-point journals, per class and
/// subject and, for one class, per student with the lesson's topic, the work type and the teacher, and whether the mark
/// was corrected: a later mark of at least «3» of the same work type in the same journal within the period, or a mark for
/// the missed topic (make-up) of at least «3» in the same lesson.
/// </summary>
public sealed class FailingMarksReport([FromKeyedServices(ReadRouting.Reads)] AccessService access,
    [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db)
{
    /// <summary>A «2» (or «1») and, when corrected, the mark that corrected it.</summary>
    public sealed record Row(int MarkId, int StudentId, string Student, int ClassId, string Class, DateOnly Date, int Number, int GroupId,
        string Subject, string? Topic, string WorkType, string Value, string Teacher, bool Corrected, DateOnly? CorrectedOn,
        string? CorrectedWith);

    /// <summary>The unsatisfactory marks of a class (<see cref="ClassId"/> null: the total), a subject or a student.</summary>
    public sealed record Count(int? ClassId, string Name, int Students, int WithFailing, int Marks, int Corrected)
    {
        public int NotCorrected => Marks - Corrected;
    }

    public sealed record Result(string Rule, string Period, IReadOnlyList<Count> Classes, Count Total, IReadOnlyList<Count> Subjects,
        IReadOnlyList<Count> Students, IReadOnlyList<Row> Marks);

    public const string Rule = "Неудовлетворительные отметки — «2» и «1» по предметам с пятибалльной системой за уроки периода, "
        + "любого вида работы. Отметка исправлена, если позже в том же журнале в этом периоде ученик получил отметку не ниже «3» "
        + "того же вида работы, или если за тот же урок ему поставлена отметка за пропущенную тему не ниже «3». Учащийся — в классе, "
        + "где он числится в последний день периода; его отметки из всех журналов, где они поставлены.";

    private static readonly string[] Failing = ["1", "2"];
    private static readonly string[] Passing = ["3", "4", "5"];

    public async Task<Outcome<Result>> LoadAsync(int periodId, int? classId, CancellationToken ct)
    {
        var scope = await ReportScope.LoadAsync(db, access, periodId, classId, ct);
        if (scope.Problem is { } refused) return refused;
        var period = scope.Value!;
        var classList = period.Classes;
        var classIds = period.ClassIds;
        var (start, end) = (period.Start, period.End);

        var enrolled = db.Enrolments.Where(e => classIds.Contains(e.SchoolClassId) && e.From <= end && (e.To == null || e.To >= end));
        var students = (await enrolled
                .Select(e => new { e.StudentId, e.SchoolClassId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName })
                .ToListAsync(ct))
            .DistinctBy(s => s.StudentId).ToList();
        var marks = db.Marks.Where(m => enrolled.Any(e => e.StudentId == m.StudentId) && m.Lesson!.Date >= start && m.Lesson.Date <= end
            && m.Lesson.TeachingGroup!.GradingSystem!.Kind == GradingKind.FivePoint);
        var failing = marks.Where(m => Failing.Contains(m.Value));
        var twos = await failing
            .Select(m => new
            {
                m.Id, m.StudentId, m.LessonId, m.Lesson!.Date, m.Lesson.Number, m.Lesson.TeachingGroupId,
                Subject = m.Lesson.TeachingGroup!.Subject!.Name,
                m.Lesson.Topic, m.WorkTypeId, WorkType = m.WorkType!.Name, m.Value,
                Teacher = m.Lesson.SubstituteTeacherId ?? m.Lesson.TeacherId,
            })
            .ToListAsync(ct);
        // The passing marks that may correct them: the same students in the same journals. Two lists of ids, not a sub-query
        // per mark (that took 5 s for a 1,000-student school); a pair that had no «2» is simply never looked up.
        var failingStudents = twos.Select(t => t.StudentId).Distinct().ToList();
        var failingGroups = twos.Select(t => t.TeachingGroupId).Distinct().ToList();
        var later = (await marks.Where(m => Passing.Contains(m.Value)
                    && failingStudents.Contains(m.StudentId) && failingGroups.Contains(m.Lesson!.TeachingGroupId))
                .Select(m => new
                {
                    m.StudentId, m.LessonId, m.Lesson!.TeachingGroupId, m.Lesson.Date, m.Lesson.Number, m.WorkTypeId, m.Value, m.IsMakeUp,
                })
                .ToListAsync(ct))
            .ToLookup(m => (m.StudentId, m.TeachingGroupId));
        var staffIds = twos.Select(t => t.Teacher).Distinct().ToList();
        var staff = (await db.StaffMembers.Where(s => staffIds.Contains(s.Id)).Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName })
                .ToListAsync(ct))
            .ToDictionary(s => s.Id, s => PersonName.Full(s.LastName, s.FirstName, s.MiddleName));

        var className = classList.ToDictionary(c => c.Id, c => $"{c.Grade}{c.Letter}");
        var studentOf = students.ToDictionary(s => s.StudentId);
        var rows = twos.Select(t =>
            {
                var fix = later[(t.StudentId, t.TeachingGroupId)]
                    .Where(c => (c.WorkTypeId == t.WorkTypeId && (c.Date > t.Date || (c.Date == t.Date && c.Number > t.Number)))
                        || (c.LessonId == t.LessonId && c.IsMakeUp))
                    .OrderBy(c => c.Date).ThenBy(c => c.Number).FirstOrDefault();
                var s = studentOf[t.StudentId];
                return new Row(t.Id, t.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), s.SchoolClassId,
                    className[s.SchoolClassId], t.Date, t.Number, t.TeachingGroupId, t.Subject, t.Topic, t.WorkType, t.Value,
                    staff[t.Teacher], fix is not null, fix?.Date, fix?.Value);
            })
            .ToList();
        var ru = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false);
        Count CountOf(int? key, string name, int studentCount, IReadOnlyCollection<Row> of) =>
            new(key, name, studentCount, of.Select(r => r.StudentId).Distinct().Count(), of.Count, of.Count(r => r.Corrected));
        var byClass = rows.ToLookup(r => r.ClassId);
        var classRows = classList.Select(c => CountOf(c.Id, className[c.Id], students.Count(s => s.SchoolClassId == c.Id), [.. byClass[c.Id]]))
            .ToList();
        var total = CountOf(null, classId is null ? "Итого" : "Итого по классу", students.Count, rows);
        var subjects = rows.GroupBy(r => r.Subject).OrderBy(g => g.Key, ru)
            .Select(g => CountOf(null, g.Key, g.Select(r => r.StudentId).Distinct().Count(), [.. g])).ToList();
        List<Count> perStudent = [];
        List<Row> list = [];
        if (classId is not null)
        {
            var byStudent = rows.ToLookup(r => r.StudentId);
            perStudent = [.. students.OrderBy(s => s.LastName, ru).ThenBy(s => s.FirstName, ru).ThenBy(s => s.MiddleName, ru)
                .Select(s => CountOf(s.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), 1, [.. byStudent[s.StudentId]]))];
            list = [.. rows.OrderBy(r => r.Student, ru).ThenBy(r => r.Date).ThenBy(r => r.Number).ThenBy(r => r.Subject, ru)];
        }
        return Outcome<Result>.Ok(new Result(Rule, period.Name, classRows, total, subjects, perStudent, list));
    }

    public static ReportFile ToFile(Result r)
    {
        if (r.Marks.Count > 0)
            return new ReportFile($"Неудовлетворительные отметки, {r.Period}", [r.Rule],
                ["Учащийся", "Дата", "Предмет", "Тема урока", "Вид работы", "Отметка", "Учитель", "Исправлена"],
                [.. r.Marks.Select(m => (IReadOnlyList<object?>)[m.Student, m.Date, m.Subject, m.Topic, m.WorkType, m.Value, m.Teacher,
                    m.Corrected ? $"да, «{m.CorrectedWith}» {m.CorrectedOn:dd.MM.yyyy}" : "нет"])]);
        static IReadOnlyList<object?> Line(Count c) => [c.Name, c.Students, c.WithFailing, c.Marks, c.Corrected, c.NotCorrected];
        return new ReportFile($"Неудовлетворительные отметки, {r.Period}", [r.Rule],
            ["Класс / предмет", "Учащихся", "С «2»", "Отметок «2»", "Исправлено", "Не исправлено"],
            [.. r.Classes.Select(Line), Line(r.Total), .. r.Subjects.Select(Line)]);
    }
}
