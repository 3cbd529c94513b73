using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>The demo mother of two on her account page: both children listed with their classes, on a desk and on a phone.</summary>
[Collection(PagesCollection.Name)]
public sealed class ParentChildrenBrowserTests(DemoSchool school)
{
    [Fact]
    public async Task The_administrator_sees_the_mother_of_two_with_both_children_on_a_desk_and_on_a_phone()
    {
        foreach (var (width, name) in new[] { (1366, "desk"), (360, "phone") })
        {
            var page = await school.LogInAsync("admin", width, 900);
            await page.GotoAsync("/Admin/Accounts?q=roditel");
            await page.GetByRole(AriaRole.Link, new() { Name = "roditel", Exact = true }).First.ClickAsync();
            var children = page.Locator("table.children tbody tr");
            await Assertions.Expect(children).ToHaveCountAsync(2);
            await Assertions.Expect(children.Nth(0)).ToContainTextAsync("5А");
            await Assertions.Expect(children.Nth(1)).ToContainTextAsync("2А");
            Assert.Equal(width, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
            await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"accounts/parent-children-{name}.png"), FullPage = true });
        }
    }
}
