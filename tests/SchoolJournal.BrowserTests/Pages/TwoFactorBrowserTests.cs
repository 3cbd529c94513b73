using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using SchoolJournal.Web.Data;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// «Вход с кодом подтверждения» as a member of staff meets it: on a phone he connects the app from the QR page (the code computed
/// here from the key the page shows, as the phone would), keeps the recovery codes; at his desk he signs in with the password and
/// then the code.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class TwoFactorBrowserTests(DemoSchool school)
{
    private const string Login = "psiholog.2fa";

    private async Task CreateStaffAsync()
    {
        await using var scope = school.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync(Login) is { } old) await users.DeleteAsync(old);
        var schoolId = await scope.ServiceProvider.GetRequiredService<JournalDbContext>().Schools.Select(s => s.Id).FirstAsync();
        var user = new AppUser { UserName = Login, DisplayName = "Белова Ирина Олеговна", SchoolId = schoolId, LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, DemoSchool.Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Teacher);
    }

    private static string Code(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();

    [Fact]
    public async Task A_teacher_connects_the_app_on_a_phone_and_signs_in_with_the_code_at_his_desk()
    {
        await CreateStaffAsync();
        var phone = await school.LogInAsync(Login, 360, 740);
        await phone.GotoAsync("/Account/ChangePassword");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Вход с кодом подтверждения" }).ClickAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "Подключить" }).ClickAsync();
        var qr = phone.Locator("svg.qr");
        await Assertions.Expect(qr).ToBeVisibleAsync();
        var box = (await qr.BoundingBoxAsync())!;
        Assert.True(box.Width >= 150 && box.X + box.Width <= 360, $"QR-код {box.Width} px от {box.X} px");
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("two-factor/connect-phone.png"), FullPage = true });

        var key = (await phone.Locator("code.key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await phone.GetByLabel("Код из приложения").FillAsync(Code(key));
        await phone.GetByRole(AriaRole.Button, new() { Name = "Включить вход с кодом" }).ClickAsync();
        await Assertions.Expect(phone.Locator("p.flash")).ToContainTextAsync("Вход с кодом подтверждения включён");
        await Assertions.Expect(phone.Locator("ol.codes li")).ToHaveCountAsync(10);
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("two-factor/recovery-codes-phone.png"), FullPage = true });
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));

        var context = await school.Browser.NewContextAsync(
            new() { BaseURL = school.BaseUrl, ViewportSize = new() { Width = 1366, Height = 900 }, Locale = "ru-RU" });
        var desk = await context.NewPageAsync();
        await desk.GotoAsync("/Account/Login");
        await desk.GetByLabel("Логин").FillAsync(Login);
        await desk.GetByLabel("Пароль").FillAsync(DemoSchool.Password);
        await desk.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
        await Assertions.Expect(desk.Locator("h1")).ToHaveTextAsync("Код подтверждения");
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("two-factor/code-desk.png"), FullPage = true });
        await desk.GetByLabel("Код из приложения").FillAsync(Code(key));
        await desk.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
        await Assertions.Expect(desk).ToHaveURLAsync(school.BaseUrl + "/");
        await Assertions.Expect(desk.Locator("footer.foot")).ToBeAttachedAsync();
        await desk.GotoAsync("/Account/TwoFactor");
        await Assertions.Expect(desk.Locator(".codes-left")).ToHaveTextAsync("10");
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("two-factor/enabled-desk.png"), FullPage = true });
    }
}
