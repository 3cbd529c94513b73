using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests;

/// <summary>The start page in a real browser against the demo school.</summary>
public sealed class HomePageBrowserTests(DemoSchool school) : IClassFixture<DemoSchool>
{
    [Fact]
    public async Task Teacher_logs_in_and_sees_todays_lessons()
    {
        var page = await school.LogInAsync("uchitel");

        var section = page.Locator("#teacher");
        await Assertions.Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Уроки сегодня" })).ToBeVisibleAsync();
        var rows = section.Locator("table.lessons tbody tr");
        Assert.True(await rows.CountAsync() >= 1, "В разделе «Уроки сегодня» нет ни одного урока.");
        await Assertions.Expect(rows.Filter(new() { HasText = "Математика" }).First).ToBeVisibleAsync();

        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("teacher-home.png"), FullPage = true });
    }

    [Fact]
    public async Task Parent_logs_in_and_switches_between_children()
    {
        var page = await school.LogInAsync("roditel");

        var tabs = page.Locator("#diary .tabs a.tab");
        await Assertions.Expect(tabs).ToHaveCountAsync(2);
        var first = (await tabs.Nth(0).InnerTextAsync()).Trim();
        var second = (await tabs.Nth(1).InnerTextAsync()).Trim();
        Assert.NotEqual(first, second);
        await Assertions.Expect(tabs.Nth(0)).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator("#diary .class-name")).ToHaveTextAsync("5А");
        await Assertions.Expect(page.Locator("#diary .student-name")).ToContainTextAsync(first);

        await tabs.Nth(1).ClickAsync();

        await Assertions.Expect(page.Locator("#diary .class-name")).ToHaveTextAsync("2А");
        await Assertions.Expect(page.Locator("#diary .student-name")).ToContainTextAsync(second);
        await Assertions.Expect(page.Locator("#diary .tabs a.tab[aria-current=page]")).ToHaveTextAsync(second);
        await Assertions.Expect(tabs.Nth(0)).ToHaveAttributeAsync("aria-current", "false");
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("parent-second-child.png"), FullPage = true });
    }
}
