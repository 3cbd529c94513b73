using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Year.Timetable;
using static SchoolJournal.Web.Features.Year.Timetable.LessonExpansion;

namespace SchoolJournal.Tests.Features.Year.Timetable;

public sealed class LessonExpansionTests
{
    // 2026/27: 1 September 2026 is a Tuesday, so week 1 is Mon 31 Aug – Sun 6 Sep.
    private static readonly DateOnly YearStart = new(2026, 9, 1);
    private static readonly Period Q1 = new(1, new(2026, 9, 1), new(2026, 10, 24), EducationLevel.Basic, null);
    private static readonly Period Q2 = new(2, new(2026, 11, 3), new(2026, 12, 27), EducationLevel.Basic, null);
    private static readonly Period Primary = new(3, new(2026, 9, 1), new(2027, 5, 25), EducationLevel.Primary, null);
    private static readonly Period[] Periods = [Q1, Q2, Primary];

    private static Entry Monday5A(WeekParity parity = WeekParity.Every) =>
        new(7, 1, parity, new(2026, 9, 1), new(2027, 5, 31), ClassId: 10, Grade: 5, DaysPerWeek: 5);

    private static List<DateOnly> Dates(Entry e, DateOnly from, DateOnly to, Period[]? periods = null, Break[]? holidays = null) =>
        [.. Expand(e, periods ?? Periods, holidays ?? [], YearStart, from, to).Select(o => o.Date)];

    [Fact]
    public void Every_week_gives_each_monday_inside_the_period()
    {
        // 31 August is a Monday before the period starts.
        Assert.Equal([new(2026, 9, 7), new(2026, 9, 14), new(2026, 9, 21), new(2026, 9, 28)],
            Dates(Monday5A(), new(2026, 8, 31), new(2026, 9, 30)));
    }

    [Fact]
    public void Week_one_holds_the_first_of_september_and_weeks_alternate()
    {
        Assert.Equal(1, WeekOf(new(2026, 8, 31), YearStart));
        Assert.Equal(1, WeekOf(new(2026, 9, 6), YearStart));
        Assert.Equal(2, WeekOf(new(2026, 9, 7), YearStart));
        // 7 Sep is week 2, 14 Sep week 3, 21 Sep week 4, 28 Sep week 5.
        Assert.Equal([new(2026, 9, 14), new(2026, 9, 28)], Dates(Monday5A(WeekParity.Odd), new(2026, 9, 1), new(2026, 9, 30)));
        Assert.Equal([new(2026, 9, 7), new(2026, 9, 21)], Dates(Monday5A(WeekParity.Even), new(2026, 9, 1), new(2026, 9, 30)));
    }

    [Fact]
    public void Holidays_and_the_gap_between_periods_give_no_lessons()
    {
        // Q1 ends on Sat 24 Oct, Q2 starts on Tue 3 Nov: Mondays 26 Oct and 2 Nov fall between; a holiday takes 16 Nov.
        var holidays = new[] { new Break(new(2026, 11, 16), new(2026, 11, 16), null) };
        var found = Expand(Monday5A(), Periods, holidays, YearStart, new(2026, 10, 19), new(2026, 11, 23)).ToList();

        Assert.Equal([new(2026, 10, 19), new(2026, 11, 9), new(2026, 11, 23)], found.Select(o => o.Date));
        Assert.Equal([1, 2, 2], found.Select(o => o.PeriodId));
    }

    [Fact]
    public void A_holiday_of_one_grade_spares_the_other_grades()
    {
        var firstGrade = new Entry(8, 1, WeekParity.Every, YearStart, new(2027, 5, 31), ClassId: 20, Grade: 1, DaysPerWeek: 5);
        var secondGrade = firstGrade with { ClassId = 21, Grade = 2 };
        var extra = new[] { new Break(new(2027, 2, 15), new(2027, 2, 21), Grade: 1) };

        Assert.Equal([new(2027, 2, 8), new(2027, 2, 22)], Dates(firstGrade, new(2027, 2, 8), new(2027, 2, 22), holidays: extra));
        Assert.Equal([new(2027, 2, 8), new(2027, 2, 15), new(2027, 2, 22)], Dates(secondGrade, new(2027, 2, 8), new(2027, 2, 22), holidays: extra));
    }

    [Fact]
    public void Saturdays_only_for_a_six_day_week()
    {
        var saturday = Monday5A() with { Day = 6 };

        Assert.Empty(Dates(saturday, new(2026, 9, 1), new(2026, 9, 30)));
        Assert.Equal([new(2026, 9, 5), new(2026, 9, 12), new(2026, 9, 19), new(2026, 9, 26)],
            Dates(saturday with { DaysPerWeek = 6 }, new(2026, 9, 1), new(2026, 9, 30)));
    }

    [Fact]
    public void Only_within_the_entry_validity()
    {
        var autumnOnly = Monday5A() with { ValidFrom = new(2026, 9, 15), ValidTo = new(2026, 9, 27) };

        Assert.Equal([new(2026, 9, 21)], Dates(autumnOnly, new(2026, 9, 1), new(2026, 9, 30)));
    }

    [Fact]
    public void A_class_with_its_own_periods_ignores_its_level()
    {
        var own = new Period(9, new(2026, 9, 14), new(2026, 9, 20), null, ClassId: 10);
        var found = Expand(Monday5A(), [.. Periods, own], [], YearStart, new(2026, 9, 1), new(2026, 9, 30)).ToList();

        Assert.Equal((new DateOnly(2026, 9, 14), 9), Assert.Single(found) is var o ? (o.Date, o.PeriodId) : default);
    }
}
