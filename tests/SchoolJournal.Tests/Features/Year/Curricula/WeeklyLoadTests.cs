using SchoolJournal.Web.Features.Year.Curricula;

namespace SchoolJournal.Tests.Features.Year.Curricula;

/// <summary>The maximum weekly load of СанПиН 1.2.3685-21 (table 6.6) and the line rules.</summary>
public sealed class WeeklyLoadTests
{
    [Theory]
    [InlineData(1, 5, 21)]
    [InlineData(1, 6, 21)]
    [InlineData(2, 5, 23)]
    [InlineData(4, 6, 26)]
    [InlineData(5, 5, 29)]
    [InlineData(5, 6, 32)]
    [InlineData(6, 5, 30)]
    [InlineData(6, 6, 33)]
    [InlineData(7, 5, 32)]
    [InlineData(7, 6, 35)]
    [InlineData(8, 5, 33)]
    [InlineData(9, 6, 36)]
    [InlineData(10, 5, 34)]
    [InlineData(11, 6, 37)]
    public void Maximum_weekly_hours_by_grade_and_week(int grade, int days, int max) =>
        Assert.Equal(max, WeeklyLoad.MaxHours(grade, days));

    [Fact]
    public void A_plan_over_the_maximum_is_warned_for_each_week_its_classes_learn_on()
    {
        // 9th grade, 34 h: over 33 of the 5-day week, within 36 of the 6-day week.
        Assert.Equal(["Недельная нагрузка 34 ч превышает максимально допустимую для 9 класса при пятидневной неделе: 33 ч (СанПиН 1.2.3685-21)."],
            WeeklyLoad.Warnings(9, 34m, [5, 6]));
        Assert.Empty(WeeklyLoad.Warnings(9, 34m, [6]));
        Assert.Empty(WeeklyLoad.Warnings(9, 33m, []));
        Assert.Single(WeeklyLoad.Warnings(9, 33.5m, []));
    }

    [Theory]
    [InlineData("0.5", true)]
    [InlineData("10", true)]
    [InlineData("2.5", true)]
    [InlineData("0", false)]
    [InlineData("10.5", false)]
    [InlineData("1.25", false)]
    [InlineData("-1", false)]
    public void Line_hours_are_half_hour_steps_up_to_ten(string hours, bool valid) =>
        Assert.Equal(valid, WeeklyLoad.IsValidLineHours(decimal.Parse(hours, System.Globalization.CultureInfo.InvariantCulture)));
}
