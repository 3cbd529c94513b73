namespace SchoolJournal.Web.Features.Year.Timetable;

/// <summary>
/// Which dates a timetable entry gives lessons on (R-YEAR-11): inside a study period of its class (the class's own
/// periods when it has any, else those of its level or of the whole school), outside the holidays that apply
/// (Holiday.Grade empty or the class's grade), on a weekday the class works (5- or 6-day week), in the entry's weeks
/// (week 1 is the Monday–Sunday week holding the first day of the academic year) and within its validity.
/// </summary>
public static class LessonExpansion
{
    public sealed record Period(int Id, DateOnly Start, DateOnly End, EducationLevel? Level, int? ClassId);

    public sealed record Break(DateOnly Start, DateOnly End, int? Grade);

    /// <summary>What an entry needs to be expanded; the class is the group's (the first of a stream's).</summary>
    public sealed record Entry(int Id, int Day, WeekParity Parity, DateOnly ValidFrom, DateOnly ValidTo, int ClassId, int Grade, int DaysPerWeek);

    public sealed record Occurrence(int EntryId, DateOnly Date, int PeriodId);

    public static DateOnly MondayOf(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));

    /// <summary>The week of the academic year, from 1.</summary>
    public static int WeekOf(DateOnly date, DateOnly yearStart) => (MondayOf(date).DayNumber - MondayOf(yearStart).DayNumber) / 7 + 1;

    public static bool InWeek(WeekParity parity, int week) => parity switch
    {
        WeekParity.Odd => week % 2 == 1,
        WeekParity.Even => week % 2 == 0,
        _ => true,
    };

    public static int DayNumber(DateOnly d) => d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek;

    /// <summary>The periods that apply to a class: its own when it has any, else its level's and the whole school's.</summary>
    public static IReadOnlyList<Period> PeriodsOf(int classId, int grade, IReadOnlyList<Period> periods)
    {
        var own = periods.Where(p => p.ClassId == classId).ToList();
        if (own.Count > 0) return own;
        var level = LevelOf(grade);
        return [.. periods.Where(p => p.ClassId is null && (p.Level is null || p.Level == level))];
    }

    public static EducationLevel LevelOf(int grade) => grade switch
    {
        <= 4 => EducationLevel.Primary,
        <= 9 => EducationLevel.Basic,
        _ => EducationLevel.Secondary,
    };

    public static IEnumerable<Occurrence> Expand(Entry entry, IReadOnlyList<Period> periods, IReadOnlyList<Break> holidays,
        DateOnly yearStart, DateOnly from, DateOnly to)
    {
        if (entry.Day < 1 || entry.Day > Math.Min(entry.DaysPerWeek, 6)) yield break;
        var mine = PeriodsOf(entry.ClassId, entry.Grade, periods);
        var breaks = holidays.Where(h => h.Grade is null || h.Grade == entry.Grade).ToList();
        var start = new[] { from, entry.ValidFrom }.Max();
        var end = new[] { to, entry.ValidTo }.Min();
        // The first date on the entry's weekday, then week by week.
        var first = start.AddDays(((entry.Day - DayNumber(start)) % 7 + 7) % 7);
        for (var d = first; d <= end; d = d.AddDays(7))
        {
            if (!InWeek(entry.Parity, WeekOf(d, yearStart))) continue;
            if (breaks.Any(h => h.Start <= d && d <= h.End)) continue;
            var period = mine.FirstOrDefault(p => p.Start <= d && d <= p.End);
            if (period is null) continue;
            yield return new Occurrence(entry.Id, d, period.Id);
        }
    }
}
