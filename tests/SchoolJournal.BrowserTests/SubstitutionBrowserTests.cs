using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests;

/// <summary>
/// Substitutions in a real browser (R-YEAR-13): the deputy registers a substitution of one of today's lessons through the
/// /Year/Substitutions form; the substitute sees it among his lessons today, marked as a substitution, and opens its journal.
/// </summary>
public sealed class SubstitutionBrowserTests(DemoSchool school) : IClassFixture<DemoSchool>
{
    [Fact]
    public async Task Deputy_registers_a_substitution_and_the_substitute_sees_and_opens_the_lesson()
    {
        var substitute = await school.LogInAsync("uchitel");
        // The header shows «Кузнецов А. И.»; the deputy's lists show full names: find his there by the initials.
        var shortName = (await substitute.Locator(".user .who").InnerTextAsync()).Trim();

        var deputy = await school.LogInAsync("zavuch");
        await deputy.GotoAsync("/Year/Substitutions");
        var form = deputy.Locator("#register-change");
        var options = await form.Locator("select[name=forTeacher] option").AllInnerTextsAsync();
        var name = options.Select(o => o.Trim()).Single(o => ShortOf(o) == shortName);
        // The lessons numbers the substitute already teaches today: he is free at the others.
        await form.Locator("select[name=forTeacher]").SelectOptionAsync(new SelectOptionValue { Label = name });
        await form.GetByRole(AriaRole.Button, new() { Name = "Показать уроки" }).ClickAsync();
        var busy = (await form.Locator("table.lessons-pick tbody td.num").AllInnerTextsAsync()).Select(t => t.Trim()).ToHashSet();

        // 9А: a class he does not teach.
        await form.Locator("select[name=forTeacher]").SelectOptionAsync(new SelectOptionValue { Label = "—" });
        await form.Locator("select[name=forClass]").SelectOptionAsync(new SelectOptionValue { Label = "9А" });
        await form.GetByRole(AriaRole.Button, new() { Name = "Показать уроки" }).ClickAsync();
        var rows = form.Locator("table.lessons-pick tbody tr");
        var count = await rows.CountAsync();
        Assert.True(count > 0, "У 9А сегодня нет уроков.");
        ILocator? chosen = null;
        for (var i = 0; i < count && chosen is null; i++)
            if (!busy.Contains((await rows.Nth(i).Locator("td.num").InnerTextAsync()).Trim())) chosen = rows.Nth(i);
        Assert.NotNull(chosen);
        var label = (await chosen.Locator("label").InnerTextAsync()).Trim();
        var subject = label[..label.IndexOf(" · ", StringComparison.Ordinal)];
        await chosen.Locator("input[type=radio]").CheckAsync();
        await form.Locator("select[name='Change.Kind']").SelectOptionAsync("substitution");
        await form.Locator("select[name='Change.TeacherId']").SelectOptionAsync(new SelectOptionValue { Label = name });
        await form.Locator("input[name='Change.Reason']").FillAsync("Больничный лист");
        await form.GetByRole(AriaRole.Button, new() { Name = "Зарегистрировать" }).ClickAsync();

        await Assertions.Expect(deputy.Locator(".flash")).ToContainTextAsync("Зарегистрировано: замена");
        await Assertions.Expect(deputy.Locator("#register table.changes")).ToContainTextAsync("Больничный лист");
        await deputy.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("substitutions-deputy.png"), FullPage = true });

        await substitute.GotoAsync("/");
        var row = substitute.Locator("#teacher table tbody tr.substitute").Filter(new() { HasText = "9А" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator(".tag")).ToHaveTextAsync("замена");
        await Assertions.Expect(row).ToContainTextAsync(subject);
        await substitute.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("substitutions-teacher-home.png"), FullPage = true });
        await row.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await Assertions.Expect(substitute.Locator("h1")).ToContainTextAsync(subject);
        await Assertions.Expect(substitute.Locator("#students")).ToBeVisibleAsync();
        await substitute.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("substitutions-lesson.png"), FullPage = true });
    }

    /// <summary>«Кузнецов Алексей Игоревич» → «Кузнецов А. И.», as the header writes a name.</summary>
    private static string ShortOf(string full)
    {
        var parts = full.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length < 2 ? full : string.Join(" ", [parts[0], .. parts.Skip(1).Select(p => p[0] + ".")]);
    }
}
