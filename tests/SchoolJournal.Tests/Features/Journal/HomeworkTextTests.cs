using SchoolJournal.Web.Features.Journal;

namespace SchoolJournal.Tests.Features.Journal;

public sealed class HomeworkTextTests
{
    [Theory]
    [InlineData("стр. 45")]
    [InlineData("№ 3, 5")]
    [InlineData("§ 12, упр. 4")]
    [InlineData("с. 45 № 3-5")]
    [InlineData("12")]
    [InlineData("упр.3")]
    [InlineData("№5")]
    [InlineData("стр.45, упр.3")]
    public void Homework_of_only_numbers_and_abbreviations_is_flagged(string homework) =>
        Assert.True(HomeworkText.IsOnlyAbbreviation(homework));

    [Theory]
    [InlineData("Учебник, с. 45, упражнение 3: списать, вставить пропущенные буквы")]
    [InlineData("Выучить стихотворение")]
    [InlineData("Решить № 12 из учебника")]
    [InlineData("")]
    [InlineData(null)]
    public void Homework_in_words_or_none_is_not_flagged(string? homework) =>
        Assert.False(HomeworkText.IsOnlyAbbreviation(homework));
}
