using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// «Экспорт» on a desk and on a phone: every list's two downloads, the OneRoster package and the whole school's, nothing wider than the
/// screen.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class ExportBrowserTests(DemoSchool demo, ITestOutputHelper output)
{
    private static readonly PageRunAndWaitForDownloadOptions WholeSchool = new() { Timeout = 120_000 };

    [Fact]
    public async Task The_administrator_finds_every_list_on_a_desk_and_the_page_fits_a_phone()
    {
        var desk = await demo.LogInAsync("admin", 1366, 900);
        await desk.GotoAsync("/Admin/Export");
        Assert.Equal(8, await desk.Locator(".export-links a").CountAsync());
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("export/export-desk.png"), FullPage = true });
        // The demo school's package (720 students, 956 parents) through the page's button. Both packages read the whole school: the
        // full one took 3 s alone and 15 s beside the two database lanes here, over Playwright's 30 s on CI's machine (stop 35),
        // so the wait is the two minutes the other whole-school tasks of this suite have. Their speed is the bench's, not this test's.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var download = await desk.RunAndWaitForDownloadAsync(() => desk.ClickAsync("a.oneroster-download"), WholeSchool);
        output.WriteLine($"OneRoster package of the demo school: {clock.ElapsedMilliseconds} ms");
        Assert.Matches(@"^oneroster-\d{4}-\d{2}-\d{2}\.zip$", download.SuggestedFilename);
        await download.SaveAsAsync(DemoSchool.ScreenshotPath("export/oneroster-demo.zip"));
        // The whole school in one archive (decision record 0017), the administrator's button.
        clock.Restart();
        var school = await desk.RunAndWaitForDownloadAsync(() => desk.ClickAsync("a.school-download"), WholeSchool);
        output.WriteLine($"Full package of the demo school: {clock.ElapsedMilliseconds} ms");
        Assert.Matches(@"^school-\d+-\d{4}-\d{2}-\d{2}\.zip$", school.SuggestedFilename);

        var phone = await demo.LogInAsync("admin", 360, 740);
        await phone.GotoAsync("/Admin/Export");
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("export/export-phone.png"), FullPage = true });
    }
}
