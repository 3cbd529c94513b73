namespace SchoolJournal.BrowserTests.Pages;

/// <summary>«Экспорт» on a desk and on a phone: every list's two downloads, nothing wider than the screen.</summary>
[Collection(PagesCollection.Name)]
public sealed class ExportBrowserTests(DemoSchool school)
{
    [Fact]
    public async Task The_administrator_finds_every_list_on_a_desk_and_the_page_fits_a_phone()
    {
        var desk = await school.LogInAsync("admin", 1366, 900);
        await desk.GotoAsync("/Admin/Export");
        Assert.Equal(8, await desk.Locator(".export-links a").CountAsync());
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("export/export-desk.png"), FullPage = true });

        var phone = await school.LogInAsync("admin", 360, 740);
        await phone.GotoAsync("/Admin/Export");
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("export/export-phone.png"), FullPage = true });
    }
}
