using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests;

/// <summary>The journal grid in a real browser: keyboard entry through htmx, and the class teacher's read-only view.</summary>
public sealed class JournalBrowserTests(DemoSchool school) : IClassFixture<DemoSchool>
{
    [Fact]
    public async Task Teacher_enters_marks_and_an_absence_with_the_keyboard_and_class_teacher_sees_them_read_only()
    {
        var page = await school.LogInAsync("uchitel");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Разделы" }).GetByRole(AriaRole.Link, new() { Name = "Журналы" }).ClickAsync();
        var row5A = page.Locator("table.journals tbody tr").Filter(new() { HasText = "Математика" })
            .Filter(new() { Has = page.Locator("td", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^5А$") }) });
        await row5A.First.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Математика · 5А");
        var journalUrl = page.Url;
        await page.WaitForFunctionAsync("() => document.documentElement.classList.contains('js') && 'htmx' in window");

        // Today's column: its index among the header cells is the index of its cells in every row.
        var headers = page.Locator("table.journal thead th");
        var todayIndex = await headers.EvaluateAllAsync<int>("(ths) => ths.findIndex(th => th.classList.contains('today'))");
        Assert.True(todayIndex > 0, "В журнале нет колонки сегодняшнего урока (23.11).");
        await Assertions.Expect(headers.Nth(todayIndex)).ToContainTextAsync("23.11");
        var rows = page.Locator("table.journal tbody tr");
        ILocator Cell(int row) => rows.Nth(row).Locator("> *").Nth(todayIndex);
        var names = new List<string>();
        for (var i = 0; i < 4; i++) names.Add((await rows.Nth(i).Locator("th.name").InnerTextAsync()).Trim());

        // A click brings the grid's one entry field into the first student's cell of today, then the keyboard only: Enter saves and
        // moves the field down to the next student.
        await Assertions.Expect(page.Locator("table.journal input.entry")).ToHaveCountAsync(1);
        await Cell(0).ClickAsync();
        await Assertions.Expect(Cell(0).Locator("input.entry")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("5");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Cell(0).Locator(".mark").Last).ToHaveTextAsync("5");
        await Assertions.Expect(Cell(1).Locator("input.entry")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("4");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Cell(1).Locator(".mark").Last).ToHaveTextAsync("4");
        await Assertions.Expect(Cell(2).Locator("input.entry")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("3");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Cell(2).Locator(".mark").Last).ToHaveTextAsync("3");
        await Assertions.Expect(Cell(3).Locator("input.entry")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("н");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Cell(3).Locator(".code")).ToHaveTextAsync("Н");
        await Assertions.Expect(Cell(4).Locator("input.entry")).ToBeFocusedAsync();
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("journal-teacher-typed.png") });

        await page.ReloadAsync();
        await Assertions.Expect(Cell(0).Locator(".mark").Last).ToHaveTextAsync("5");
        await Assertions.Expect(Cell(1).Locator(".mark").Last).ToHaveTextAsync("4");
        await Assertions.Expect(Cell(2).Locator(".mark").Last).ToHaveTextAsync("3");
        await Assertions.Expect(Cell(3).Locator(".code")).ToHaveTextAsync("Н");
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("journal-teacher.png"), FullPage = true });

        var leader = await school.LogInAsync("klass");
        await leader.GotoAsync(journalUrl);
        await Assertions.Expect(leader.Locator("#journal-mode")).ToHaveTextAsync("только просмотр");
        await Assertions.Expect(leader.Locator("table.journal input")).ToHaveCountAsync(0);
        var leaderRows = leader.Locator("table.journal tbody tr");
        ILocator LeaderCell(int row) => leaderRows.Nth(row).Locator("> *").Nth(todayIndex);
        for (var i = 0; i < 4; i++)
            await Assertions.Expect(leaderRows.Nth(i).Locator("th.name")).ToHaveTextAsync(names[i]);
        await Assertions.Expect(LeaderCell(0).Locator(".mark").Last).ToHaveTextAsync("5");
        await Assertions.Expect(LeaderCell(1).Locator(".mark").Last).ToHaveTextAsync("4");
        await Assertions.Expect(LeaderCell(2).Locator(".mark").Last).ToHaveTextAsync("3");
        await Assertions.Expect(LeaderCell(3).Locator(".code")).ToHaveTextAsync("Н");
        await leader.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("journal-class-teacher.png"), FullPage = true });

        var phone = await school.LogInAsync("klass", width: 390, height: 844);
        await phone.GotoAsync(journalUrl);
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("journal-class-teacher-390.png"), FullPage = true });
        var teacherPhone = await school.LogInAsync("uchitel", width: 390, height: 844);
        await teacherPhone.GotoAsync(journalUrl);
        // On a phone only a few columns fit: the grid opens scrolled so that today's column is on the screen, right of the names.
        var todayHeader = teacherPhone.Locator("table.journal thead th").Nth(todayIndex);
        var scroller = (await teacherPhone.Locator(".journal-scroll").BoundingBoxAsync())!;
        var nameColumn = (await teacherPhone.Locator("table.journal thead th.name").BoundingBoxAsync())!;
        var today = (await todayHeader.BoundingBoxAsync())!;
        Assert.True(today.X >= nameColumn.X + nameColumn.Width - 1 && today.X + today.Width <= scroller.X + scroller.Width + 1,
            $"Колонка 23.11 не видна при открытии журнала: x={today.X}, имена до {nameColumn.X + nameColumn.Width}, "
            + $"окно до {scroller.X + scroller.Width}.");
        await teacherPhone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("journal-teacher-390.png") });
        await teacherPhone.GotoAsync("/Journal");
        await teacherPhone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("journals-teacher-390.png"), FullPage = true });
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("journal-print.png"), FullPage = true });
        var lessonLink = page.Locator("table.journal thead th").Nth(todayIndex).Locator("a");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await lessonLink.ClickAsync();
        await Assertions.Expect(page.Locator("#students")).ToContainTextAsync(names[0]);
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("lesson-teacher.png"), FullPage = true });
    }

    /// <summary>
    /// The period grade in a row's last cell (written by <c>GradeCellHtml</c>, not a partial, since issue 16): chosen in its list, saved
    /// by htmx, shown in the cell, and shown again after a reload (the grid comes from the read cache, which the save dropped).
    /// </summary>
    [Fact]
    public async Task Teacher_sets_a_period_grade_in_the_last_cell_and_sees_it_after_a_reload_on_a_desk_and_a_phone()
    {
        foreach (var (width, row, grade, shot) in new[] { (1366, 6, "4", "journal-grade-1366.png"), (360, 7, "5", "journal-grade-360.png") })
        {
            var page = await school.LogInAsync("uchitel", width: width, height: 900);
            await page.GotoAsync("/Journal");
            var row5A = page.Locator("table.journals tbody tr").Filter(new() { HasText = "Математика" })
                .Filter(new() { Has = page.Locator("td", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^5А$") }) });
            await row5A.First.GetByRole(AriaRole.Link).ClickAsync();
            await page.WaitForFunctionAsync("() => document.documentElement.classList.contains('js') && 'htmx' in window");
            var final = page.Locator("table.journal tbody tr").Nth(row).Locator("td.final");
            await final.Locator("select").ScrollIntoViewIfNeededAsync();

            await final.Locator("select").SelectOptionAsync(grade);

            await Assertions.Expect(page.Locator("table.journal tbody tr").Nth(row).Locator("td.final b.grade")).ToHaveTextAsync(grade);
            await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath(shot) });
            await page.ReloadAsync();
            var again = page.Locator("table.journal tbody tr").Nth(row).Locator("td.final");
            await Assertions.Expect(again.Locator("b.grade")).ToHaveTextAsync(grade);
            await Assertions.Expect(again.Locator("select")).ToHaveValueAsync(grade);
        }
    }
}
