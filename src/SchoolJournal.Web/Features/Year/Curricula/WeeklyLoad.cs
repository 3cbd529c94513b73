namespace SchoolJournal.Web.Features.Year.Curricula;

/// <summary>
/// The weekly hours of a curriculum against the maximum weekly load of a grade (СанПиН 1.2.3685-21, table 6.6;
/// ФГОС НОО/ООО/СОО), and the rules of one curriculum line.
/// </summary>
public static class WeeklyLoad
{
    public const decimal MaxLineHours = 10m;

    /// <summary>The maximum weekly load in academic hours; the first grade learns only on a 5-day week.</summary>
    public static int MaxHours(int grade, int daysPerWeek) => daysPerWeek >= 6 && grade >= 2
        ? grade switch { <= 4 => 26, 5 => 32, 6 => 33, 7 => 35, <= 9 => 36, _ => 37 }
        : grade switch { 1 => 21, <= 4 => 23, 5 => 29, 6 => 30, 7 => 32, <= 9 => 33, _ => 34 };

    /// <summary>Hours of a line: more than 0, at most 10, in steps of half an hour.</summary>
    public static bool IsValidLineHours(decimal hours) => hours > 0 && hours <= MaxLineHours && hours * 2 == decimal.Truncate(hours * 2);

    /// <summary>
    /// The overload warnings of a curriculum of <paramref name="grade"/> with <paramref name="total"/> weekly hours,
    /// for each week length its classes learn on (a plan without classes is checked against the 5-day week).
    /// </summary>
    public static List<string> Warnings(int grade, decimal total, IEnumerable<int> daysPerWeek)
    {
        var weeks = daysPerWeek.Select(d => d >= 6 && grade >= 2 ? 6 : 5).Distinct().Order().ToList();
        if (weeks.Count == 0) weeks.Add(5);
        var result = new List<string>();
        foreach (var days in weeks)
        {
            var max = MaxHours(grade, days);
            if (total > max)
                result.Add($"Недельная нагрузка {Hours(total)} ч превышает максимально допустимую для {grade} класса " +
                    $"при {(days == 6 ? "шестидневной" : "пятидневной")} неделе: {max} ч (СанПиН 1.2.3685-21).");
        }
        return result;
    }

    /// <summary>Hours as a Russian reader writes them: 3, 2,5.</summary>
    public static string Hours(decimal hours) => hours.ToString("0.##", CultureInfo.GetCultureInfo("ru-RU"));

    public static string ProfileName(StudyProfile profile) => profile switch
    {
        StudyProfile.Science => "естественнонаучный",
        StudyProfile.Humanities => "гуманитарный",
        StudyProfile.SocioEconomic => "социально-экономический",
        StudyProfile.Technological => "технологический",
        StudyProfile.Universal => "универсальный",
        _ => "",
    };

    public static string ProfileCode(StudyProfile profile) => profile switch
    {
        StudyProfile.Science => "science",
        StudyProfile.Humanities => "humanities",
        StudyProfile.SocioEconomic => "socioEconomic",
        StudyProfile.Technological => "technological",
        StudyProfile.Universal => "universal",
        _ => "none",
    };

    /// <summary>A profile by its API code or Russian name; null for an unknown one. Empty is «без профиля».</summary>
    public static StudyProfile? ParseProfile(string? text)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0) return StudyProfile.None;
        foreach (var p in Enum.GetValues<StudyProfile>())
            if (string.Equals(t, ProfileCode(p), StringComparison.OrdinalIgnoreCase)
                || (p != StudyProfile.None && string.Equals(t, ProfileName(p), StringComparison.OrdinalIgnoreCase)))
                return p;
        return null;
    }

    public static string PartName(SubjectComponent part) => part == SubjectComponent.School
        ? "часть, формируемая участниками образовательных отношений"
        : "обязательная часть";

    public static string PartCode(SubjectComponent part) => part == SubjectComponent.School ? "school" : "federal";

    public static SubjectComponent? ParsePart(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "federal" or "обязательная часть" => SubjectComponent.Federal,
        "school" or "часть, формируемая участниками образовательных отношений" => SubjectComponent.School,
        _ => null,
    };

    /// <summary>Weeks of study in a year: 33 in the first grade, 34 otherwise (ФОП).</summary>
    public static int WeeksPerYear(int grade) => grade == 1 ? 33 : 34;
}
