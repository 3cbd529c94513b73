using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// Closing the year on a desk and on a phone, on a copy of the demo school of its own (the rollover changes it): the director sees
/// what the rollover will change and that the year is still running, closes it early with a reason, builds the year's archive and
/// reads the retention of its parts; nothing wider than the screen.
/// </summary>
public sealed class YearCloseBrowserTests(DemoSchool school) : IClassFixture<DemoSchool>
{
    [Fact]
    public async Task The_director_closes_a_running_year_with_a_reason_and_builds_its_archive()
    {
        var page = await school.LogInAsync("direktor", 1366, 900);
        await page.GotoAsync("/Year/Rollover");
        await page.GetByRole(AriaRole.Button, new() { Name = "Показать, что будет сделано" }).ClickAsync();
        await Assertions.Expect(page.Locator("ul.rollover-counts li")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#preview p.errors")).ToContainTextAsync("ещё не закончился");
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("year-close/rollover-preview-1366.png"), FullPage = true });
        await page.SetViewportSizeAsync(360, 740);
        Assert.Equal(360, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("year-close/rollover-preview-360.png"), FullPage = true });
        await page.SetViewportSizeAsync(1366, 900);

        await page.Locator("textarea[name='Input.Reason']").FillAsync("Реорганизация школы: журнал переносится в новую систему");
        await page.GetByRole(AriaRole.Button, new() { Name = "Перейти на учебный год" }).ClickAsync();
        await DemoSchool.ArrivedAsync(page, "**/Year/Periods?yearId=*");

        await page.GotoAsync("/Admin/Archive/Year");
        await page.Locator("table.year-archive tbody tr").Filter(new() { HasText = "2026/2027" })
            .GetByRole(AriaRole.Button, new() { Name = "Собрать архив" }).ClickAsync();
        await Assertions.Expect(page.Locator("#year-archive-progress p.ok")).ToContainTextAsync("Готово: файлов", new() { Timeout = 300_000 });
        await page.ReloadAsync();
        Assert.Equal(3, await page.Locator("table.retention-parts tbody tr").CountAsync());
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("year-close/year-archive-1366.png"), FullPage = true });
        await page.SetViewportSizeAsync(360, 740);
        Assert.Equal(360, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("year-close/year-archive-360.png"), FullPage = true });
    }
}
