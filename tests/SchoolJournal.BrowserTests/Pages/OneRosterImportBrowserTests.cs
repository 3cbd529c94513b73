using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// «Импорт пакета OneRoster» on a desk and on a phone: the demo school's own package previews as «nothing to create or change», the
/// LongsightGroup package as what it will create with its notes, the broken Moodle package as its problems. Only previews: the demo
/// school is shared by the other page tests.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class OneRosterImportBrowserTests(DemoSchool school, ITestOutputHelper output)
{
    private static readonly string Standards = Path.Combine(Root(), "..", "shared", "standards", "oneroster");

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir.Parent is not null && !File.Exists(Path.Combine(dir.FullName, "SchoolJournal.slnx"))) dir = dir.Parent;
        return dir.FullName;
    }

    private static async Task PreviewAsync(IPage page, string file)
    {
        await page.GotoAsync("/Admin/Import/OneRoster");
        await page.Locator("input[type=file]").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Проверить" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Проверка пакета" })).ToBeVisibleAsync(new() { Timeout = 120_000 });
    }

    [Fact]
    public async Task The_administrator_previews_the_schools_own_package_a_foreign_one_and_a_broken_one_on_a_desk_and_a_phone()
    {
        var desk = await school.LogInAsync("admin", 1366, 900);
        await desk.GotoAsync("/Admin/Export");
        var download = await desk.RunAndWaitForDownloadAsync(() => desk.ClickAsync("a.oneroster-download"));
        var own = Path.Combine(Path.GetTempPath(), $"sj-oneroster-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(own);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await PreviewAsync(desk, own);
            output.WriteLine($"Preview of the demo school's own package: {clock.ElapsedMilliseconds} ms");
            var created = await desk.Locator("table.import-rows tbody td[data-label='Создать']").AllTextContentsAsync();
            var changed = await desk.Locator("table.import-rows tbody td[data-label='Изменить']").AllTextContentsAsync();
            Assert.All(created.Concat(changed), n => Assert.Equal("0", n.Trim()));
            await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("import/oneroster-own-desk.png"), FullPage = true });
        }
        finally
        {
            File.Delete(own);
        }

        await PreviewAsync(desk, Path.Combine(Standards, "longsight-fixtures", "oneroster12_full_graph_bulk.zip"));
        await Assertions.Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Подтвердить импорт" })).ToBeVisibleAsync();
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("import/oneroster-longsight-desk.png"), FullPage = true });

        await PreviewAsync(desk, Path.Combine(Standards, "moodle-enrol_oneroster", "v1p2_full_dataset.zip"));
        Assert.True(await desk.Locator("table.import-problems tbody tr").CountAsync() > 10);
        Assert.Equal(0, await desk.GetByRole(AriaRole.Button, new() { Name = "Подтвердить импорт" }).CountAsync());
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("import/oneroster-broken-desk.png"), FullPage = true });

        var phone = await school.LogInAsync("admin", 360, 740);
        await PreviewAsync(phone, Path.Combine(Standards, "moodle-enrol_oneroster", "oneroster_test_data.zip"));
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("import/oneroster-tolerant-phone.png"), FullPage = true });
        await PreviewAsync(phone, Path.Combine(Standards, "moodle-enrol_oneroster", "v1p2_full_dataset.zip"));
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("import/oneroster-broken-phone.png"), FullPage = true });
    }
}
