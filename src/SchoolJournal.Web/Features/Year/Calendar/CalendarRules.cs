namespace SchoolJournal.Web.Features.Year.Calendar;

/// <summary>
/// The rules of the school calendar (R-YEAR-1, R-YEAR-2) as plain code: a period lies inside its year and does not
/// overlap another of its scope; the days between two consecutive periods of a scope are holidays; a holiday lies
/// inside its year (the summer ones up to 31 August). Each rule answers null or a Russian message naming the dates.
/// </summary>
public static class CalendarRules
{
    /// <summary>A study period: <see cref="ClassGrade"/> is set for a period of one class, <see cref="Level"/> for a level, neither for the whole
    /// school.</summary>
    public sealed record PeriodSpan(int Id, string Name, DateOnly Start, DateOnly End, EducationLevel? Level, int? ClassId, int? ClassGrade = null)
    {
        public bool WholeSchool => Level is null && ClassId is null;
    }

    public sealed record HolidaySpan(int Id, string Name, HolidayKind Kind, DateOnly Start, DateOnly End, int? Grade);

    public sealed record YearSpan(string Name, DateOnly Start, DateOnly End);

    public static string Dates(DateOnly start, DateOnly end) => $"{start:dd.MM.yyyy}–{end:dd.MM.yyyy}";

    private static string Named(PeriodSpan p) => $"«{p.Name}» ({Dates(p.Start, p.End)})";

    /// <summary>The year's own bounds: start before end, at most a little over a year long.</summary>
    public static string? CheckYear(string? name, DateOnly start, DateOnly end)
    {
        if (string.IsNullOrWhiteSpace(name)) return "Укажите название учебного года, например «2027/2028».";
        if (name.Trim().Length > 20) return "Название учебного года — не больше 20 символов.";
        if (start >= end) return $"Начало учебного года ({start:dd.MM.yyyy}) должно быть раньше его окончания ({end:dd.MM.yyyy}).";
        if (end > start.AddMonths(13)) return $"Учебный год {Dates(start, end)} длиннее года: проверьте даты.";
        return null;
    }

    /// <summary>Two years of one school never overlap.</summary>
    public static string? CheckYearOverlap(YearSpan year, IEnumerable<YearSpan> others) =>
        others.FirstOrDefault(o => o.Start <= year.End && year.Start <= o.End) is { } clash
            ? $"Учебный год «{year.Name}» ({Dates(year.Start, year.End)}) пересекается с учебным годом «{clash.Name}» " +
                $"({Dates(clash.Start, clash.End)})."
            : null;

    /// <summary>
    /// Whether two periods share a scope: the same level, or the same class; a whole-school period shares every scope
    /// of its year.
    /// </summary>
    public static bool SameScope(PeriodSpan a, PeriodSpan b)
    {
        if (a.WholeSchool || b.WholeSchool) return true;
        if (a.ClassId is not null || b.ClassId is not null) return a.ClassId == b.ClassId;
        return a.Level == b.Level;
    }

    /// <summary>Exactly the same scope: the periods that follow each other (whole school, one level, one class).</summary>
    private static bool SameKindOfScope(PeriodSpan a, PeriodSpan b) => a.ClassId == b.ClassId && a.Level == b.Level;

    /// <summary>The grades a period applies to: a holiday of one parallel covers a scope only when that is its only grade.</summary>
    public static IReadOnlyList<int> GradesOf(PeriodSpan p) => p switch
    {
        { ClassGrade: int g } => [g],
        { Level: EducationLevel.Primary } => [1, 2, 3, 4],
        { Level: EducationLevel.Basic } => [5, 6, 7, 8, 9],
        { Level: EducationLevel.Secondary } => [10, 11],
        _ => [.. Enumerable.Range(1, 11)],
    };

    public static bool Applies(HolidaySpan h, PeriodSpan scope) => h.Grade is not int grade || GradesOf(scope).All(g => g == grade);

    /// <summary>
    /// A new or changed period against its year, the other periods of the year (itself excluded by id) and the
    /// year's holidays: the first broken rule's message, or null.
    /// </summary>
    public static string? CheckPeriod(PeriodSpan p, YearSpan year, IEnumerable<PeriodSpan> periods, IEnumerable<HolidaySpan> holidays)
    {
        if (string.IsNullOrWhiteSpace(p.Name)) return "Укажите название периода, например «I четверть».";
        if (p.Name.Length > 100) return "Название периода — не больше 100 символов.";
        if (p.Start > p.End) return $"Период {Named(p)}: начало позже окончания.";
        if (p.Start < year.Start || p.End > year.End)
            return $"Период {Named(p)} выходит за границы учебного года «{year.Name}» ({Dates(year.Start, year.End)}).";
        var others = periods.Where(o => o.Id != p.Id).ToList();
        if (others.Where(o => SameScope(p, o)).OrderBy(o => o.Start).FirstOrDefault(o => o.Start <= p.End && p.Start <= o.End) is { } clash)
            return $"Период {Named(p)} пересекается с {Named(clash)}.";

        var scope = others.Where(o => SameKindOfScope(p, o)).ToList();
        var before = scope.Where(o => o.End < p.Start).MaxBy(o => o.End);
        var after = scope.Where(o => o.Start > p.End).MinBy(o => o.Start);
        var applying = holidays.Where(h => Applies(h, p)).ToList();
        foreach (var (first, second) in new[] { (before, p), (p, after) })
        {
            if (first is null || second is null) continue;
            var uncovered = SchoolDays(first.End.AddDays(1), second.Start.AddDays(-1))
                .Where(d => !applying.Any(h => h.Start <= d && d <= h.End)).ToList();
            if (uncovered.Count > 0)
                return $"Между периодами {Named(first)} и {Named(second)} есть будние дни без каникул: " +
                    $"{string.Join(", ", uncovered.Take(3).Select(d => d.ToString("dd.MM.yyyy")))}" +
                    $"{(uncovered.Count > 3 ? $" и ещё {uncovered.Count - 3}" : "")}. " +
                    "Сначала внесите каникулы на эти дни, потом периоды, или сдвиньте границы периода.";
        }
        return null;
    }

    /// <summary>
    /// A holiday: start no later than end, inside its year (summer holidays may go on to 31 August after the year's
    /// end), a grade from 1 to 11 when it is for one parallel.
    /// </summary>
    public static string? CheckHoliday(HolidaySpan h, YearSpan year)
    {
        var named = $"«{h.Name}» ({Dates(h.Start, h.End)})";
        if (string.IsNullOrWhiteSpace(h.Name)) return "Укажите название каникул, например «Осенние каникулы».";
        if (h.Name.Length > 100) return "Название каникул — не больше 100 символов.";
        if (h.Start > h.End) return $"Каникулы {named}: начало позже окончания.";
        if (h.Grade is int g && (g < 1 || g > 11)) return $"Параллель каникул {named} — от 1 до 11, указано {g}.";
        var last = h.Kind == HolidayKind.Summer ? LastSummerDay(year) : year.End;
        if (h.Start < year.Start || h.End > last)
            return h.Kind == HolidayKind.Summer
                ? $"Каникулы {named} выходят за границы учебного года «{year.Name}»: летние каникулы — с {year.Start:dd.MM.yyyy} " +
                    $"до {last:dd.MM.yyyy}."
                : $"Каникулы {named} выходят за границы учебного года «{year.Name}» ({Dates(year.Start, year.End)}). Летние каникулы могут " +
                    "продолжаться до 31 августа.";
        return null;
    }

    /// <summary>31 August after the year's end (or the year's end, if that is later).</summary>
    public static DateOnly LastSummerDay(YearSpan year)
    {
        var august = new DateOnly(year.End.Year, 8, 31);
        return august > year.End ? august : year.End;
    }

    /// <summary>Monday to Friday between two dates, both included.</summary>
    public static IEnumerable<DateOnly> SchoolDays(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                yield return d;
    }

    /// <summary>Study days of a period for its scope: weekdays not covered by a holiday that applies to it.</summary>
    public static int StudyDays(PeriodSpan p, IEnumerable<HolidaySpan> holidays)
    {
        var applying = holidays.Where(h => Applies(h, p)).ToList();
        return SchoolDays(p.Start, p.End).Count(d => !applying.Any(h => h.Start <= d && d <= h.End));
    }

    /// <summary>A date moved to the next year (same day and month; 29 February becomes 28 February).</summary>
    public static DateOnly NextYear(DateOnly d) => d.AddYears(1);

    /// <summary>The name of a group with its classes' old names replaced by their new ones, in one pass («Математика, 5А» → «Математика,
    /// 6А»).</summary>
    public static string RenameForClasses(string name, IReadOnlyDictionary<string, string> renames)
    {
        if (renames.Count == 0) return name;
        var pattern = string.Join("|", renames.Keys.OrderByDescending(k => k.Length).Select(System.Text.RegularExpressions.Regex.Escape));
        return System.Text.RegularExpressions.Regex.Replace(name, $@"(?<!\d)({pattern})(?![\p{{L}}\d])", m => renames[m.Value]);
    }
}
