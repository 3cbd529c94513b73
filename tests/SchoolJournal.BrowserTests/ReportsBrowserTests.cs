using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests;

/// <summary>
/// The director on a desk and the deputy on a phone open every report from the menu «Отчёты» in a real browser (one width
/// each: the reports are the same for both, and the pair keeps the lane within the suite's quarter of an hour).
/// </summary>
public sealed class ReportsBrowserTests(DemoSchool school) : IClassFixture<DemoSchool>
{
    [Theory]
    [InlineData("direktor", 1366)]
    [InlineData("zavuch", 360)]
    public async Task The_administration_opens_every_report(string login, int width)
    {
        var page = await school.LogInAsync(login, width);
        await page.GotoAsync("/");
        if (width == 1366) await page.GetByRole(AriaRole.Link, new() { Name = "Отчёты", Exact = true }).ClickAsync();
        else await page.GotoAsync("/Reports");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Отчёты" })).ToBeVisibleAsync();
        var links = new[]
        {
            "Успеваемость и качество", "Текущая успеваемость и прогноз", "Пропуски", "Результаты ВШК", "Неудовлетворительные отметки",
            "Ведение журналов", "Выполнение учебного плана", "Нагрузка учителей", "Анализ класса", "Активность пользователей",
        };
        foreach (var name in links)
        {
            await page.GotoAsync("/Reports");
            await page.Locator("ul.report-list").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(name);
            await Assertions.Expect(page.Locator("footer.foot")).ToBeAttachedAsync();
            await Assertions.Expect(page.Locator("table.report tbody tr").First).ToBeVisibleAsync();
            var file = DemoSchool.ScreenshotPath($"report-{login}-{width}-{Array.IndexOf(links, name)}.png");
            await page.ScreenshotAsync(new() { Path = file, FullPage = true });
        }
        // «Пропуски» of one class: each student and the topics he missed.
        await page.GotoAsync("/Reports/Absences");
        await page.Locator("select[name=classId]").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Показать" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.students tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("figure.chart svg")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"report-{login}-{width}-absences-class.png"), FullPage = true });
        // «Неудовлетворительные отметки» of one class: each «2», its topic and whether it was corrected.
        await page.GotoAsync("/Reports/FailingMarks");
        await page.Locator("select[name=periodId]").SelectOptionAsync(new SelectOptionValue { Label = "II четверть (5–9 кл.)" });
        await page.Locator("select[name=classId]").SelectOptionAsync(new SelectOptionValue { Label = "7А" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Показать" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.marks tbody tr").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"report-{login}-{width}-failing-class.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// «Анализ класса»: the class teacher of 5А («klass») is offered his class only, on a desk and on a phone, and another class's
    /// address gives him the Russian refusal page; the director chooses 7А among every class.
    /// </summary>
    [Fact]
    public async Task The_class_teacher_sees_only_his_class_analysis_and_the_director_any()
    {
        var director = await school.LogInAsync("direktor", 1366);
        await director.GotoAsync("/Reports/ClassAnalysis");
        await director.Locator("select[name=classId]").SelectOptionAsync(new SelectOptionValue { Label = "7А" });
        await director.GetByRole(AriaRole.Button, new() { Name = "Показать" }).ClickAsync();
        await Assertions.Expect(director.Locator("h1")).ToContainTextAsync("Анализ класса 7А");
        await Assertions.Expect(director.Locator("table.students tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(director.Locator("figure.chart svg").First).ToBeVisibleAsync();
        var otherClass = new Uri(director.Url).Query;
        await director.GotoAsync("/Reports/Activity?role=parent");
        await Assertions.Expect(director.Locator("table.activity-users tbody tr").First).ToBeVisibleAsync();
        await director.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("activity-direktor-1366-top.png") });
        await director.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("class-analysis-direktor-1366.png"), FullPage = true });
        await director.Context.CloseAsync();

        foreach (var width in new[] { 1366, 360 })
        {
            var page = await school.LogInAsync("klass", width);
            await page.GotoAsync("/Reports");
            await page.Locator("ul.report-list").GetByRole(AriaRole.Link, new() { Name = "Анализ класса", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Анализ класса 5А");
            await Assertions.Expect(page.Locator("select[name=classId] option")).ToHaveTextAsync(["5А"]);
            await Assertions.Expect(page.Locator("table.week tbody tr")).ToHaveCountAsync(3);
            await Assertions.Expect(page.Locator("figure.chart svg").First).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
                "the page is wider than the screen");
            await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"class-analysis-klass-{width}.png"), FullPage = true });
            await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"class-analysis-klass-{width}-top.png") });
            await page.GetByRole(AriaRole.Heading, new() { Name = "По предметам", Exact = true }).ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"class-analysis-klass-{width}-subjects.png") });
            await page.GotoAsync("/Reports/ClassAnalysis" + otherClass);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Нет доступа");
            await page.Context.CloseAsync();
        }
    }
}
