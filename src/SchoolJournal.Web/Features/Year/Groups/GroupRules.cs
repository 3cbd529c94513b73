using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Groups;

/// <summary>Pure rules of groups and their members (R-YEAR-6): date spans, the split of a class, names and kinds.</summary>
public static class GroupRules
{
    public static readonly StringComparer Russian = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false);

    /// <summary>Two spans of days (an open end is «until further notice») share at least one day.</summary>
    public static bool Overlaps(DateOnly aFrom, DateOnly? aTo, DateOnly bFrom, DateOnly? bTo) =>
        (aTo is null || aTo >= bFrom) && (bTo is null || bTo >= aFrom);

    /// <summary>A student the class is split by: his name for the alphabet, his gender for «by gender».</summary>
    public sealed record SplitStudent(int Id, string LastName, string FirstName, string? MiddleName, Gender Gender);

    public enum SplitBy { Alphabet = 1, Gender = 2 }

    public static SplitBy? ParseSplit(string? by) => by?.Trim().ToLowerInvariant() switch
    {
        "alphabet" or "алфавит" or "по алфавиту" => SplitBy.Alphabet,
        "gender" or "пол" or "по полу" => SplitBy.Gender,
        _ => null,
    };

    /// <summary>
    /// The two halves of a class: by the alphabet the first half (one more when the class is odd) goes to the 1st
    /// group; by gender the boys to the 1st and the girls to the 2nd.
    /// </summary>
    public static (IReadOnlyList<SplitStudent> First, IReadOnlyList<SplitStudent> Second) Split(IEnumerable<SplitStudent> students, SplitBy by)
    {
        var sorted = students.OrderBy(s => s.LastName, Russian).ThenBy(s => s.FirstName, Russian).ThenBy(s => s.MiddleName ?? "", Russian).ToList();
        if (by == SplitBy.Gender)
            return (sorted.Where(s => s.Gender == Gender.Male).ToList(), sorted.Where(s => s.Gender != Gender.Male).ToList());
        var half = (sorted.Count + 1) / 2;
        return (sorted.Take(half).ToList(), sorted.Skip(half).ToList());
    }

    /// <summary>«Английский язык 5А (1 гр.)».</summary>
    public static string SubGroupName(string subject, string className, int number) => $"{subject} {className} ({number} гр.)";

    public static string SplitNote(SplitBy by, int number) => by == SplitBy.Gender
        ? (number == 1 ? "Деление по полу: мальчики" : "Деление по полу: девочки")
        : (number == 1 ? "Деление по алфавиту: первая половина списка" : "Деление по алфавиту: вторая половина списка");

    /// <summary>The grading system a new group takes: the subject's, else its class's, else the school's 5-point one.</summary>
    public static int? DefaultGrading(int? subjectGrading, int? classGrading, int? schoolFivePoint) =>
        subjectGrading ?? classGrading ?? schoolFivePoint;

    /// <summary>The kinds of a group with their API codes and the year set-up's names.</summary>
    public static readonly CodeTable<GroupKind> Kinds = new(
        new(GroupKind.WholeClass, "wholeClass", "весь класс"),
        new(GroupKind.SubGroup, "subGroup", "подгруппа"),
        new(GroupKind.Stream, "stream", "поток"),
        new(GroupKind.Individual, "individual", "ИУП"),
        new(GroupKind.Extracurricular, "extracurricular", "внеурочная"));

    /// <summary>
    /// What a group's kind asks of its classes: a whole class or a sub-group belongs to exactly one class, a stream
    /// to two or more; null when the classes fit.
    /// </summary>
    public static string? ClassesProblem(GroupKind kind, int classCount) => kind switch
    {
        _ when classCount == 0 => "Укажите хотя бы один класс группы.",
        GroupKind.WholeClass or GroupKind.SubGroup when classCount != 1 =>
            "Группа «весь класс» и подгруппа относятся ровно к одному классу; для нескольких классов выберите «поток».",
        GroupKind.Stream when classCount < 2 => "Поток объединяет учеников двух и более классов.",
        _ => null,
    };

    public static string? RegimeProblem(int? daysPerWeek, int? shift) =>
        daysPerWeek is not null and not (5 or 6) ? "Учебная неделя — 5 или 6 дней."
        : shift is not null and not (1 or 2) ? "Смена — первая (1) или вторая (2)."
        : null;
}
