using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests;

/// <summary>A compromised account in a real browser: the class teacher reports a parent's account, the director rolls back.</summary>
public sealed class IncidentBrowserTests(DemoSchool school) : IClassFixture<DemoSchool>
{
    [Fact]
    public async Task The_class_teacher_reports_a_parents_account_and_the_director_sees_the_incident_and_rolls_it_back()
    {
        var teacher = await school.LogInAsync("klass", 1366);
        var violations = new List<string>();
        teacher.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) violations.Add(m.Text); };
        await teacher.GotoAsync("/Account/Compromised");
        var whose = teacher.GetByLabel("Чья учётная запись");
        var parent = (await whose.Locator("option").AllInnerTextsAsync()).First(o => o.StartsWith("Родитель: ", StringComparison.Ordinal));
        await whose.SelectOptionAsync(new SelectOptionValue { Label = parent });
        await teacher.GetByLabel("Что произошло").FillAsync("Пароль записан на листке, листок потерян");
        await teacher.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("incident-report-1366.png"), FullPage = true });
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Сообщить и заблокировать" }).ClickAsync();
        await Assertions.Expect(teacher.Locator("p.flash[role=status]")).ToContainTextAsync("Учётная запись заблокирована");

        var director = await school.LogInAsync("direktor", 360, 780);
        await director.GotoAsync("/Admin/Incidents");
        await director.Locator("table.incidents tbody a").First.ClickAsync();
        await Assertions.Expect(director.Locator("section.card h2")).ToContainTextAsync(parent["Родитель: ".Length..].Split(' ')[0]);
        await director.GetByRole(AriaRole.Button, new() { Name = "Отменить действия" }).ClickAsync();
        await Assertions.Expect(director.Locator("section.card p.flash")).ToContainTextAsync("Отменено действий: 0");
        await director.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("incident-director-360.png"), FullPage = true });
        Assert.Empty(violations);
    }
}
