using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// «Для региональной системы и Госуслуг» on «Экспорт» on a desk and a phone: the demo school's week downloaded through the card, the log
/// row under it; and the consent form with its new «передача» box on the class teacher's parents page.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class RegionalExportBrowserTests(DemoSchool school, ITestOutputHelper output)
{
    [Fact]
    public async Task The_administrator_downloads_the_demo_schools_week_and_sees_it_in_the_log_on_a_desk_and_a_phone()
    {
        var desk = await school.LogInAsync("admin", 1366, 900);
        await desk.GotoAsync("/Admin/Export");
        await desk.Locator(".regional-form input[name='Regional.From']").FillAsync("2026-11-16");
        await desk.Locator(".regional-form input[name='Regional.To']").FillAsync("2026-11-20");
        await desk.Locator(".regional-form input[value='gosuslugi']").CheckAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var download = await desk.RunAndWaitForDownloadAsync(() => desk.Locator(".regional-form button[type='submit']").ClickAsync());
        output.WriteLine($"Regional package of the demo school's week: {clock.ElapsedMilliseconds} ms");
        Assert.Equal("regional-gosuslugi-2026-11-16-2026-11-20.json", download.SuggestedFilename);
        await download.SaveAsAsync(DemoSchool.ScreenshotPath("export/regional-demo-week.json"));

        // The download leaves the page where it was: load it again for the log.
        await desk.ReloadAsync();
        await Assertions.Expect(desk.Locator(".regional-log tbody tr").First).ToContainTextAsync("16.11.2026–20.11.2026");
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("export/regional-desk.png"), FullPage = true });

        var phone = await school.LogInAsync("admin", 360, 740);
        await phone.GotoAsync("/Admin/Export");
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("export/regional-phone.png"), FullPage = true });
        await phone.Locator("section.regional-export").ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("export/regional-phone-card.png") });
    }

    [Fact]
    public async Task The_consent_form_offers_the_transfer_on_a_desk_and_a_phone()
    {
        var ids = await DemoIds.Of(school);
        foreach (var (width, name) in new[] { (1366, "desk"), (360, "phone") })
        {
            var page = await school.LogInAsync("klass", width, 900);
            await page.GotoAsync($"/Parents/Class/{ids.ClassId}");
            var form = page.Locator("details.parent-form").First;
            await form.Locator("summary").ClickAsync();
            await Assertions.Expect(form.Locator("input[name='Scope'][value='transfer']")).ToBeVisibleAsync();
            if (width == 360) Assert.Equal(360, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
            await form.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"export/consent-form-{name}.png") });
        }
    }
}
