using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// «Импорт из таблиц» as the administrator does it (issue 15): the staff template downloaded from the page, filled with one new teacher,
/// uploaded, previewed, confirmed, seen in the list of imports — then undone, so the demo school the other page tests share is as it was.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class ImportBrowserTests(DemoSchool demo)
{
    [Fact]
    public async Task The_administrator_imports_a_teacher_from_the_template_through_the_preview_and_takes_it_back()
    {
        var desk = await demo.LogInAsync("admin", 1366, 900);
        await desk.GotoAsync("/Admin/Import");
        var template = await desk.RunAndWaitForDownloadAsync(() => desk.ClickAsync("a[href*='kind=staff'][href*='format=csv']"));
        var folder = Directory.CreateTempSubdirectory("sj-import-").FullName;
        var path = Path.Combine(folder, "сотрудники_музыка_2026-2027_дополнение_к_штатному_расписанию.csv");
        await template.SaveAsAsync(path);
        try
        {
            // The template's header line stays; its two sample rows give way to one teacher of our own.
            var header = File.ReadLines(path).First().TrimStart('\uFEFF');
            var separator = header.Contains(';') ? ";" : ",";
            var row = string.Join(separator, "Тестова", "Анна", "Сергеевна", "учитель музыки", "1", "", "", "", "01.09.2026");
            await File.WriteAllTextAsync(path, header + "\r\n" + row + "\r\n", new System.Text.UTF8Encoding(true));

            await desk.SelectOptionAsync("select[name=kind]", "staff");
            await desk.Locator("input[type=file]").SetInputFilesAsync(path);
            await desk.GetByRole(AriaRole.Button, new() { Name = "Проверить" }).ClickAsync();
            await Assertions.Expect(desk.Locator(".import-counts")).ToHaveTextAsync("Будет создано: 1 · изменено: 0 · без изменений: 0");
            await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("import/staff-preview-desk.png"), FullPage = true });

            await desk.GetByRole(AriaRole.Button, new() { Name = "Подтвердить импорт" }).ClickAsync();
            await Assertions.Expect(desk.Locator(".message")).ToHaveTextAsync("Импорт выполнен: создано 1, изменено 0, без изменений 0.");
            var batch = desk.Locator("table.import-batches tbody tr").First;
            await Assertions.Expect(batch.Locator("td[data-label='Что']")).ToHaveTextAsync("Сотрудники");
            await Assertions.Expect(batch.Locator("td[data-label='Итог']")).ToContainTextAsync("создано: 1");

            var phone = await demo.LogInAsync("admin", 360, 740);
            await phone.GotoAsync("/Admin/Import");
            Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
            // A long file name wraps inside its card instead of running out of it.
            var file = phone.Locator("table.import-batches tbody tr").First.Locator("td[data-label='Файл']");
            Assert.True(await file.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth && e.closest('section').scrollWidth <= 360"),
                "имя файла выходит за свою строку");
            await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("import/import-list-phone.png"), FullPage = true });

            await batch.GetByRole(AriaRole.Button, new() { Name = "Отменить импорт" }).ClickAsync();
            await Assertions.Expect(desk.Locator(".message")).ToHaveTextAsync("Импорт отменён: удалено записей 1, возвращено прежних значений 0.");
            await Assertions.Expect(desk.Locator("table.import-batches tbody tr").First.Locator("td[data-label='Итог']"))
                .ToContainTextAsync("отменён");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
