using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SchoolJournal.Web.Data;

namespace SchoolJournal.BrowserTests;

/// <summary>Logins for a whole class in one action (R-SEC-3), and a parent's first sign-in with a slip's password.</summary>
public sealed partial class CredentialsBrowserTests(DemoSchool school) : IClassFixture<DemoSchool>
{
    [Fact]
    public async Task The_class_teacher_issues_slips_for_all_of_5A_and_a_parent_signs_in_with_one_and_must_change_it()
    {
        var page = await school.LogInAsync("klass", 1366, 900);
        await page.Locator("nav.main a[href='/Credentials']").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "5А", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Логины и пароли: 5А" })).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Выдать логины всему классу (PDF)" }).ClickAsync(), new() { Timeout = 120_000 });

        var file = Path.Combine(Path.GetTempPath(), $"sj-slips-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(file);
        var bytes = await File.ReadAllBytesAsync(file);
        File.Delete(file);
        var (text, pages) = SlipText(bytes);
        var slips = Slip().Matches(text);
        var (people, withoutLogin, ledger) = await ClassFactsAsync();
        // Every student and parent of 5А has a login now; a slip for each who had none (the demo's roditel and uchenik had one).
        Assert.Equal(0, withoutLogin);
        Assert.Equal(ledger, slips.Count);
        Assert.Equal(people - 2, slips.Count);
        Assert.Equal((slips.Count + 7) / 8, pages);
        var parent = ParentSlip().Match(text);
        Assert.True(parent.Success, "В листках нет ни одного родителя");
        await page.ReloadAsync();
        Assert.Equal(ledger, await page.Locator("table.credential-ledger tbody tr").CountAsync());
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("credentials/class-desk.png"), FullPage = true });

        var parentPage = await (await school.Browser.NewContextAsync(new() { BaseURL = school.BaseUrl, Locale = "ru-RU" })).NewPageAsync();
        await parentPage.GotoAsync("/Account/Login");
        await parentPage.GetByLabel("Логин").FillAsync(parent.Groups["login"].Value);
        await parentPage.GetByLabel("Пароль").FillAsync(parent.Groups["password"].Value);
        await parentPage.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();

        await DemoSchool.ArrivedAsync(parentPage, "**/Account/ChangePassword**");
        await Assertions.Expect(parentPage.Locator(".notice")).ToContainTextAsync("первый вход");
        await parentPage.GotoAsync("/Diary");
        Assert.Contains("/Account/ChangePassword", parentPage.Url);
        await parentPage.GetByLabel("Текущий пароль").FillAsync(parent.Groups["password"].Value);
        await parentPage.GetByLabel("Новый пароль", new() { Exact = true }).FillAsync("Semya2026");
        await parentPage.GetByLabel("Новый пароль ещё раз").FillAsync("Semya2026");
        await parentPage.GetByRole(AriaRole.Button, new() { Name = "Сменить пароль" }).ClickAsync();
        await DemoSchool.ArrivedAsync(parentPage, "**/Diary");
        await Assertions.Expect(parentPage.GetByText("Пароль изменён.")).ToBeVisibleAsync();
        Assert.EndsWith("/Diary", parentPage.Url);
        await parentPage.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("credentials/parent-after-change.png") });
    }

    [Fact]
    public async Task The_accounts_and_credentials_pages_at_desk_and_phone_widths()
    {
        foreach (var width in new[] { 1366, 360 })
        {
            var admin = await school.LogInAsync("admin", width, 900);
            await admin.GotoAsync("/Admin/Accounts?q=%D0%BE%D0%B2");
            await Assertions.Expect(admin.Locator("table.accounts tbody tr").First).ToBeVisibleAsync();
            Assert.True(await admin.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width + 1, $"/Admin/Accounts шире {width}");
            await admin.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"credentials/accounts-{width}.png") });
            await admin.Locator("table.accounts tbody tr a").First.ClickAsync();
            await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Выдать новый пароль" })).ToBeVisibleAsync();
            await admin.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"credentials/account-{width}.png"), FullPage = true });

            var leader = await school.LogInAsync("klass", width, 900);
            await leader.GotoAsync("/Credentials");
            await leader.GetByRole(AriaRole.Link, new() { Name = "5А", Exact = true }).ClickAsync();
            await Assertions.Expect(leader.Locator("tr.student-row").First).ToBeVisibleAsync();
            Assert.True(await leader.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width + 1, $"Логины шире {width}");
            await leader.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"credentials/class-{width}.png") });
        }
    }

    /// <summary>5А's students and their parents today, how many of them have no login, and the class's ledger lines.</summary>
    private async Task<(int People, int WithoutLogin, int Ledger)> ClassFactsAsync()
    {
        await using var scope = school.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var cls = await db.SchoolClasses.IgnoreQueryFilters().Where(c => c.Grade == 5 && c.Letter == "А").Select(c => c.Id).FirstAsync();
        var today = DemoSchool.Today;
        var students = db.Students.IgnoreQueryFilters()
            .Where(s => s.Enrolments.Any(e => e.SchoolClassId == cls && e.From <= today && (e.To == null || e.To >= today)));
        var parents = db.Parents.IgnoreQueryFilters().Where(p => p.Children.Any(sp => students.Any(s => s.Id == sp.StudentId)));
        var people = await students.CountAsync() + await parents.CountAsync();
        var without = await students.CountAsync(s => s.UserId == null) + await parents.CountAsync(p => p.UserId == null);
        return (people, without, await db.CredentialIssues.IgnoreQueryFilters().CountAsync(c => c.SchoolClassId == cls));
    }

    /// <summary>The slips' text column by column (left, then right), top to bottom: two slips side by side share their lines.</summary>
    private static (string Text, int Pages) SlipText(byte[] pdf)
    {
        using var doc = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Join(" ", doc.GetPages().SelectMany(p => p.GetWords()
            .OrderBy(w => w.BoundingBox.Left < p.Width / 2 ? 0 : 1).ThenByDescending(w => Math.Round(w.BoundingBox.Bottom, 1))
            .ThenBy(w => w.BoundingBox.Left)
            .Select(w => w.Text)));
        return (text, doc.NumberOfPages);
    }

    [GeneratedRegex(@"Логин: \S+ Пароль: \S+")]
    private static partial Regex Slip();

    [GeneratedRegex(@"Родитель \(законный представитель\):.*?Логин: (?<login>\S+) Пароль: (?<password>\S+)")]
    private static partial Regex ParentSlip();
}
