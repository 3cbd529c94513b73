using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>«Справка» from the grid on a desk and from the diary on a phone: the guide opens at the page's section.</summary>
[Collection(PagesCollection.Name)]
public sealed class HelpBrowserTests(DemoSchool school)
{
    [Fact]
    public async Task The_help_link_opens_the_guide_at_the_section_of_the_page_on_a_desk_and_on_a_phone()
    {
        var desk = await school.LogInAsync("uchitel", 1366, 900);
        await desk.GotoAsync("/Journal");
        await desk.GetByRole(AriaRole.Link, new() { Name = "Справка" }).ClickAsync();
        await DemoSchool.ArrivedAsync(desk, "**/Help/teacher#*");
        // The section's heading is scrolled to the top of the screen.
        var journal = desk.Locator("article.guide h2#журнал");
        await Assertions.Expect(journal).ToBeInViewportAsync();
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("help/teacher-journal-desk.png") });

        var phone = await school.LogInAsync("roditel", 360, 740);
        await phone.GotoAsync("/Diary");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Справка" }).ClickAsync();
        await DemoSchool.ArrivedAsync(phone, "**/Help/diary/week#*");
        await Assertions.Expect(phone.Locator("article.guide h1")).ToHaveTextAsync("Дневник: неделя");
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("help/parent-week-phone.png"), FullPage = true });
    }
}
