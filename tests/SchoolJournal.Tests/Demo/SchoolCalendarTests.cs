using SchoolJournal.Web.Demo;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.Tests.Demo;

public sealed class SchoolCalendarTests
{
    [Theory]
    [InlineData("2026-11-23", 2026)]
    [InlineData("2026-09-01", 2026)]
    [InlineData("2026-08-31", 2025)]
    [InlineData("2027-03-10", 2026)]
    public void The_academic_year_starts_on_the_first_of_September(string today, int year) =>
        Assert.Equal(year, SchoolCalendar.YearOf(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_year_2026_has_four_quarters_two_half_years_and_the_usual_holidays()
    {
        var (periods, breaks) = SchoolCalendar.For(2026);

        var quarters = periods.Where(p => p.Level == EducationLevel.Basic).ToList();
        Assert.Equal(4, quarters.Count);
        Assert.Equal((new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 23)), (quarters[0].Start, quarters[0].End));
        Assert.Equal(new DateOnly(2026, 11, 2), quarters[1].Start);
        Assert.Equal(new DateOnly(2027, 5, 26), quarters[3].End);
        Assert.Equal(2, periods.Count(p => p.Level == EducationLevel.Secondary && p.Kind == PeriodKind.HalfYear));
        Assert.Contains(breaks, b => b.Grade == 1 && b.Start.Month == 2);
        Assert.Contains(breaks, b => b.Kind == HolidayKind.PublicHoliday && b.Start == new DateOnly(2026, 11, 4));
    }

    [Fact]
    public void School_days_skip_weekends_holidays_and_the_first_grade_february_week()
    {
        var (periods, breaks) = SchoolCalendar.For(2026);
        bool Day(int y, int m, int d, int grade) => SchoolCalendar.IsSchoolDay(new DateOnly(y, m, d), grade, periods, breaks);

        Assert.True(Day(2026, 11, 23, 5));
        Assert.False(Day(2026, 11, 22, 5));  // Sunday
        Assert.False(Day(2026, 11, 4, 5));   // public holiday
        Assert.False(Day(2026, 10, 27, 5));  // autumn holidays
        Assert.False(Day(2027, 2, 16, 1));   // extra week of the 1st grade
        Assert.True(Day(2027, 2, 16, 2));
    }
}
