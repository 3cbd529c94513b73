using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Year.Timetable;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// Study weeks of a class between two dates, from the year's calendar: its study days — the days of its 5- or 6-day
/// week inside its study periods (its own, else its level's and the whole school's) and outside the holidays that apply
/// to its grade, the timetable's rule (<see cref="LessonExpansion"/>) — divided by its days a week. A holiday day takes
/// a fifth of a week from a 5-day class; a week of holidays, a whole week.
/// </summary>
public sealed class StudyWeeks(IReadOnlyList<LessonExpansion.Period> periods, IReadOnlyList<LessonExpansion.Break> holidays)
{
    public const string Rule = "Учебные недели — учебные дни класса в эти даты (дни его пятидневной или шестидневной недели внутри "
        + "учебных периодов, кроме каникул и праздников, внесённых в календарь года), делённые на число учебных дней в неделе: "
        + "праздничный день при пятидневке — минус 1/5 недели.";

    public static async Task<StudyWeeks> LoadAsync(JournalDbContext db, int yearId, CancellationToken ct) => new(
        await db.StudyPeriods.AsNoTracking().Where(p => p.AcademicYearId == yearId)
            .Select(p => new LessonExpansion.Period(p.Id, p.Start, p.End, p.Level, p.SchoolClassId)).ToListAsync(ct),
        await db.Holidays.AsNoTracking().Where(h => h.AcademicYearId == yearId)
            .Select(h => new LessonExpansion.Break(h.Start, h.End, h.Grade)).ToListAsync(ct));

    /// <summary>Study days of a class from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public int Days(int classId, int grade, int daysPerWeek, DateOnly from, DateOnly to)
    {
        var mine = LessonExpansion.PeriodsOf(classId, grade, periods);
        var breaks = holidays.Where(h => h.Grade is null || h.Grade == grade).ToList();
        var days = 0;
        for (var d = from; d <= to; d = d.AddDays(1))
            if (LessonExpansion.DayNumber(d) <= Math.Min(daysPerWeek, 6) && mine.Any(p => p.Start <= d && d <= p.End)
                && !breaks.Any(h => h.Start <= d && d <= h.End))
                days++;
        return days;
    }

    /// <summary>Planned hours: hours a week × study weeks, to one decimal.</summary>
    public decimal Hours(decimal hoursPerWeek, int classId, int grade, int daysPerWeek, DateOnly from, DateOnly to) =>
        from > to ? 0m : Planned(hoursPerWeek, Days(classId, grade, daysPerWeek, from, to), daysPerWeek);

    public static decimal Planned(decimal hoursPerWeek, int studyDays, int daysPerWeek) =>
        Normal(Math.Round(hoursPerWeek * studyDays / Math.Clamp(daysPerWeek, 1, 6), 1, MidpointRounding.AwayFromZero));

    /// <summary>Held ÷ planned × 100 %, to one decimal; null when nothing was planned.</summary>
    public static decimal? Percent(int held, decimal planned) =>
        planned <= 0 ? null : Normal(Math.Round(held * 100m / planned, 1, MidpointRounding.AwayFromZero));

    /// <summary>The same number without trailing zeros (3, not 3.00) in every format and from every provider.</summary>
    public static decimal Normal(decimal d) => d / 1.000000000000000000000000000000000m;
}
