using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Features.Journal;

namespace SchoolJournal.IntegrationTests.Features.Pages;

/// <summary>R-JRN-12 on the lesson page: a reminder to write plainly, and a flag on homework of only numbers.</summary>
public sealed class LessonPlainWordsTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_lesson_page_flags_homework_that_is_only_a_page_number()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var j = await JournalSchool.BuildAsync(b);
            await b.LessonHomeworkAsync(j.MathLesson, "стр. 45");
            await b.LessonHomeworkAsync(j.RussianLesson, "Упражнение 12: списать, вставить пропущенные буквы");
            return j;
        });

        var flagged = await (await _app.PageClientAsync("smirnova")).GetPageAsync($"/Journal/Lesson/{s.MathLesson.Id}");
        var plain = await (await _app.PageClientAsync("kozlov")).GetPageAsync($"/Journal/Lesson/{s.RussianLesson.Id}");

        Assert.Equal(HomeworkText.Warning, flagged.TextOf(".homework-warning"));
        Assert.Empty(plain.QuerySelectorAll(".homework-warning"));
        Assert.Equal(HomeworkText.Reminder, plain.TextOf(".lesson-form .plain-words"));
    }
}
