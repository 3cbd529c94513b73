using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Year.Calendar;

/// <summary>The page «Учебные периоды и каникулы»: forms of the deputy, reading for other staff, the export.</summary>
public sealed class PeriodsPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Dictionary<string, string> AutumnForm() => new()
    {
        ["Holiday.Name"] = "Осенние каникулы", ["Holiday.Kind"] = "autumn", ["Holiday.Start"] = "2026-10-26", ["Holiday.End"] = "2026-11-02",
    };

    private static Dictionary<string, string> PeriodForm(string name, string start, string end, string scope = "basic") => new()
    {
        ["Period.Name"] = name, ["Period.Kind"] = "quarter", ["Period.Start"] = start, ["Period.End"] = end, ["Period.Scope"] = scope,
    };

    [Fact]
    public async Task Deputy_adds_a_holiday_and_two_periods_through_the_forms()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");

        var holiday = await CalendarForms.PostAsync(client, "/Year/Periods", "/Year/Periods?handler=Holiday", AutumnForm());
        var first = await CalendarForms.PostAsync(client, "/Year/Periods", "/Year/Periods?handler=Period",
            PeriodForm("I четверть", "2026-09-01", "2026-10-24"));
        var second = await CalendarForms.PostAsync(client, "/Year/Periods", "/Year/Periods?handler=Period",
            PeriodForm("II четверть", "2026-11-03", "2026-12-28"));
        var page = await client.GetPageAsync("/Year/Periods");

        Assert.All([holiday, first, second], r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var basic = page.QuerySelectorAll("#periods h3").Single(h => h.Read() == "ООО (5–9 классы)");
        // The level's table, in its scroller (div.scroll) for a phone.
        var periods = basic.NextElementSibling!.QuerySelector("table")!;
        Assert.Equal(["I четверть", "II четверть"], periods.BodyRows().Select(r => r[0]));
        Assert.Equal(("03.11.2026", "28.12.2026"),
            (periods.Row("II четверть").Cell("Начало").Read(), periods.Row("II четверть").Cell("Окончание").Read()));
        Assert.Equal("Осенние каникулы", page.One("#holidays").Row("Осенние каникулы").Cell("Название").Read());
        Assert.Equal(2, await _app.CountAsync(db => db.StudyPeriods.Where(p => p.Level == EducationLevel.Basic)));
        Assert.Equal(3, (await _app.AuditAsync()).Count);
    }

    [Fact]
    public async Task A_bad_period_form_shows_the_message_and_writes_nothing()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");
        await CalendarForms.PostAsync(client, "/Year/Periods", "/Year/Periods?handler=Period", PeriodForm("I четверть", "2026-09-01", "2026-10-24"));

        var response = await CalendarForms.PostAsync(client, "/Year/Periods", "/Year/Periods?handler=Period",
            PeriodForm("II четверть", "2026-11-03", "2026-12-28"));
        var page = await Html.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Между периодами «I четверть» (01.09.2026–24.10.2026) и «II четверть» (03.11.2026–28.12.2026) есть будние дни без каникул",
            page.TextOf("#periods form p.errors"));
        Assert.Equal("II четверть", page.One("#periods form input[name='Period.Name']").GetAttribute("value"));
        Assert.Equal(1, await _app.CountAsync(db => db.StudyPeriods));
        Assert.Single(await _app.AuditAsync());
    }

    [Fact]
    public async Task Deputy_changes_and_deletes_a_holiday_through_the_forms()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");
        await CalendarForms.PostAsync(client, "/Year/Periods", "/Year/Periods?handler=Holiday", AutumnForm());
        var id = await _app.QueryAsync(db => db.Holidays.Select(h => h.Id).SingleAsync());

        var fields = AutumnForm();
        fields["Holiday.Id"] = id.ToString();
        fields["Holiday.End"] = "2026-11-03";
        var changed = await CalendarForms.PostAsync(client, "/Year/Periods", "/Year/Periods?handler=Holiday", fields);
        var end = await _app.QueryAsync(db => db.Holidays.Select(h => h.End).SingleAsync());
        var deleted = await CalendarForms.PostAsync(client, "/Year/Periods", $"/Year/Periods?handler=DeleteHoliday&id={id}", []);

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(new DateOnly(2026, 11, 3), end);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await _app.CountAsync(db => db.Holidays));
    }

    [Fact]
    public async Task A_teacher_reads_the_page_without_forms_and_may_not_post()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var deputy = await _app.PageClientAsync("fedorova");
        await CalendarForms.PostAsync(deputy, "/Year/Periods", "/Year/Periods?handler=Holiday", AutumnForm());
        var teacher = await _app.PageClientAsync("smirnova");

        var page = await teacher.GetPageAsync("/Year/Periods");
        var post = await CalendarForms.PostAsync(teacher, "/Account/ChangePassword", "/Year/Periods?handler=Period",
            PeriodForm("I четверть", "2026-09-01", "2026-10-24"));
        var student = await (await _app.PageClientAsync("orlov")).GetAsync("/Year/Periods");

        Assert.Equal("Осенние каникулы", page.One("#holidays").Row("Осенние каникулы").Cell("Название").Read());
        Assert.Empty(page.QuerySelectorAll("main form[method=post]"));
        Assert.DoesNotContain("Сохранить период", page.Body!.Read());
        Assert.True(post.StatusCode is HttpStatusCode.Forbidden || post.Headers.Location?.OriginalString.Contains("AccessDenied") == true);
        Assert.True(student.StatusCode is HttpStatusCode.Forbidden || student.Headers.Location?.OriginalString.Contains("AccessDenied") == true);
        Assert.Equal(0, await _app.CountAsync(db => db.StudyPeriods));
    }

    [Fact]
    public async Task The_export_lists_periods_with_their_study_days_and_holidays()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");
        await CalendarForms.PostAsync(client, "/Year/Periods", "/Year/Periods?handler=Holiday", AutumnForm());
        await CalendarForms.PostAsync(client, "/Year/Periods", "/Year/Periods?handler=Period", PeriodForm("I четверть", "2026-09-01", "2026-10-24"));

        var response = await client.GetAsync("/Year/Periods?handler=Export");

        Assert.Equal(Xlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
        var rows = Xlsx.Read(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["Раздел", "Название", "Вид", "Для кого", "Начало", "Окончание", "Учебных дней"], rows[0]);
        // 1 September (Tuesday) to 24 October (Saturday) 2026: the eight weeks from Monday 31 August hold 40 weekdays, less 31 August.
        Assert.Equal(["Учебный период", "I четверть", "четверть", "ООО (5–9 классы)", "2026-09-01", "2026-10-24", "39"], rows[1]);
        Assert.Equal(["Каникулы", "Осенние каникулы", "осенние", "вся школа", "2026-10-26", "2026-11-02"], rows[2].Take(6));
    }
}
