using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Changes;

/// <summary>The schedule of control works (ВШК, R-YEAR-12) through /api/v1/control-works and the /Year/ControlWorks form.</summary>
public sealed class ControlWorkTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<int> WorksAsync() => _app.QueryAsync(db => db.ControlWorks.CountAsync());

    private static object Work(JournalSchool s, string date, string form = "controlWork", string subject = "math") =>
        new { classId = s.Class.Id, subjectId = subject == "math" ? s.Math.SubjectId : s.Russian.SubjectId, date, form, title = "Дроби" };

    [Fact]
    public async Task Deputy_adds_control_works_and_gets_warnings_for_a_second_one_that_day_and_for_the_weekly_limit()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var first = await deputy.PostAsJsonAsync("/api/v1/control-works", Work(s, "2026-11-24"));
        var sameDay = await deputy.PostAsJsonAsync("/api/v1/control-works", Work(s, "2026-11-24", "dictation", "russian"));
        await deputy.PostAsJsonAsync("/api/v1/control-works", Work(s, "2026-11-25"));
        // Monday 23 – Sunday 29 November: the fourth work of the week is over the default limit of 3.
        var fourth = await deputy.PostAsJsonAsync("/api/v1/control-works", Work(s, "2026-11-27", "test"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Empty((await first.JsonAsync()).GetProperty("warnings").EnumerateArray());
        var dayWarning = Assert.Single((await sameDay.JsonAsync()).GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Equal("В 5А 24.11.2026 уже есть контрольная работа: Математика (контрольная работа). Больше одной контрольной в день — перегрузка.",
            dayWarning);
        Assert.Equal(HttpStatusCode.Created, fourth.StatusCode);
        var weekWarning = Assert.Single((await fourth.JsonAsync()).GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Equal("В 5А на неделе 23.11–29.11 будет 4 контрольных работ при норме не больше 3.", weekWarning);
        Assert.Equal(4, await WorksAsync());
        Assert.Equal(4, (await _app.AuditAsync()).Count(e => e.Type == AuditEventType.SetupCreated && e.Entity == "controlWork"));
    }

    [Theory]
    [InlineData("2026-10-28")]
    [InlineData("2026-11-29")]
    public async Task A_date_outside_the_school_days_is_refused_and_nothing_is_written(string date)
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/control-works", Work(s, date));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Дата вне учебного времени класса", (await response.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(0, await WorksAsync());
    }

    [Fact]
    public async Task A_holiday_is_refused()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            b.Db.Holidays.Add(
                new Holiday { SchoolId = b.School.Id, AcademicYearId = b.Year.Id, Name = "День народного единства", Kind = HolidayKind.PublicHoliday,
                    Start = new(2026, 11, 4), End = new(2026, 11, 4) });
            await b.Db.SaveChangesAsync();
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/control-works", Work(s, "2026-11-04"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("День народного единства", (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await WorksAsync());
    }

    [Fact]
    public async Task Deputy_changes_and_deletes_a_work()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        var id = (await (await deputy.PostAsJsonAsync("/api/v1/control-works", Work(s, "2026-11-24"))).JsonAsync()).GetProperty("id").GetInt32();

        var changed = await deputy.PutAsJsonAsync($"/api/v1/control-works/{id}", Work(s, "2026-12-01", "vpr"));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var stored = await _app.QueryAsync(db => db.ControlWorks.AsNoTracking().SingleAsync());
        Assert.Equal((new DateOnly(2026, 12, 1), ControlForm.Vpr), (stored.Date, stored.Form));

        Assert.Equal(HttpStatusCode.NoContent, (await deputy.DeleteAsync($"/api/v1/control-works/{id}")).StatusCode);
        Assert.Equal(0, await WorksAsync());
        Assert.Equal([AuditEventType.SetupCreated, AuditEventType.SetupChanged, AuditEventType.SetupDeleted],
            (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task Teacher_cannot_add_a_work()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.PostAsJsonAsync("/api/v1/control-works", Work(s, "2026-11-24"))).StatusCode);
        Assert.Equal(0, await WorksAsync());
    }

    [Fact]
    public async Task A_parent_sees_his_childs_class_only_and_staff_see_every_class()
    {
        var (s, other) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.ParentAsync("Орлова", "Елена", "orlova", s.Orlov);
            var sixB = await b.ClassAsync(6, "Б");
            foreach (var (cls, day) in new[] { (s.Class, 24), (sixB, 25) })
                b.Db.ControlWorks.Add(
                    new ControlWork { SchoolId = b.School.Id, AcademicYearId = b.Year.Id, SchoolClassId = cls.Id, SubjectId = s.Math.SubjectId,
                        Date = new(2026, 11, day), Form = ControlForm.Test });
            await b.Db.SaveChangesAsync();
            return (s, sixB);
        });
        var parent = await _app.ApiClientAsync("orlova");

        var own = await (await parent.GetAsync("/api/v1/control-works")).JsonAsync();
        var ownClass = await parent.GetAsync($"/api/v1/control-works?classId={s.Class.Id}");
        var otherClass = await parent.GetAsync($"/api/v1/control-works?classId={other.Id}");
        var staff = await (await (await _app.ApiClientAsync("smirnova")).GetAsync("/api/v1/control-works")).JsonAsync();

        Assert.Equal(["5А"], own.EnumerateArray().Select(w => w.GetProperty("className").GetString()));
        Assert.Equal(HttpStatusCode.OK, ownClass.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherClass.StatusCode);
        Assert.Equal(["5А", "6Б"], staff.EnumerateArray().Select(w => w.GetProperty("className").GetString()));
        var page = await (await _app.PageClientAsync("orlova")).GetPageAsync("/Year/ControlWorks?month=2026-11");
        Assert.Equal(["5А"], page.TextsOf("table.control-works tbody th[scope=row]"));
        Assert.DoesNotContain("Добавить контрольную работу", page.Body!.Read());
        Assert.Empty(page.QuerySelectorAll("main form[method=post]"));
        // The parent's menu leads there.
        Assert.Equal("page", page.One("header a[href='/Year/ControlWorks']").GetAttribute("aria-current"));
        Assert.Equal("Контрольные работы", page.TextOf("header a[href='/Year/ControlWorks']"));
    }

    // ---- the page ----

    private static Dictionary<string, string> Form(JournalSchool s, string date, bool confirmed) => new()
    {
        ["Work.ClassId"] = s.Class.Id.ToString(), ["Work.SubjectId"] = s.Russian.SubjectId.ToString(), ["Work.Date"] = date,
        ["Work.Form"] = "dictation", ["Work.Title"] = "Диктант по теме «Падежи»", ["Work.Confirmed"] = confirmed ? "true" : "false",
    };

    [Fact]
    public async Task The_form_saves_a_work_and_asks_to_confirm_an_overload_before_saving_it()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");

        var saved = await Forms.PostAsync(client, "/Year/ControlWorks?month=2026-11", Form(s, "2026-11-24", confirmed: false));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(1, await WorksAsync());

        var asked = await Forms.PostAsync(client, "/Year/ControlWorks?month=2026-11", Form(s, "2026-11-24", confirmed: false));
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var html = await Html.ParseAsync(asked);
        Assert.Equal("Перегрузка класса:", html.One("main .errors.warnings").TextOf("p:first-child"));
        Assert.NotEmpty(html.One("main .errors.warnings").TextsOf("li"));
        Assert.Contains("Сохранить всё равно", html.TextsOf("main form[method=post] button[type=submit]"));
        Assert.Equal(1, await WorksAsync());

        var confirmed = await Forms.PostAsync(client, "/Year/ControlWorks?month=2026-11", Form(s, "2026-11-24", confirmed: true));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(2, await WorksAsync());
        var export = await client.GetAsync("/Year/ControlWorks?handler=Export&month=2026-11");
        var rows = SchoolJournal.Web.Infrastructure.Xlsx.Read(await export.Content.ReadAsStreamAsync());
        Assert.Equal(3, rows.Count);
        Assert.Equal(["2026-11-24", "", "5А", "", "Русский язык", "диктант", "Диктант по теме «Падежи»"], rows[1]);
    }

    [Fact]
    public async Task The_form_refuses_a_date_in_the_holidays_and_the_weekly_limit_is_set_on_the_page()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");

        var refused = await Forms.PostAsync(client, "/Year/ControlWorks?month=2026-10", Form(s, "2026-10-28", confirmed: true));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("вне учебного периода", (await Html.ParseAsync(refused)).TextOf("main p.errors[role=alert]"));
        Assert.Equal(0, await WorksAsync());

        var limit = await Forms.PostAsync(client, "/Year/ControlWorks?handler=Limit&month=2026-11", new() { ["Limit"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, limit.StatusCode);
        Assert.Equal(2, await _app.QueryAsync(db => db.Schools.Select(x => x.ControlWorksPerWeekLimit).SingleAsync()));
        var teacher = await _app.PageClientAsync("smirnova");
        var denied = await Forms.PostAsync(teacher, "/Year/ControlWorks?handler=Limit&month=2026-11", new() { ["Limit"] = "5" });
        Assert.True(denied.StatusCode == HttpStatusCode.Forbidden
            || denied.Headers.Location?.OriginalString.Contains("/Account/AccessDenied") == true);
        Assert.Equal(2, await _app.QueryAsync(db => db.Schools.Select(x => x.ControlWorksPerWeekLimit).SingleAsync()));
    }
}
