using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>«Настройки школы» on a desk and on a phone: a wrong threshold named, nothing wider than the screen.</summary>
[Collection(PagesCollection.Name)]
public sealed class SettingsBrowserTests(DemoSchool school)
{
    [Fact]
    public async Task The_director_sees_a_wrong_threshold_named_on_a_desk_and_the_page_fits_a_phone()
    {
        var desk = await school.LogInAsync("direktor", 1366, 900);
        await desk.GotoAsync("/Admin/Settings");
        await desk.GetByLabel("«4» от").FillAsync("4,9");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(desk.Locator(".errors[role=alert]")).ToContainTextAsync("Порог «5» должен быть больше порога «4»");
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("settings/settings-desk.png"), FullPage = true });

        var phone = await school.LogInAsync("direktor", 360, 740);
        await phone.GotoAsync("/Admin/Settings");
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("settings/settings-phone.png"), FullPage = true });
    }
}
