using System.Net;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Help;

public sealed class HelpPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    // The journal school's teacher smirnova and the parent of its student Orlov.
    private Task SeedAsync() => _app.SeedAsync(async b =>
    {
        var j = await JournalSchool.BuildAsync(b);
        await b.ParentAsync("Орлова", "Мария", "orlova", j.Orlov);
        return j;
    });

    [Fact]
    public async Task The_teachers_help_link_on_the_journal_opens_the_journal_section_of_the_teachers_guide()
    {
        await SeedAsync();
        var teacher = await _app.PageClientAsync("smirnova");

        var journal = await teacher.GetPageAsync("/Journal");
        var link = journal.One("header .user a.help");
        Assert.Equal("Справка", link.Read());
        var href = link.GetAttribute("href")!;
        Assert.Equal("/Help/teacher#" + Uri.EscapeDataString("журнал"), href);

        var guide = await teacher.GetPageAsync(href[..href.IndexOf('#')]);
        Assert.Equal("Учителю-предметнику", guide.TextOf("article.guide h1"));
        Assert.Equal("Журнал", guide.TextOf("article.guide h2#журнал"));
        Assert.Contains("Справка: Учителю-предметнику", guide.Title);
        // The sections' list leads to the same anchors.
        Assert.Contains(guide.QuerySelectorAll("nav.crumbs a"), a => a.GetAttribute("href") == "#журнал");
    }

    [Fact]
    public async Task A_parent_on_the_diary_is_sent_to_the_diary_week_guide_and_the_guides_link_each_other_inside_the_app()
    {
        await SeedAsync();
        var parent = await _app.PageClientAsync("orlova");

        var home = await parent.GetPageAsync("/Help/diary/calendar");
        Assert.Equal("/Help/diary/calendar", (await parent.GetPageAsync("/Diary/Calendar")).One("a.help").GetAttribute("href"));
        Assert.Equal("Расписание в календаре телефона", home.TextOf("article.guide h1"));

        var index = await parent.GetPageAsync("/Help");
        Assert.Equal("Руководства пользователей", index.TextOf("article.guide h1"));
        Assert.Contains(index.QuerySelectorAll("article.guide a"), a => a.GetAttribute("href") == "/Help/parent-student");
    }

    [Fact]
    public async Task An_unknown_guide_is_a_russian_not_found_page_and_a_stranger_is_sent_to_sign_in()
    {
        await SeedAsync();
        var teacher = await _app.PageClientAsync("smirnova");

        var missing = await teacher.GetAsync("/Help/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Страница не найдена", (await Html.ParseAsync(missing)).TextOf("main h1"));
        var climbing = await teacher.GetAsync("/Help/../appsettings.json");
        Assert.NotEqual(HttpStatusCode.OK, climbing.StatusCode);

        var stranger = _app.CreateClient(new() { AllowAutoRedirect = false });
        var refused = await stranger.GetAsync("/Help/teacher");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/Login", refused.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_guides_show_their_pictures_inside_the_app_and_name_their_tables()
    {
        await SeedAsync();
        var teacher = await _app.PageClientAsync("smirnova");

        // docs/guides/class-teacher.md shows img/class-teacher-daily-phone.png; the app serves it beside the guide.
        var guide = await teacher.GetPageAsync("/Help/class-teacher");
        var picture = guide.QuerySelectorAll("article.guide img").Single(i => i.GetAttribute("src")!.Contains("daily"));
        Assert.Equal("/Help/img/class-teacher-daily-phone.png", picture.GetAttribute("src"));
        Assert.StartsWith("Отсутствующие за день на телефоне", picture.GetAttribute("alt"));
        var png = await teacher.GetAsync(picture.GetAttribute("src"));
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await png.Content.ReadAsByteArrayAsync())[..4]);
        // A guide in a folder (../img/) points to the same place; an unknown picture is not found.
        var timetable = await teacher.GetPageAsync("/Help/year/timetable");
        Assert.Equal("/Help/img/timetable-week.png", timetable.One("article.guide img").GetAttribute("src"));
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync("/Help/img/nothing.png")).StatusCode);
        // A guide's table is named after the heading above it (the index's first table: the guides by role).
        var index = await teacher.GetPageAsync("/Help");
        Assert.Equal("Руководства пользователей", index.One("article.guide table").GetAttribute("aria-label"));
    }
}
