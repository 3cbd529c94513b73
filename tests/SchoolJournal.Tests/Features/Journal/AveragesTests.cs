using SchoolJournal.Web.Features.Journal;

namespace SchoolJournal.Tests.Features.Journal;

public sealed class AveragesTests
{
    [Fact]
    public void The_average_weighs_each_mark_by_its_work_type()
    {
        // (5×1 + 3×2 + 4×1.5) / (1 + 2 + 1.5) = 17 / 4.5 = 3.777… → 3.78
        var average = Averages.Weighted([("5", 1m), ("3", 2m), ("4", 1.5m)]);

        Assert.Equal(3.78m, average);
        Assert.Equal("4", Averages.SuggestedGrade(average));
    }

    [Fact]
    public void Special_and_pass_fail_marks_do_not_count()
    {
        // (4×1 + 5×1) / 2 = 4.5
        Assert.Equal(4.5m, Averages.Weighted([("4", 1m), ("осв", 1m), ("н/а", 2m), ("зач", 1m), ("5", 1m)]));
    }

    [Fact]
    public void Without_numeric_marks_there_is_no_average_and_no_suggestion()
    {
        var average = Averages.Weighted([("н/а", 1m)]);

        Assert.Null(average);
        Assert.Null(Averages.SuggestedGrade(average));
    }

    [Fact]
    public void The_average_is_rounded_half_away_from_zero_to_two_decimals()
    {
        // (5×1 + 4×1 + 4×1 + 4×1 + 4×1 + 4×1 + 4×1 + 4×1) / 8 = 33 / 8 = 4.125 → 4.13
        Assert.Equal(4.13m, Averages.Weighted([("5", 1m), .. Enumerable.Repeat(("4", 1m), 7)]));
    }

    [Theory]
    [InlineData("4.6", "5")]
    [InlineData("4.59", "4")]
    [InlineData("3.6", "4")]
    [InlineData("3.59", "3")]
    [InlineData("2.6", "3")]
    [InlineData("2.59", "2")]
    [InlineData("1", "2")]
    public void The_default_thresholds_are_4_6_3_6_and_2_6(string average, string grade) =>
        Assert.Equal(grade, Averages.SuggestedGrade(decimal.Parse(average, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_school_may_set_its_own_thresholds()
    {
        var strict = new GradeThresholds(Five: 4.75m, Four: 3.75m, Three: 2.75m);

        // (5×1 + 5×1 + 4×1 + 5×1) / 4 = 19 / 4 = 4.75
        var average = Averages.Weighted([("5", 1m), ("5", 1m), ("4", 1m), ("5", 1m)]);

        Assert.Equal("5", Averages.SuggestedGrade(average, strict));
        Assert.Equal("4", Averages.SuggestedGrade(4.7m, strict));
    }

    [Fact]
    public void A_shown_average_of_4_60_suggests_5_even_when_the_exact_one_is_below()
    {
        // (5×119 + 4×81) / (119 + 81) = 919 / 200 = 4.595, shown as 4.60
        var average = Averages.Weighted([("5", 119m), ("4", 81m)]);

        Assert.Equal(4.60m, average);
        Assert.Equal("5", Averages.SuggestedGrade(average));
    }
}
