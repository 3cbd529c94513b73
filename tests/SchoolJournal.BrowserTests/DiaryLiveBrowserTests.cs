using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests;

/// <summary>
/// The live diary in real browsers (R-DIARY-2): the parent keeps his child's diary open; the teacher, in another browser
/// context, puts a mark in today's 5А maths lesson through the journal grid; the mark appears on the parent's page
/// without a reload (outbox → dispatcher → SignalR → htmx reload of #diary-week).
/// </summary>
public sealed class DiaryLiveBrowserTests(DemoSchool school) : IClassFixture<DemoSchool>
{
    [Fact]
    public async Task Parents_open_diary_shows_a_mark_the_teacher_puts_in_another_browser()
    {
        // The child's id, as his own diary names it.
        var child = await school.LogInAsync("uchenik");
        await child.GotoAsync("/Diary");
        var studentId = await child.Locator("#diary-week").GetAttributeAsync("data-live-student");
        Assert.False(string.IsNullOrEmpty(studentId), "Дневник ученика не называет его (data-live-student).");

        var parent = await school.LogInAsync("roditel", width: 390, height: 844);
        await parent.GotoAsync($"/Diary?studentId={studentId}");
        var week = parent.Locator("#diary-week");
        await Assertions.Expect(week).ToHaveAttributeAsync("data-live-student", studentId!);
        await Assertions.Expect(parent.Locator("html")).ToHaveAttributeAsync("data-diary-live", "on", new() { Timeout = 15000 });
        var fives = week.Locator(".mark", new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"^\s*5\s*$") });
        var before = await fives.CountAsync();
        await parent.EvaluateAsync("() => { window.notReloaded = true; }");

        var teacher = await school.LogInAsync("uchitel");
        await teacher.GetByRole(AriaRole.Navigation, new() { Name = "Разделы" }).GetByRole(AriaRole.Link, new() { Name = "Журналы" }).ClickAsync();
        var row5A = teacher.Locator("table.journals tbody tr").Filter(new() { HasText = "Математика" })
            .Filter(new() { Has = teacher.Locator("td", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^5А$") }) });
        await row5A.First.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(teacher.Locator("h1")).ToContainTextAsync("Математика · 5А");
        await teacher.WaitForFunctionAsync("() => document.documentElement.classList.contains('js') && 'htmx' in window");
        var todayIndex = await teacher.Locator("table.journal thead th")
            .EvaluateAllAsync<int>("(ths) => ths.findIndex(th => th.classList.contains('today'))");
        Assert.True(todayIndex > 0, "В журнале 5А по математике нет сегодняшнего урока (23.11).");
        var cell = teacher.Locator("table.journal tbody tr")
            .Filter(new() { Has = teacher.Locator($"th#s{studentId}") }).Locator("> *").Nth(todayIndex);
        await cell.ClickAsync();
        await Assertions.Expect(cell.Locator("input.entry")).ToBeFocusedAsync();
        await teacher.Keyboard.TypeAsync("5");
        await teacher.Keyboard.PressAsync("Enter");
        await Assertions.Expect(cell.Locator(".mark").Last).ToHaveTextAsync("5");

        await Assertions.Expect(fives).ToHaveCountAsync(before + 1, new() { Timeout = 15000 });
        Assert.True(await parent.EvaluateAsync<bool>("() => window.notReloaded === true"),
            "Страница родителя перезагрузилась, а должна была обновиться сама.");
        await parent.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("diary-live-parent-390.png"), FullPage = true });
    }
}
