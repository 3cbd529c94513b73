using Xunit.Abstractions;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// «Внешние системы» on a desk and a phone: a client registered through the form, its secret shown once, nothing wider than the screen.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class OneRosterClientsBrowserTests(DemoSchool school, ITestOutputHelper output)
{
    [Fact]
    public async Task The_administrator_registers_a_system_and_sees_its_secret_once_on_a_desk_and_a_phone()
    {
        var desk = await school.LogInAsync("admin", 1366, 900);
        await desk.GotoAsync("/Admin/OneRoster/Clients");
        await desk.FillAsync("input[name=Name]", "Электронные курсы школы");
        await desk.CheckAsync("input[value$='roster-core.readonly']");
        await desk.CheckAsync("input[value$='gradebook-core.readonly']");
        await desk.ClickAsync("form.oneroster-form button[type=submit]");
        var secret = await desk.Locator(".oneroster-secret").TextContentAsync();
        Assert.Equal(43, secret!.Length);
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("oneroster/clients-desk.png"), FullPage = true });

        var phone = await school.LogInAsync("admin", 360, 740);
        await phone.GotoAsync("/Admin/OneRoster/Clients");
        Assert.DoesNotContain(secret, await phone.ContentAsync());
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("oneroster/clients-phone.png"), FullPage = true });
        output.WriteLine(DemoSchool.ScreenshotPath("oneroster/clients-desk.png"));
    }
}
