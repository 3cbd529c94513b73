using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>«Поддержка»: a parent on a phone writes from the diary; the director on a desk answers; the parent reads the answer.</summary>
[Collection(PagesCollection.Name)]
public sealed class SupportBrowserTests(DemoSchool school)
{
    [Fact]
    public async Task A_parent_on_a_phone_asks_from_the_diary_and_reads_the_directors_answer()
    {
        var subject = "Нет оценки за контрольную " + Guid.NewGuid().ToString("N")[..6];
        var phone = await school.LogInAsync("roditel", 360, 740);
        await phone.GotoAsync("/Diary/Marks");
        await phone.Locator("header a.support").ClickAsync();
        await Assertions.Expect(phone).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Support\\?from=%2FDiary%2FMarks$"));
        await phone.GetByLabel("Тема").FillAsync(subject);
        await phone.GetByLabel("Что случилось").FillAsync("Сын писал контрольную по математике 20.11, отметки в дневнике нет.");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        await Assertions.Expect(phone.Locator(".flash")).ToContainTextAsync("отправлено администраторам школы");
        var mine = phone.Locator(".support-list li", new() { HasText = subject });
        await Assertions.Expect(mine.Locator(".status")).ToHaveTextAsync("новое");
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("support/parent-sent-phone.png"), FullPage = true });

        var desk = await school.LogInAsync("direktor", 1366, 900);
        await desk.GotoAsync("/Support");
        await desk.GetByRole(AriaRole.Link, new() { Name = "Обращения пользователей школы" }).ClickAsync();
        var request = desk.Locator(".support-list li", new() { HasText = subject });
        await request.GetByLabel("Ответ").FillAsync("Учитель выставит отметку до пятницы.");
        await request.GetByLabel("Состояние").SelectOptionAsync("resolved");
        await request.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Assertions.Expect(desk.Locator(".flash")).ToContainTextAsync("сохранено");
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("support/director-requests-desk.png"), FullPage = true });

        await phone.GotoAsync("/Support");
        await Assertions.Expect(mine.Locator(".status")).ToHaveTextAsync("решено");
        await Assertions.Expect(mine.Locator(".support-answer")).ToContainTextAsync("Учитель выставит отметку до пятницы.");
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("support/parent-answered-phone.png"), FullPage = true });
    }
}
