using SchoolJournal.IntegrationTests.Features.Diary;
using SchoolJournal.IntegrationTests.Features.Diary.Overview;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Pages;

/// <summary>What the diary's headings and tabs read: words a parent knows, no template code.</summary>
public sealed class DiaryTextTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_marks_heading_names_the_student_without_template_code()
    {
        await _app.SeedAsync(OverviewSchool.BuildAsync);
        var parent = await _app.PageClientAsync("orlova");

        var page = await parent.GetPageAsync("/Diary/Marks");

        Assert.Equal("Оценки · Орлов Артём Иванович, 5А", page.TextOf("main h1"));
        Assert.DoesNotContain("@", page.Body!.Read());
    }

    [Fact]
    public async Task The_day_tabs_read_the_days_abbreviations()
    {
        await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("orlov");

        var page = await client.GetPageAsync("/Diary?view=day&date=2026-11-24");

        Assert.Equal(["Пн 23.11", "Вт 24.11", "Ср 25.11", "Чт 26.11", "Пт 27.11", "Сб 28.11"], page.TextsOf(".diary-days-switch a.tab"));
    }

    [Fact]
    public async Task Each_mark_in_the_week_carries_its_value_for_its_colour()
    {
        await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("orlov");

        var page = await client.GetPageAsync("/Diary?date=2026-11-23");

        var mark = page.One("#diary-week .mark");
        Assert.Equal("5", mark.Read());
        Assert.Equal("5", mark.GetAttribute("data-value"));
    }
}
