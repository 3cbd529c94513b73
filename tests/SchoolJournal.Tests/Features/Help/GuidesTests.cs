using System.Text.RegularExpressions;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Help;

namespace SchoolJournal.Tests.Features.Help;

public sealed partial class GuidesTests
{
    private static readonly Guides Guides = new();

    [Fact]
    public void Every_guide_of_docs_guides_is_built_into_the_app()
    {
        var root = Path.Combine(Architecture.LayeringTests.RepoRoot, "docs", "guides");
        var files = Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f)[..^3].Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal(files, Guides.All.Select(g => g.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Учителю-предметнику", Guides.Find("teacher")!.Title);
        Assert.Equal("Руководства пользователей", Guides.Find(null)!.Title);
        Assert.Null(Guides.Find("../secrets"));
    }

    [Fact]
    public void A_link_to_another_guide_opens_its_page_and_a_link_that_leaves_the_guides_is_plain_text()
    {
        var index = Guides.Find("")!.Html;
        // README.md: [календарь](year/calendar.md) and [открыть](director.md).
        Assert.Contains("<a href=\"/Help/year/calendar\">календарь</a>", index);
        Assert.Contains("<a href=\"/Help/director\">открыть</a>", index);

        // director.md links [руководстве учителя](teacher.md#вход); training.md links the repository's [README](../../README.md),
        // which is not in the app: the word stays, the link goes.
        Assert.Contains($"<a href=\"/Help/teacher#{Uri.EscapeDataString("вход")}\">руководстве учителя</a>", Guides.Find("director")!.Html);
        var training = Guides.Find("training")!.Html;
        Assert.Contains("пароль — в README),", training);
        Assert.DoesNotContain("README.md", training);
    }

    [Fact]
    public void Every_link_between_guides_leads_to_a_guide_and_a_section_that_exist()
    {
        var broken = new List<string>();
        foreach (var guide in Guides.All)
        foreach (Match link in HelpHref().Matches(guide.Html))
        {
            var target = Guides.Find(link.Groups["name"].Value);
            var id = Uri.UnescapeDataString(link.Groups["id"].Value);
            if (target is null || (id.Length > 0 && !target.Html.Contains($"id=\"{id}\"", StringComparison.Ordinal)))
                broken.Add($"{guide.Name}: {link.Value}");
        }
        Assert.Empty(broken);
    }

    [Fact]
    public void Sections_have_the_anchors_the_repository_shows_and_raw_html_is_not_passed_on()
    {
        var teacher = Guides.Find("teacher")!;
        Assert.Contains(teacher.Sections, s => s is { Text: "Журнал", Id: "журнал" });
        Assert.Contains("<h2 id=\"журнал\">Журнал</h2>", teacher.Html);
        Assert.Equal("/Help/teacher#%D0%B6%D1%83%D1%80%D0%BD%D0%B0%D0%BB", Guides.Link("teacher", "Журнал"));
        Assert.Equal("/Help/year/plans", Guides.Link("year/plans", null));
        Assert.Equal("/Help", Guides.Link("README", null));
        Assert.All(Guides.All, g => Assert.DoesNotContain("<script", g.Html, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_page_leads_to_a_section_that_its_guide_has_for_every_role()
    {
        var missing = HelpLinks.Everything()
            .Where(t => Guides.Find(t.Target.Guide) is not { } g
                || (t.Target.Section is { } s && !g.Sections.Any(x => x.Text.Contains(s, StringComparison.OrdinalIgnoreCase))))
            .Select(t => $"{t.Prefix} → {t.Target}")
            .Distinct()
            .ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("/Journal/Class/5", Roles.Teacher, "/Help/teacher", "Журнал")]
    [InlineData("/Journal/Class/5", Roles.Deputy, "/Help/deputy", "Журналы и их закрытие")]
    [InlineData("/Journal/Daily/5", Roles.ClassTeacher, "/Help/class-teacher", "Отсутствующие за день")]
    [InlineData("/Journal/Overdue", Roles.Director, "/Help/reports", "Просроченные записи всех учителей")]
    [InlineData("/Diary", Roles.Parent, "/Help/diary/week", "Как читать неделю")]
    [InlineData("/Diary/Marks", Roles.Student, "/Help/diary/overview", "Оценки (/Diary/Marks)")]
    [InlineData("/Year/Load", Roles.Deputy, "/Help/year/curricula", "Распределение нагрузки (тарификация)")]
    [InlineData("/Year/ControlWorks", Roles.Parent, "/Help/parent-student", "Дневник")]
    [InlineData("/Admin/Backups", Roles.SysAdmin, "/Help/admin", "Резервные копии")]
    [InlineData("/", Roles.ClassTeacher, "/Help/class-teacher", "Главная страница: «Мой класс»")]
    [InlineData("/", Roles.SysAdmin, "/Help/admin", "Учётные записи")]
    [InlineData("/Unknown/Page", Roles.Parent, "/Help/parent-student", "Главная страница")]
    public void The_help_link_of_a_page_opens_the_part_of_the_guide_for_that_page_and_role(
        string path, string role, string guide, string section)
    {
        var target = HelpLinks.For(path, [role]);
        var id = Guides.Find(target.Guide)!.Sections.Single(s => s.Text.StartsWith(section, StringComparison.Ordinal)).Id;

        Assert.Equal(guide + "#" + Uri.EscapeDataString(id), Guides.Link(target.Guide, target.Section));
    }

    [GeneratedRegex("href=\"/Help/?(?<name>[^\"#]*)(#(?<id>[^\"]*))?\"")]
    private static partial Regex HelpHref();
}
