using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// The summary sheet of final grades of a class (сводная ведомость итоговых отметок, R-REP-9) as copied from the
/// journal (<see cref="SummarySheet"/>): students down, subjects across, year / exam / final grade in each cell.
/// </summary>
public sealed class SummarySheetView(JournalDbContext db, AccessService access)
{
    public sealed record GradeSet(string? Year, string? Exam, string? Final, bool Deferred, DateOnly? DeferredUntil);

    public sealed record StudentLine(int StudentId, string DisplayName, IReadOnlyDictionary<string, GradeSet> Grades);

    public sealed record View(int ClassId, string ClassName, string YearName, IReadOnlyList<string> Subjects, IReadOnlyList<StudentLine> Students);

    public static readonly Problem NotHisClass = new(StatusCodes.Status403Forbidden, "Нет доступа к сводной ведомости",
        "Сводную ведомость класса видят его классный руководитель, заместитель директора и директор.");

    public async Task<Outcome<View>> LoadAsync(int classId, CancellationToken ct)
    {
        if (!await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct)) return Problem.NotFound("Класс не найден");
        if (!await access.CanReadClassJournalAsync(classId, ct)) return NotHisClass;
        return Outcome<View>.Ok((await ReadAsync(db, classId, ct))!);
    }

    /// <summary>The sheet without an access check, for those who have made it already (the annual print of the journals).</summary>
    public static async Task<View?> ReadAsync(JournalDbContext db, int classId, CancellationToken ct)
    {
        var cls = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId)
            .Select(c =>
                new { c.Grade, c.Letter, c.AcademicYearId,
                    Year = db.AcademicYears.Where(y => y.Id == c.AcademicYearId).Select(y => y.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (cls is null) return null;
        var name = $"{cls.Grade}{cls.Letter}";
        var lines = await db.SummaryGrades.AsNoTracking()
            .Where(s => s.AcademicYearId == cls.AcademicYearId && s.ClassName == name)
            .Select(s => new { s.StudentId, s.StudentName, s.SubjectName, s.SubjectId, s.Kind, s.Value, s.Deferred, s.DeferredUntil })
            .ToListAsync(ct);
        var order = await db.Subjects.AsNoTracking().Select(s => new { s.Id, s.SortOrder }).ToDictionaryAsync(s => s.Id, s => s.SortOrder, ct);
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        var subjects = lines.Select(l => (l.SubjectName, Order: order.GetValueOrDefault(l.SubjectId, int.MaxValue))).Distinct()
            .OrderBy(s => s.Order).ThenBy(s => s.SubjectName, ru).Select(s => s.SubjectName).ToList();
        var students = lines.GroupBy(l => l.StudentId)
            .Select(g => new StudentLine(g.Key, g.First().StudentName, g.GroupBy(l => l.SubjectName).ToDictionary(s => s.Key, s =>
            {
                string? Of(PeriodGradeKind k) => s.FirstOrDefault(l => l.Kind == k)?.Value;
                var deferred = s.FirstOrDefault(l => l.Deferred);
                return new GradeSet(Of(PeriodGradeKind.Year), Of(PeriodGradeKind.Exam), Of(PeriodGradeKind.Final), deferred is not null,
                    deferred?.DeferredUntil);
            })))
            .OrderBy(s => s.DisplayName, ru)
            .ToList();
        return new View(classId, name, cls.Year ?? "", subjects, students);
    }

    /// <summary>The sheet as a workbook: one row per student, a column per subject holding the final grade (else the year's).</summary>
    public static byte[] ToXlsx(View view) => Xlsx.Write($"Сводная ведомость {view.ClassName}", ["№", "Обучающийся", .. view.Subjects],
        view.Students.Select((s, i) => (IReadOnlyList<object?>)[i + 1, s.DisplayName,
            .. view.Subjects.Select(sub =>
                (object?)(s.Grades.TryGetValue(sub, out var g) ? g.Final ?? g.Year ?? (g.Deferred ? "отсрочка" : null) : null))]));
}
