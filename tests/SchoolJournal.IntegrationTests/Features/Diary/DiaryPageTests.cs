using System.Net;
using AngleSharp.Dom;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Diary;

/// <summary>The diary's week page /Diary: who sees which child, what a week shows, navigation, the day view, the live fragment.</summary>
public sealed class DiaryPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_student_sees_his_week_with_marks_absences_homework_and_changes()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("orlov");

        var page = await client.GetPageAsync("/Diary");

        var week = Week(page);
        Assert.Equal("Неделя 23.11 – 29.11.2026", week.TextOf("h2.diary-range"));
        Assert.Equal("Орлов Артём Иванович", page.TextOf(".diary-who .student-name"));
        // The mark as text in a .mark, its work type, and behind the tap its weight and comment.
        Assert.Equal(["5"], week.TextsOf(".mark"));
        var monday = LessonOf(week, s.MathMon);
        Assert.Equal("5 Контрольная работа", monday.TextOf(".mark-detail summary"));
        Assert.Equal("Вес 2 · Без ошибок", monday.TextOf(".mark-detail p"));
        Assert.Equal("Задание: № 12 (к 25.11)", monday.TextOf(".homework")); // due at the group's next lesson
        // Tuesday: the substitute, marked, with the regular teacher named; the absence; the room.
        var tuesday = LessonOf(week, s.RussianTue);
        Assert.Equal("Смирнова А. В. замена вместо Козлов И. П.", tuesday.TextOf(".teacher"));
        Assert.Equal("замена", tuesday.TextOf(".teacher .tag"));
        Assert.Equal("Н", tuesday.TextOf(".results .absence"));
        Assert.Equal("каб. 12", tuesday.TextOf(".room"));
        // Homework for Белов only is not Орлов's.
        Assert.Null(LessonOf(week, s.MathWed).QuerySelector(".homework"));
        Assert.DoesNotContain("Доп. задача", week.Read());
        // Thursday: the cancelled lesson struck through, the moved one's old place; Saturday: its new place.
        var cancelled = LessonOf(week, s.RussianThu);
        Assert.Equal(("Русский язык", "отменён"), (cancelled.TextOf("s.subject"), cancelled.TextOf(".lesson-head .tag")));
        Assert.Equal("перенесён на 28.11, 4 урок", Day(week, "2026-11-26").TextOf("li.moved-away .tag"));
        Assert.Equal("перенесён с 26.11, 3 урок", LessonOf(week, s.MathSat).TextOf(".lesson-head .tag"));
        Assert.Equal("2026-11-28", LessonOf(week, s.MathSat).Closest("article")!.GetAttribute("data-date"));
        // Friday: the class teacher's daily absence and the class's control work.
        var friday = Day(week, "2026-11-27");
        Assert.Equal("Отсутствие весь день: Б", friday.TextOf(".diary-daily-absence"));
        Assert.Equal("Б", friday.TextOf(".diary-daily-absence strong.absence"));
        Assert.Equal("Контрольная (ВШК): Математика — контрольная работа, 2 урок: Дроби", friday.TextOf(".diary-control"));
        // Monday to Saturday; no Sunday without lessons.
        Assert.Equal(["Понедельник, 23.11", "Вторник, 24.11", "Среда, 25.11", "Четверг, 26.11", "Пятница, 27.11", "Суббота, 28.11"],
            week.TextsOf("article.diary-day h3 a"));
        // The live hook and its scripts.
        Assert.Equal(s.J.Orlov.Id.ToString(), week.GetAttribute("data-live-student"));
        Assert.Equal($"/Diary?handler=Week&studentId={s.J.Orlov.Id}&date=2026-11-23", week.GetAttribute("hx-get"));
        Assert.Equal("diary-changed", week.GetAttribute("hx-trigger"));
        var scripts = page.QuerySelectorAll("script[src]").Select(e => e.GetAttribute("src")!.Split('?')[0]).ToList();
        Assert.Contains("/lib/htmx/htmx.min.js", scripts);
        Assert.Contains("/lib/signalr/signalr.min.js", scripts);
        Assert.Contains("/js/diary-live.js", scripts);
    }

    [Fact]
    public async Task A_student_in_the_part_of_the_group_sees_its_homework_and_file()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var teacher = await _app.PageClientAsync("smirnova");

        var belov = Week(await teacher.GetPageAsync($"/Diary?studentId={s.J.Belov.Id}&date=2026-11-25"));
        var orlov = Week(await teacher.GetPageAsync($"/Diary?studentId={s.J.Orlov.Id}&date=2026-11-25"));

        var homework = LessonOf(belov, s.MathWed).One(".homework");
        Assert.StartsWith("Задание: Доп. задача", homework.Read());
        var file = homework.One(".attachments a");
        Assert.Equal(("Задача.pdf", $"/api/v1/homework/attachments/{s.File.Id}"), (file.Read(), file.GetAttribute("href")));
        Assert.True(file.HasAttribute("download"));
        Assert.Null(LessonOf(orlov, s.MathWed).QuerySelector(".homework"));
        Assert.DoesNotContain("Доп. задача", orlov.Read());
        Assert.Empty(orlov.QuerySelectorAll(".attachments a"));
    }

    [Theory]
    [InlineData("mama", true)]      // his parent
    [InlineData("smirnova", true)]  // a teacher of his group
    [InlineData("kozlova", true)]   // his class teacher
    [InlineData("belova", false)]   // another family's parent
    [InlineData("ivanov", false)]   // a teacher of another class
    public async Task Only_his_family_and_his_staff_open_his_diary_page(string login, bool allowed)
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync(login);

        var page = await client.GetAsync($"/Diary?studentId={s.J.Orlov.Id}");
        var fragment = await client.GetAsync($"/Diary?handler=Week&studentId={s.J.Orlov.Id}");

        foreach (var response in new[] { page, fragment })
        {
            if (allowed)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(s.J.Orlov.Id.ToString(), Week(await Html.ParseAsync(response)).GetAttribute("data-live-student"));
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal("/Account/AccessDenied",
                    response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.AbsolutePath
                        : response.Headers.Location.OriginalString.Split('?')[0]);
            }
        }
    }

    [Fact]
    public async Task A_parent_of_three_children_switches_between_them()
    {
        var (s, third) = await _app.SeedAsync(async b =>
        {
            var s = await DiaryWeekSchool.BuildAsync(b);
            var ivanov = b.Db.StaffMembers.Single(t => t.LastName == "Иванов");
            var lesson = await b.LessonAsync(b.Db.TeachingGroups.Single(g => g.Name == "Математика, 6Б"), DiaryWeekSchool.Monday, 3, ivanov,
                "Десятичные дроби");
            await b.ParentAsync("Многодетная", "Анна", "mnogo", s.J.Orlov, s.J.Belov, s.Zaitsev);
            return (s, lesson);
        });
        var client = await _app.PageClientAsync("mnogo");

        var first = await client.GetPageAsync("/Diary");
        var zaitsev = await client.GetPageAsync($"/Diary?studentId={s.Zaitsev.Id}");

        // The eldest first (6Б's Зайцев), a tab for each child.
        Assert.Equal("Зайцев Глеб Иванович", first.TextOf(".diary-who .student-name"));
        Assert.Equal(new[] { s.Zaitsev, s.J.Orlov, s.J.Belov }.Select(c => $"/Diary?studentId={c.Id}").Order(),
            first.QuerySelectorAll("nav[aria-label='Дети'] a").Select(a => a.GetAttribute("href")).Order());
        Assert.Equal("Тема: Десятичные дроби", LessonOf(Week(zaitsev), third).TextOf(".topic"));
        var orlov = await client.GetPageAsync($"/Diary?studentId={s.J.Orlov.Id}");
        Assert.Equal("Орлов Артём Иванович", orlov.TextOf(".diary-who .student-name"));
        Assert.Equal("Тема: Дроби", LessonOf(Week(orlov), s.MathMon).TextOf(".topic"));
        Assert.DoesNotContain("Десятичные дроби", Week(orlov).Read());
        Assert.Equal([third.Id.ToString()], Week(zaitsev).QuerySelectorAll("[data-lesson]").Select(l => l.GetAttribute("data-lesson")));
    }

    [Fact]
    public async Task A_parent_sees_only_his_own_children_in_the_switcher()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("belova");

        var html = await client.GetStringAsync("/Diary");

        var page = Html.Parse(html);
        Assert.Equal("Белов Борис Иванович", page.TextOf(".diary-who .student-name"));
        Assert.DoesNotContain("Орлов", html);
        Assert.Equal(s.J.Belov.Id.ToString(), Week(page).GetAttribute("data-live-student"));
    }

    [Fact]
    public async Task Weeks_are_walked_back_and_forth_and_reached_by_date()
    {
        await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("orlov");

        var now = await client.GetPageAsync("/Diary");
        Assert.Equal("/Diary?date=2026-11-16", now.One(".diary-nav a[rel=prev]").GetAttribute("href"));
        Assert.Equal("/Diary?date=2026-11-30", now.One(".diary-nav a[rel=next]").GetAttribute("href"));
        Assert.Equal("сегодня", Day(Week(now), "2026-11-23").TextOf("h3 .tag"));
        Assert.Equal(["2026-11-23"], Week(now).QuerySelectorAll("article.today").Select(a => a.GetAttribute("data-date")));

        // Any date of the previous week opens it: Friday 20.11 of JournalSchool.
        var before = Week(await client.GetPageAsync("/Diary?date=2026-11-19"));
        Assert.Equal("Неделя 16.11 – 22.11.2026", before.TextOf("h2.diary-range"));
        Assert.Contains("Тема: Сложение дробей", Day(before, "2026-11-20").TextsOf(".topic"));
        Assert.DoesNotContain("сегодня", before.Read());
        Assert.Empty(before.QuerySelectorAll("article.today"));

        // An empty week says so in Russian; a holiday week names the holidays.
        var winter = Week(await client.GetPageAsync("/Diary?date=2026-12-30"));
        Assert.Contains("На этой неделе уроков нет.", winter.TextsOf("p.empty"));
        Assert.Equal("Каникулы: Зимние каникулы (29.12–08.01)", winter.TextOf(".diary-holidays"));
    }

    [Fact]
    public async Task Sunday_shows_only_when_a_lesson_stands_on_it()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await DiaryWeekSchool.BuildAsync(b);
            await b.LessonAsync(s.J.Math, new DateOnly(2026, 12, 6), 1, s.J.Teacher, "Олимпиада");
            return s;
        });
        var client = await _app.PageClientAsync("orlov");

        var week = Week(await client.GetPageAsync("/Diary?date=2026-12-01"));

        Assert.Equal("Воскресенье, 06.12", Day(week, "2026-12-06").TextOf("h3 a"));
        Assert.Equal(["Тема: Олимпиада"], Day(week, "2026-12-06").TextsOf(".topic"));
    }

    [Fact]
    public async Task The_day_view_shows_one_day_with_a_switcher()
    {
        await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("orlov");

        var page = await client.GetPageAsync("/Diary?view=day&date=2026-11-24");

        var week = Week(page);
        Assert.Equal("2026-11-24", week.One("article.diary-day").GetAttribute("data-date"));
        Assert.Equal("Вторник, 24 ноября 2026", week.TextOf("h2.diary-range"));
        Assert.Equal(["Русский язык"], week.TextsOf(".subject"));
        Assert.DoesNotContain("Дроби", week.Read()); // Monday's lesson
        // Six days in the switcher, each opening its day; the day's neighbours.
        var days = week.QuerySelectorAll(".diary-days-switch a.tab").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([.. Enumerable.Range(23, 6).Select(d => $"/Diary?date=2026-11-{d}&view=day")], days);
        Assert.Equal("/Diary?date=2026-11-23&view=day", page.One(".diary-nav a[rel=prev]").GetAttribute("href"));
        Assert.Equal("/Diary?date=2026-11-25&view=day", page.One(".diary-nav a[rel=next]").GetAttribute("href"));
        Assert.StartsWith("/Diary?handler=Week&studentId=", week.GetAttribute("hx-get"));
        Assert.EndsWith("&date=2026-11-24&view=day", week.GetAttribute("hx-get"));
    }

    [Fact]
    public async Task The_live_fragment_is_the_week_section_alone()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("mama");

        var fragment = Html.Parse(await client.GetStringAsync($"/Diary?handler=Week&studentId={s.J.Orlov.Id}&date=2026-11-23"));

        Assert.Empty(fragment.Head!.Children);
        var week = Assert.Single(fragment.Body!.Children);
        Assert.Equal("section", week.LocalName);
        Assert.Equal("diary-week", week.Id);
        Assert.Equal(s.J.Orlov.Id.ToString(), week.GetAttribute("data-live-student"));
        Assert.Equal(("diary-changed", "outerHTML"), (week.GetAttribute("hx-trigger"), week.GetAttribute("hx-swap")));
        Assert.Equal(["5"], week.TextsOf(".mark"));
    }

    /// <summary>The week's section of a page.</summary>
    private static IElement Week(IParentNode page) => page.One("section#diary-week");

    private static IElement Day(IParentNode week, string date) => week.One($"article.diary-day[data-date='{date}']");

    private static IElement LessonOf(IParentNode week, Lesson lesson) => week.One($"li.diary-lesson[data-lesson='{lesson.Id}']");
}
