using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>The layout defects people saw on a desk and on a phone, each measured in the browser.</summary>
[Collection(PagesCollection.Name)]
public sealed class PhoneAndDeskBrowserTests(DemoSchool school)
{
    [Fact]
    public async Task The_parents_week_on_a_desk_is_laid_out_in_columns()
    {
        var page = await school.LogInAsync("roditel", 1366, 900);
        await page.GotoAsync("/Diary");

        var days = page.Locator(".diary-days .diary-day");
        Assert.Equal("grid", await page.Locator(".diary-days").EvaluateAsync<string>("e => getComputedStyle(e).display"));
        var first = (await days.Nth(0).BoundingBoxAsync())!;
        var second = (await days.Nth(1).BoundingBoxAsync())!;
        Assert.Equal(first.Y, second.Y);
        Assert.True(second.X > first.X + first.Width - 1, $"Второй день не справа от первого: {first.X}+{first.Width}, {second.X}");
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("defects/diary-week-desk.png"), FullPage = true });
    }

    [Fact]
    public async Task The_marks_page_fits_a_phone_screen()
    {
        var page = await school.LogInAsync("roditel", 360, 740);
        await page.GotoAsync("/Diary/Marks");

        Assert.True(await page.Locator("table.diary-subjects tbody tr").CountAsync() > 0);
        Assert.Equal(360, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("defects/diary-marks-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task The_header_leaves_most_of_a_phone_screen_to_the_page()
    {
        var page = await school.LogInAsync("roditel", 360, 740);

        var header = (await page.Locator("header.top").BoundingBoxAsync())!;
        Assert.True(header.Height <= 740 / 4, $"Шапка занимает {header.Height} px из 740");
        await Assertions.Expect(page.Locator("nav.main a[href='/Diary']")).ToBeAttachedAsync();
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("defects/home-parent-phone.png") });
    }

    [Fact]
    public async Task Every_attendance_select_of_the_lesson_page_is_on_a_phone_screen()
    {
        var page = await school.LogInAsync("uchitel", 360, 740);
        await page.Locator("main a[href^='/Journal/Lesson/']").First.ClickAsync();
        await DemoSchool.ArrivedAsync(page, "**/Journal/Lesson/*");

        var selects = page.Locator("select[name^='Codes']");
        var count = await selects.CountAsync();
        Assert.True(count > 0, "На странице урока нет посещаемости");
        for (var i = 0; i < count; i++)
        {
            var box = (await selects.Nth(i).BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 360, $"Посещаемость ученика {i + 1}: {box.X}…{box.X + box.Width} px при экране 360");
        }
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("defects/lesson-phone.png"), FullPage = true });
    }
}
