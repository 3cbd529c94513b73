using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>«Отсутствующие за день» /Journal/Daily/{classId}: the class teacher's one form for his class's day.</summary>
public sealed class DailyAbsencePageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(JournalSchool s) => $"/Journal/Daily/{s.Class.Id}?date=2026-11-20";

    private static Dictionary<string, string> Form(JournalSchool s, string orlov, string belov) => new()
    {
        ["Marks[0].StudentId"] = s.Orlov.Id.ToString(), ["Marks[0].Code"] = orlov, ["Marks[0].Comment"] = "",
        ["Marks[1].StudentId"] = s.Belov.Id.ToString(), ["Marks[1].Code"] = belov, ["Marks[1].Comment"] = "",
    };

    [Fact]
    public async Task Class_teacher_marks_the_day_in_one_form_and_subject_teachers_see_it_as_daily()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("kozlova");

        var response = await Forms.PostAsync(client, Url(s), Form(s, "Б", ""));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await _app.QueryAsync(db => db.DailyAbsences.Select(d => new { d.StudentId, d.Date, d.Code }).ToListAsync());
        var only = Assert.Single(stored);
        Assert.Equal((s.Orlov.Id, JournalSchool.LessonDate, AttendanceCode.Ill), (only.StudentId, only.Date, only.Code));
        Assert.Equal([AuditEventType.DailyAbsenceSet], (await _app.AuditAsync()).Select(e => e.Type));
        var grid = await (await _app.ApiClientAsync("smirnova"))
            .GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.Math.Id}/journal?periodId={s.Quarter2.Id}");
        var orlov = grid.GetProperty("students").EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == s.Orlov.Id);
        var absence = Assert.Single(orlov.GetProperty("absences").EnumerateArray());
        Assert.Equal(("Б", "daily"), (absence.GetProperty("code").GetString(), absence.GetProperty("source").GetString()));
        var page = await client.GetPageAsync(Url(s));
        Assert.Equal("Б", page.One($"#st{s.Orlov.Id}").Closest("tr")!.One("select option[selected]").GetAttribute("value"));
        Assert.Equal("", page.One($"#st{s.Belov.Id}").Closest("tr")!.One("select option[selected]").GetAttribute("value"));
    }

    [Fact]
    public async Task Clearing_a_mark_in_the_form_removes_it()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.DailyAbsenceAsync(s.Belov, s.Class, JournalSchool.LessonDate, AttendanceCode.Absent);
            return s;
        });
        var client = await _app.PageClientAsync("kozlova");

        var response = await Forms.PostAsync(client, Url(s), Form(s, "", ""));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.DailyAbsences.CountAsync()));
        Assert.Equal([AuditEventType.DailyAbsenceCleared], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task The_page_opens_on_today_in_the_schools_time_zone()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("kozlova");

        var page = await client.GetPageAsync($"/Journal/Daily/{s.Class.Id}");

        // The clock says 09:00 on Monday 23 November in Moscow.
        Assert.Equal("2026-11-23", page.One("input[name=date]").GetAttribute("value"));
        Assert.Equal("понедельник, 23 ноября 2026", page.TextOf(".tab[aria-current=page]"));
        Assert.StartsWith("Орлов Артём", page.TextOf($"#st{s.Orlov.Id}"));
        Assert.StartsWith("Белов Борис", page.TextOf($"#st{s.Belov.Id}"));
    }

    [Fact]
    public async Task Subject_teacher_is_refused_and_nothing_is_written()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");
        var token = await Forms.TokenAsync(client, "/Journal");
        var fields = Form(s, "Н", "Н");
        fields["__RequestVerificationToken"] = token;

        var get = await client.GetAsync(Url(s));
        var post = await client.PostAsync(Url(s), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.DailyAbsences.CountAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task The_day_shows_what_subject_teachers_marked_in_their_lessons_beside_the_daily_mark()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.AttendanceAsync(s.MathLesson, s.Orlov, AttendanceCode.Absent);
            var late = await b.AttendanceAsync(s.RussianLesson, s.Orlov, AttendanceCode.Late);
            late.LateMinutes = 7;
            await b.Db.SaveChangesAsync();
            await b.AttendanceAsync(s.RussianLesson, s.Belov, AttendanceCode.Ill);
            await b.DailyAbsenceAsync(s.Belov, s.Class, JournalSchool.LessonDate, AttendanceCode.Ill);
            return s;
        });
        var client = await _app.PageClientAsync("kozlova");

        var page = await client.GetPageAsync(Url(s));

        var orlov = page.Row("Орлов Артём Иванович");
        Assert.Equal("2 · Математика — Н; 3 · Русский язык — ОП (7 мин)", orlov.Cell("В уроках").Read());
        Assert.Equal("нет отметки за день", orlov.Cell("Отметка за день").One("option:checked").Read());
        var belov = page.Row("Белов Борис Иванович");
        Assert.Equal("3 · Русский язык — Б", belov.Cell("В уроках").Read());
        Assert.Equal("Б", belov.Cell("Отметка за день").One("option:checked").Read());
        var next = await client.GetPageAsync($"/Journal/Daily/{s.Class.Id}?date=2026-11-23");
        Assert.Equal("—", next.Row("Орлов Артём Иванович").Cell("В уроках").Read());
        Assert.Equal("присутствовал", next.Row("Орлов Артём Иванович").Cell("Отметка за день").One("option:checked").Read());
    }
}
