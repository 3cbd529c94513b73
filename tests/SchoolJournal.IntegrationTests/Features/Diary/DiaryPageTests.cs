using System.Net;
using System.Text.RegularExpressions;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Diary;

/// <summary>The diary's week page /Diary: who sees which child, what a week shows, navigation, the day view, the live fragment.</summary>
public sealed partial class DiaryPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_student_sees_his_week_with_marks_absences_homework_and_changes()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("orlov");

        var html = await client.GetStringAsync("/Diary");

        var week = Section(html);
        Assert.Contains("Неделя 23.11 – 29.11.2026", week);
        Assert.Contains("Орлов Артём Иванович", html);
        // The mark as text in a .mark, its work type, and behind the tap its weight and comment.
        Assert.Equal(["5"], Marks(week));
        Assert.Contains("<small>Контрольная работа</small>", week);
        Assert.Contains("Вес 2 · Без ошибок", week);
        Assert.Contains("№ 12", week);
        Assert.Contains("(к 25.11)", week); // due at the group's next lesson
        // Tuesday: the substitute, marked, with the regular teacher named; the absence; the room.
        Assert.Contains("Смирнова А. В. <span class=\"tag\">замена</span> вместо Козлов И. П.", week);
        Assert.Contains("<span class=\"absence\">Н</span>", week);
        Assert.Contains("каб. 12", week);
        // Homework for Белов only is not Орлов's.
        Assert.DoesNotContain("Доп. задача", week);
        // Thursday: the cancelled lesson struck through, the moved one's old place; Saturday: its new place.
        Assert.Contains("<s class=\"subject\">Русский язык</s> <span class=\"tag\">отменён</span>", week);
        Assert.Contains("перенесён на 28.11, 4 урок", Day(week, "2026-11-26"));
        Assert.Contains("перенесён с 26.11, 3 урок", Day(week, "2026-11-28"));
        // Friday: the class teacher's daily absence and the class's control work.
        var friday = Day(week, "2026-11-27");
        Assert.Contains("Отсутствие весь день: <strong class=\"absence\">Б</strong>", friday);
        Assert.Contains("Контрольная (ВШК): Математика — контрольная работа, 2 урок: Дроби", friday);
        // Monday to Saturday; no Sunday without lessons.
        Assert.Contains("Суббота, 28.11", week);
        Assert.DoesNotContain("Воскресенье", week);
        // The live hook and its scripts.
        Assert.Contains($"data-live-student=\"{s.J.Orlov.Id}\"", week);
        Assert.Contains($"hx-get=\"/Diary?handler=Week&amp;studentId={s.J.Orlov.Id}&amp;date=2026-11-23\"", week);
        Assert.Contains("hx-trigger=\"diary-changed\"", week);
        Assert.Contains("/lib/htmx/htmx.min.js", html);
        Assert.Contains("/lib/signalr/signalr.min.js", html);
        Assert.Contains("/js/diary-live.js", html);
    }

    [Fact]
    public async Task A_student_in_the_part_of_the_group_sees_its_homework_and_file()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var teacher = await _app.PageClientAsync("smirnova");

        var belov = Section(await teacher.GetStringAsync($"/Diary?studentId={s.J.Belov.Id}&date=2026-11-25"));
        var orlov = Section(await teacher.GetStringAsync($"/Diary?studentId={s.J.Orlov.Id}&date=2026-11-25"));

        Assert.Contains("Доп. задача", belov);
        Assert.Contains($"<a href=\"/api/v1/homework/attachments/{s.File.Id}\" download>Задача.pdf</a>", belov);
        Assert.DoesNotContain("Доп. задача", orlov);
        Assert.DoesNotContain("Задача.pdf", orlov);
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
                Assert.Contains($"data-live-student=\"{s.J.Orlov.Id}\"", await response.Content.ReadAsStringAsync());
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal("/Account/AccessDenied", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.AbsolutePath : response.Headers.Location.OriginalString.Split('?')[0]);
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
            var lesson = await b.LessonAsync(b.Db.TeachingGroups.Single(g => g.Name == "Математика, 6Б"), DiaryWeekSchool.Monday, 3, ivanov, "Десятичные дроби");
            await b.ParentAsync("Многодетная", "Анна", "mnogo", s.J.Orlov, s.J.Belov, s.Zaitsev);
            return (s, lesson);
        });
        var client = await _app.PageClientAsync("mnogo");

        var first = await client.GetStringAsync("/Diary");
        var zaitsev = await client.GetStringAsync($"/Diary?studentId={s.Zaitsev.Id}");

        // The eldest first (6Б's Зайцев), a tab for each child.
        Assert.Contains("<strong class=\"student-name\">Зайцев Глеб Иванович</strong>", first);
        foreach (var child in new[] { s.J.Orlov, s.J.Belov, s.Zaitsev })
            Assert.Contains($"href=\"/Diary?studentId={child.Id}\"", first);
        Assert.Contains("Десятичные дроби", Section(zaitsev));
        var orlov = await client.GetStringAsync($"/Diary?studentId={s.J.Orlov.Id}");
        Assert.Contains("<strong class=\"student-name\">Орлов Артём Иванович</strong>", orlov);
        Assert.Contains("Дроби", Section(orlov));
        Assert.DoesNotContain("Десятичные дроби", Section(orlov));
        Assert.Equal(third.Id, int.Parse(Regex.Match(Section(zaitsev), "data-lesson=\"(\\d+)\"").Groups[1].Value));
    }

    [Fact]
    public async Task A_parent_sees_only_his_own_children_in_the_switcher()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("belova");

        var html = await client.GetStringAsync("/Diary");

        Assert.Contains("Белов Борис Иванович", html);
        Assert.DoesNotContain("Орлов", html);
        Assert.Contains($"data-live-student=\"{s.J.Belov.Id}\"", html);
    }

    [Fact]
    public async Task Weeks_are_walked_back_and_forth_and_reached_by_date()
    {
        await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("orlov");

        var now = await client.GetStringAsync("/Diary");
        Assert.Contains("href=\"/Diary?date=2026-11-16\" rel=\"prev\"", now);
        Assert.Contains("href=\"/Diary?date=2026-11-30\" rel=\"next\"", now);
        Assert.Contains("<span class=\"tag\">сегодня</span>", Day(Section(now), "2026-11-23"));

        // Any date of the previous week opens it: Friday 20.11 of JournalSchool.
        var before = Section(await client.GetStringAsync("/Diary?date=2026-11-19"));
        Assert.Contains("Неделя 16.11 – 22.11.2026", before);
        Assert.Contains("Сложение дробей", Day(before, "2026-11-20"));
        Assert.DoesNotContain("сегодня", before);

        // An empty week says so in Russian; a holiday week names the holidays.
        var winter = Section(await client.GetStringAsync("/Diary?date=2026-12-30"));
        Assert.Contains("На этой неделе уроков нет.", winter);
        Assert.Contains("Каникулы: Зимние каникулы (29.12–08.01)", winter);
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

        var week = Section(await client.GetStringAsync("/Diary?date=2026-12-01"));

        Assert.Contains("Воскресенье, 06.12", week);
        Assert.Contains("Олимпиада", Day(week, "2026-12-06"));
    }

    [Fact]
    public async Task The_day_view_shows_one_day_with_a_switcher()
    {
        await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("orlov");

        var html = await client.GetStringAsync("/Diary?view=day&date=2026-11-24");

        var week = Section(html);
        Assert.Single(Regex.Matches(week, "<article class=\"diary-day"));
        Assert.Contains("Вторник, 24 ноября 2026", week);
        Assert.Contains("Русский язык", week);
        Assert.DoesNotContain("Дроби", week); // Monday's lesson
        // Six days in the switcher, each opening its day; the day's neighbours.
        Assert.Equal(6, Regex.Matches(week, "href=\"/Diary\\?date=2026-11-2\\d&amp;view=day\" class=\"tab\"").Count);
        Assert.Contains("href=\"/Diary?date=2026-11-23&amp;view=day\" rel=\"prev\"", html);
        Assert.Contains("href=\"/Diary?date=2026-11-25&amp;view=day\" rel=\"next\"", html);
        Assert.Contains("hx-get=\"/Diary?handler=Week&amp;studentId=", week);
        Assert.Contains("&amp;date=2026-11-24&amp;view=day\"", week);
    }

    [Fact]
    public async Task The_live_fragment_is_the_week_section_alone()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.PageClientAsync("mama");

        var fragment = (await client.GetStringAsync($"/Diary?handler=Week&studentId={s.J.Orlov.Id}&date=2026-11-23")).Trim();

        Assert.StartsWith("<section id=\"diary-week\"", fragment);
        Assert.EndsWith("</section>", fragment);
        Assert.DoesNotContain("<html", fragment);
        Assert.Contains($"data-live-student=\"{s.J.Orlov.Id}\"", fragment);
        Assert.Contains("hx-trigger=\"diary-changed\" hx-swap=\"outerHTML\"", fragment);
        Assert.Equal(["5"], Marks(fragment));
    }

    /// <summary>The week's section of a page.</summary>
    private static string Section(string html)
    {
        var start = html.IndexOf("<section id=\"diary-week\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no #diary-week section");
        return html[start..(html.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length)];
    }

    private static string Day(string week, string date)
    {
        var start = week.IndexOf($"data-date=\"{date}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no day {date}");
        return week[start..week.IndexOf("</article>", start, StringComparison.Ordinal)];
    }

    private static string[] Marks(string week) => [.. MarkText().Matches(week).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<span class=\"mark\">([^<]*)</span>")]
    private static partial Regex MarkText();
}
