using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Journal;

namespace SchoolJournal.Tests.Features.Journal;

public sealed class PeriodGradeScaleTests
{
    [Theory]
    [InlineData(GradingKind.FivePoint, "5", "5")]
    [InlineData(GradingKind.FivePoint, " ОСВ ", "осв")]
    [InlineData(GradingKind.FivePoint, "н/а", "н/а")]
    [InlineData(GradingKind.Unmarked, "безотм", "безотм")]
    [InlineData(GradingKind.PassFail, "зач", "зач")]
    [InlineData(GradingKind.FivePoint, "6", null)]
    [InlineData(GradingKind.Unmarked, "5", null)]
    [InlineData(GradingKind.FivePoint, "", null)]
    public void Period_grades_take_the_scale_and_the_special_marks(GradingKind scale, string given, string? stored)
    {
        Assert.Equal(stored, PeriodGradesApi.Normalize(scale, given));
    }

    [Fact]
    public void A_suggested_grade_follows_the_school_thresholds_computed_by_hand()
    {
        // Marks 5, 4, 4 (weights 1, 1, 2): (5 + 4 + 8) / 4 = 17 / 4 = 4.25.
        var average = Averages.Weighted([("5", 1m), ("4", 1m), ("4", 2m)]);
        var lenient = new GradeThresholds(Five: 4.25m, Four: 3.5m, Three: 2.5m);

        Assert.Equal(4.25m, average);
        Assert.Equal("4", Averages.SuggestedGrade(average, GradeThresholds.Default));
        Assert.Equal("5", Averages.SuggestedGrade(average, lenient));
        Assert.Equal("3", Averages.SuggestedGrade(2.5m, lenient));
        Assert.Equal("2", Averages.SuggestedGrade(2.5m, GradeThresholds.Default));
    }
}
