namespace SchoolJournal.Web.Demo;

/// <summary>
/// A typical Russian school year starting in <c>year</c>: quarters for grades 1–9, half-years for 10–11,
/// autumn/winter/spring/summer holidays, the extra February week for the 1st grade and public holidays.
/// </summary>
public static class SchoolCalendar
{
    public sealed record Period(string Name, PeriodKind Kind, int Number, DateOnly Start, DateOnly End, EducationLevel Level);

    public sealed record Break(string Name, HolidayKind Kind, DateOnly Start, DateOnly End, int? Grade = null);

    /// <summary>The academic year "today" belongs to: from 1 September on it is this calendar year's.</summary>
    public static int YearOf(DateOnly today) => today >= new DateOnly(today.Year, 9, 1) ? today.Year : today.Year - 1;

    public static (DateOnly Start, DateOnly End) Bounds(int year) => (new DateOnly(year, 9, 1), new DateOnly(year + 1, 5, 31));

    private static DateOnly SaturdayOnOrAfter(DateOnly d)
    {
        while (d.DayOfWeek != DayOfWeek.Saturday) d = d.AddDays(1);
        return d;
    }

    private static DateOnly SundayOnOrAfter(DateOnly d)
    {
        while (d.DayOfWeek != DayOfWeek.Sunday) d = d.AddDays(1);
        return d;
    }

    public static (List<Period> Periods, List<Break> Breaks) For(int year)
    {
        var autumn = SaturdayOnOrAfter(new DateOnly(year, 10, 24));
        var winter = new DateOnly(year, 12, 29);
        var winterEnd = SundayOnOrAfter(new DateOnly(year + 1, 1, 8));
        var spring = SaturdayOnOrAfter(new DateOnly(year + 1, 3, 20));
        var february = SaturdayOnOrAfter(new DateOnly(year + 1, 2, 13));
        var lastDay = new DateOnly(year + 1, 5, 26);

        (DateOnly, DateOnly)[] quarters =
        [
            (new DateOnly(year, 9, 1), autumn.AddDays(-1)),
            (autumn.AddDays(9), winter.AddDays(-1)),
            (winterEnd.AddDays(1), spring.AddDays(-1)),
            (spring.AddDays(9), lastDay),
        ];
        string[] roman = ["I", "II", "III", "IV"];
        var periods = new List<Period>();
        foreach (var level in new[] { EducationLevel.Primary, EducationLevel.Basic })
            for (var i = 0; i < 4; i++)
                periods.Add(new Period($"{roman[i]} четверть", PeriodKind.Quarter, i + 1, quarters[i].Item1, quarters[i].Item2, level));
        periods.Add(new Period("I полугодие", PeriodKind.HalfYear, 1, quarters[0].Item1, quarters[1].Item2, EducationLevel.Secondary));
        periods.Add(new Period("II полугодие", PeriodKind.HalfYear, 2, quarters[2].Item1, lastDay, EducationLevel.Secondary));

        var breaks = new List<Break>
        {
            new("Осенние каникулы", HolidayKind.Autumn, autumn, autumn.AddDays(8)),
            new("Зимние каникулы", HolidayKind.Winter, winter, winterEnd),
            new("Дополнительные каникулы для 1-х классов", HolidayKind.Extra, february, february.AddDays(8), 1),
            new("Весенние каникулы", HolidayKind.Spring, spring, spring.AddDays(8)),
            new("Летние каникулы", HolidayKind.Summer, lastDay.AddDays(1), new DateOnly(year + 1, 8, 31)),
            new("День народного единства", HolidayKind.PublicHoliday, new DateOnly(year, 11, 4), new DateOnly(year, 11, 4)),
            new("День защитника Отечества", HolidayKind.PublicHoliday, new DateOnly(year + 1, 2, 23), new DateOnly(year + 1, 2, 23)),
            new("Международный женский день", HolidayKind.PublicHoliday, new DateOnly(year + 1, 3, 8), new DateOnly(year + 1, 3, 8)),
            new("Праздник Весны и Труда, День Победы", HolidayKind.PublicHoliday, new DateOnly(year + 1, 5, 1), new DateOnly(year + 1, 5, 9)),
        };
        return (periods, breaks);
    }

    public static EducationLevel LevelOf(int grade) => grade switch
    {
        <= 4 => EducationLevel.Primary,
        <= 9 => EducationLevel.Basic,
        _ => EducationLevel.Secondary,
    };

    /// <summary>A school day for the grade: a weekday inside a study period of its level and outside every holiday that applies.</summary>
    public static bool IsSchoolDay(DateOnly date, int grade, IEnumerable<Period> periods, IEnumerable<Break> breaks, int daysPerWeek = 5)
    {
        var dow = date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;
        if (dow > daysPerWeek) return false;
        var level = LevelOf(grade);
        if (!periods.Any(p => p.Level == level && p.Start <= date && date <= p.End)) return false;
        return !breaks.Any(b => (b.Grade is null || b.Grade == grade) && b.Start <= date && date <= b.End);
    }
}
