using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// The pictures of the user guides (docs/guides/img/): key screens of each role taken from the demo school. Every run takes
/// them into screenshots/guides/ and checks their size and that the guides show each of them with a Russian description;
/// with SJ_GUIDE_SHOTS=1 they replace the committed ones (docs/guides/README.md, «Картинки»).
/// </summary>
[Collection(PagesCollection.Name)]
public sealed partial class GuideShotsBrowserTests(DemoSchool school)
{
    private const int MaxBytes = 150 * 1024, MaxTotal = 1536 * 1024;

    /// <summary>
    /// The file, who takes it, at what window size, which page, and what is scrolled to the window's top (null: the page's
    /// top); the picture is the window, not the whole page.
    /// </summary>
    private static (string File, string Login, int Width, int Height, Func<DemoIds, string> Url, string? Top)[] Shots =>
    [
        ("parent-week-desk.png", "roditel", 1120, 700, _ => "/Diary", null),
        ("parent-week-phone.png", "roditel", 360, 740, _ => "/Diary", null),
        ("parent-marks-phone.png", "roditel", 360, 740, _ => "/Diary/Marks", null),
        ("teacher-grid.png", "uchitel", 1120, 700, d => $"/Journal/Group/{d.GroupId}?periodId={d.FirstQuarterId}", null),
        ("teacher-lesson-phone.png", "uchitel", 360, 740, d => $"/Journal/Lesson/{d.LessonId}", "table.lesson-students"),
        ("class-teacher-daily-phone.png", "klass", 360, 740, d => $"/Journal/Daily/{d.ClassId}?date=2026-11-20", "table.daily"),
        ("report-progress.png", "direktor", 1120, 700, d => $"/Reports/Progress?periodId={d.FirstQuarterId}", null),
        ("admin-backups.png", "admin", 1120, 700, _ => "/Admin/Backups", null),
        ("support-phone.png", "roditel", 360, 740, _ => "/Support?from=/Diary", null),
        ("timetable-week.png", "zavuch", 1120, 700, _ => "/Year/Timetable", null),
    ];

    [Fact]
    public async Task The_guides_show_the_key_screens_of_every_role()
    {
        var refresh = Environment.GetEnvironmentVariable("SJ_GUIDE_SHOTS") == "1";
        var guides = GuidesFolder();
        var ids = await DemoIds.Of(school);
        var sizes = new Dictionary<string, long>();
        foreach (var role in Shots.GroupBy(s => s.Login))
        {
            var page = await school.LogInAsync(role.Key, 1280, 800);
            foreach (var (file, _, width, height, url, top) in role)
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync(url(ids));
                await Assertions.Expect(page.Locator("footer.foot")).ToBeAttachedAsync();
                if (top is not null) await page.Locator(top).First.EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
                var path = refresh ? Path.Combine(guides, "img", file) : DemoSchool.ScreenshotPath("guides/" + file);
                // No text caret and no animation: the same screen gives the same picture.
                await page.ScreenshotAsync(new() { Path = path, Caret = ScreenshotCaret.Hide, Animations = ScreenshotAnimations.Disabled });
                sizes[file] = new FileInfo(path).Length;
            }
            await page.Context.CloseAsync();
        }

        var problems = sizes.Where(s => s.Value > MaxBytes).Select(s => $"{s.Key}: {s.Value / 1024} КБ > {MaxBytes / 1024} КБ").ToList();
        if (sizes.Values.Sum() > MaxTotal) problems.Add($"всего {sizes.Values.Sum() / 1024} КБ > {MaxTotal / 1024} КБ");
        // Each picture is in the repository and shown by a guide, with words for those who do not see it.
        var text = string.Join("\n", Directory.GetFiles(guides, "*.md", SearchOption.AllDirectories).Select(File.ReadAllText));
        var shown = Picture().Matches(text).GroupBy(m => m.Groups["file"].Value).ToDictionary(g => g.Key, g => g.First().Groups["alt"].Value);
        foreach (var (file, _, _, _, _, _) in Shots)
        {
            if (!File.Exists(Path.Combine(guides, "img", file))) problems.Add($"{file}: нет в docs/guides/img (SJ_GUIDE_SHOTS=1)");
            if (!shown.TryGetValue(file, out var alt)) problems.Add($"{file}: ни одно руководство её не показывает");
            else if (!Regex.IsMatch(alt, @"\p{IsCyrillic}{3,}")) problems.Add($"{file}: нет описания по-русски («{alt}»)");
        }
        foreach (var extra in Directory.GetFiles(Path.Combine(guides, "img")).Select(Path.GetFileName))
            if (!Shots.Any(s => s.File == extra)) problems.Add($"{extra}: лишний файл в docs/guides/img");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string GuidesFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "docs", "guides"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Не нашёл docs/guides выше папки тестов."), "docs", "guides");
    }

    [GeneratedRegex(@"!\[(?<alt>[^\]]*)\]\((\.\./)*img/(?<file>[\w.-]+\.png)\)")]
    private static partial Regex Picture();
}
