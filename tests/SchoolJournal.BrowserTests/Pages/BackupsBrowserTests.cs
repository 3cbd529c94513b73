using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>/Admin/Backups on a desk and on a phone: a copy made, the check run, nothing wider than the screen.</summary>
[Collection(PagesCollection.Name)]
public sealed class BackupsBrowserTests(DemoSchool school)
{
    [Fact]
    public async Task The_administrator_makes_a_copy_and_checks_the_journal_on_a_desk_and_on_a_phone()
    {
        var page = await school.LogInAsync("admin", 1366, 900);
        await page.GotoAsync("/Admin/Backups");
        await page.GetByRole(AriaRole.Button, new() { Name = "Создать копию" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.flash")).ToContainTextAsync("Резервная копия backup-", new() { Timeout = 120_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Проверить сейчас" }).ClickAsync();
        await Assertions.Expect(page.Locator(".integrity p.ok")).ToContainTextAsync("журнал аудита цел", new() { Timeout = 120_000 });
        Assert.Equal(1, await page.Locator("table.backups tbody tr").CountAsync());
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("archive/backups-desk.png"), FullPage = true });

        var phone = await school.LogInAsync("admin", 360, 740);
        await phone.GotoAsync("/Admin/Backups");
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("archive/backups-phone.png"), FullPage = true });
    }
}
