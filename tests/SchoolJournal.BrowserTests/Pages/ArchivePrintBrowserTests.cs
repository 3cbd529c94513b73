using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// «Печать журналов» (R-ARCH-1), «Сбои системы» and «Бланки» (R-ARCH-5) on a desk and on a phone: the director prints 5А's journal and
/// sees it listed, registers an outage; the class teacher opens the blank forms; nothing wider than the screen.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class ArchivePrintBrowserTests(DemoSchool school)
{
    [Fact]
    public async Task The_director_prints_a_class_journal_registers_an_outage_and_the_class_teacher_opens_the_forms()
    {
        var page = await school.LogInAsync("direktor", 1366, 900);
        await page.GotoAsync("/Admin/Archive/Journals");
        await page.Locator("select[name=ClassId]").SelectOptionAsync(new SelectOptionValue { Label = "5А" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Печать журналов за год" }).ClickAsync();
        await Assertions.Expect(page.Locator("#journal-print-progress p.ok"))
            .ToContainTextAsync("Готово: 1 из 1 классов", new() { Timeout = 120_000 });
        Assert.Equal(1, await page.Locator("table.journal-print-files tbody tr").CountAsync());
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("archive/journal-print-1366.png"), FullPage = true });

        await page.GotoAsync("/Admin/Outages");
        await page.Locator("input[name=From]").FillAsync("2026-11-16");
        await page.Locator("input[name=To]").FillAsync("2026-11-17");
        await page.Locator("input[name=Reason]").FillAsync("Нет интернета в школе");
        await page.GetByRole(AriaRole.Button, new() { Name = "Зарегистрировать" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.outages tbody tr")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("archive/outages-1366.png"), FullPage = true });

        var phone = await school.LogInAsync("direktor", 360, 740);
        foreach (var (url, name) in new[] { ("/Admin/Archive/Journals", "journal-print"), ("/Admin/Outages", "outages") })
        {
            await phone.GotoAsync(url);
            Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
            await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"archive/{name}-360.png"), FullPage = true });
        }

        foreach (var width in new[] { 1366, 360 })
        {
            var leader = await school.LogInAsync("klass", width, width == 360 ? 740 : 900);
            await leader.GotoAsync("/Journal/BlankForms");
            Assert.Equal(width, await leader.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
            await leader.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"archive/blank-forms-{width}.png"), FullPage = true });
        }
    }
}
