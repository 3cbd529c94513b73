using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Journal;

namespace SchoolJournal.Tests.Features.Journal;

public sealed class MarkScaleTests
{
    [Theory]
    [InlineData(GradingKind.FivePoint, "1")]
    [InlineData(GradingKind.FivePoint, "5")]
    [InlineData(GradingKind.TenPoint, "10")]
    [InlineData(GradingKind.TenPoint, "7")]
    [InlineData(GradingKind.PassFail, "зач")]
    [InlineData(GradingKind.PassFail, "незач")]
    [InlineData(GradingKind.FivePoint, "осв")]
    [InlineData(GradingKind.PassFail, "н/а")]
    [InlineData(GradingKind.Unmarked, "осв")]
    public void A_value_of_the_scale_is_accepted(GradingKind kind, string value) =>
        Assert.Equal(value, MarkScale.Normalize(kind, value));

    [Theory]
    [InlineData(GradingKind.FivePoint, "0")]
    [InlineData(GradingKind.FivePoint, "6")]
    [InlineData(GradingKind.FivePoint, "4+")]
    [InlineData(GradingKind.FivePoint, "зач")]
    [InlineData(GradingKind.TenPoint, "11")]
    [InlineData(GradingKind.PassFail, "5")]
    [InlineData(GradingKind.Unmarked, "5")]
    [InlineData(GradingKind.FivePoint, "")]
    [InlineData(GradingKind.FivePoint, null)]
    public void A_value_outside_the_scale_is_refused(GradingKind kind, string? value) =>
        Assert.Null(MarkScale.Normalize(kind, value));

    [Fact]
    public void Typed_values_are_stored_trimmed_and_in_lower_case()
    {
        Assert.Equal("зач", MarkScale.Normalize(GradingKind.PassFail, " ЗАЧ "));
        Assert.Equal("н/а", MarkScale.Normalize(GradingKind.FivePoint, "Н/А"));
    }

    [Fact]
    public void The_error_names_the_value_and_every_allowed_mark_in_Russian()
    {
        var message = MarkScale.Error(GradingKind.FivePoint, "6");

        Assert.Equal("Отметка «6» не входит в систему оценивания «пятибалльная». Допустимые отметки: «1», «2», «3», «4», «5», «осв», «н/а».",
            message);
    }

    [Fact]
    public void An_unmarked_group_takes_only_the_special_marks() =>
        Assert.Equal(["осв", "н/а"], MarkScale.Allowed(GradingKind.Unmarked));
}
