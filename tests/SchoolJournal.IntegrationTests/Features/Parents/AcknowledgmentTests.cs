using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Parents;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Parents;

/// <summary>Факт ознакомления (R-DIARY-4): visits, the «Ознакомлен» button and API, the class teacher's report and its export.</summary>
public sealed class AcknowledgmentTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static readonly DateOnly Mon = new(2026, 11, 16);

    private async Task<List<DiaryAcknowledgment>> RowsAsync(ParentsSchool s)
    {
        await FlushVisitsAsync();
        return await _app.QueryAsync(db => db.DiaryAcknowledgments.IgnoreQueryFilters().Where(a => a.ParentId == s.Mother.Id)
            .OrderBy(a => a.Id).ToListAsync());
    }

    /// <summary>What the visit writer does within a second of a view.</summary>
    /// <summary>
    /// Орлов's school at 19:40 on Monday 23.11 with his mother signed in: the «Ознакомлен» page of his week 16–22.11 and the form
    /// its button posts.
    /// </summary>
    private async Task<(ParentsSchool S, HttpClient Parent, string Url, Dictionary<string, string> Press)> MothersWeekAsync()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        _app.Time.Now = new DateTimeOffset(2026, 11, 23, 19, 40, 0, TimeSpan.FromHours(3));
        var parent = await _app.PageClientAsync("orlova");
        var press = new Dictionary<string, string>
        {
            ["StudentId"] = s.J.Orlov.Id.ToString(), ["From"] = "2026-11-16", ["To"] = "2026-11-22", ["ReturnUrl"] = "/Diary",
        };
        return (s, parent, $"/Parents/Acknowledge?studentId={s.J.Orlov.Id}&from=2026-11-16&to=2026-11-22", press);
    }

    private Task FlushVisitsAsync() => _app.Services.GetRequiredService<DiaryVisits>().FlushAsync();

    /// <summary>Runs the diary's call as the signed-in <paramref name="login"/> would (the diary pages call it on every view).</summary>
    private async Task RecordVisitAsAsync(string login, string role, int studentId, DateOnly from, DateOnly to)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var user = await _app.QueryAsync(db => db.Users.SingleAsync(u => u.UserName == login));
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            RequestServices = scope.ServiceProvider,
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Role, role), new(JournalClaims.School, user.SchoolId.ToString()!)], "test")),
        };
        try
        {
            await scope.ServiceProvider.GetRequiredService<Acknowledgments>().RecordVisitAsync(studentId, from, to, null, CancellationToken.None);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    [Fact]
    public async Task Two_views_of_a_week_keep_one_visit_row_with_the_later_time_and_others_leave_none()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);

        await RecordVisitAsAsync("orlova", Roles.Parent, s.J.Orlov.Id, Mon, Mon.AddDays(6));
        await FlushVisitsAsync();
        _app.Time.Now = _app.Time.Now.AddHours(10);
        await RecordVisitAsAsync("orlova", Roles.Parent, s.J.Orlov.Id, Mon, Mon.AddDays(6));
        await RecordVisitAsAsync("orlova", Roles.Parent, s.J.Belov.Id, Mon, Mon.AddDays(6));
        await RecordVisitAsAsync("kozlova", Roles.ClassTeacher, s.J.Orlov.Id, Mon, Mon.AddDays(6));
        await FlushVisitsAsync();

        var row = Assert.Single(await _app.QueryAsync(db => db.DiaryAcknowledgments.IgnoreQueryFilters().ToListAsync()));
        Assert.Equal((AcknowledgmentKind.Visit, s.Mother.Id, s.J.Orlov.Id, Mon), (row.Kind, row.ParentId, row.StudentId, row.From));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 19, 0, 0, TimeSpan.FromHours(3)).ToUnixTimeMilliseconds(), row.AtMs);
    }

    [Fact]
    public async Task The_parent_presses_Oznakomlen_on_the_page_and_then_sees_when()
    {
        var (s, parent, url, press) = await MothersWeekAsync();
        var before = await parent.GetPageAsync(url);
        var form = before.One(".acknowledge form[action='/Parents/Acknowledge']");
        Assert.Equal("Ознакомлен", form.TextOf("button[type=submit]"));
        // The button's form has an explicit action: it must carry its own antiforgery token.
        Assert.NotEmpty(form.FieldsOf()["__RequestVerificationToken"]);

        var response = await Forms.PostAsync(parent, url, press);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Diary", response.Headers.Location?.OriginalString);
        var row = Assert.Single(await RowsAsync(s));
        Assert.Equal((AcknowledgmentKind.Acknowledged, Mon, Mon.AddDays(6)), (row.Kind, row.From, row.To));
        var after = await parent.GetPageAsync(url);
        Assert.Equal("✓ Ознакомлен(а) 23.11 в 19:40", after.TextOf(".acknowledge .acknowledged"));
        Assert.Empty(after.QuerySelectorAll(".acknowledge form"));

        var teacher = await _app.PageClientAsync("kozlova");
        var refused = await teacher.GetAsync(url);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    [Fact]
    public async Task A_mark_written_after_the_press_brings_the_button_back_and_the_next_press_is_the_one_shown()
    {
        var (s, parent, url, press) = await MothersWeekAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(parent, url, press)).StatusCode);
        Assert.Equal("✓ Ознакомлен(а) 23.11 в 19:40", (await parent.GetPageAsync(url)).TextOf(".acknowledge .acknowledged"));

        // At 20:15 the teacher gives Орлов a mark for Friday's lesson: the week has news his mother has not seen.
        _app.Time.Now = new DateTimeOffset(2026, 11, 23, 20, 15, 0, TimeSpan.FromHours(3));
        var teacher = await _app.ApiClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.Created,
            (await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.J.MathLesson.Id}/marks", new { studentId = s.J.Orlov.Id, value = "5" }))
                .StatusCode);
        var again = await parent.GetPageAsync(url);
        Assert.Equal("Ознакомлен", again.One(".acknowledge form[action='/Parents/Acknowledge']").TextOf("button[type=submit]"));
        Assert.Empty(again.QuerySelectorAll(".acknowledge .acknowledged"));

        // She presses again at 21:05: of her two presses, the later one is shown.
        _app.Time.Now = new DateTimeOffset(2026, 11, 23, 21, 5, 0, TimeSpan.FromHours(3));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(parent, url, press)).StatusCode);
        Assert.Equal("✓ Ознакомлен(а) 23.11 в 21:05", (await parent.GetPageAsync(url)).TextOf(".acknowledge .acknowledged"));
    }

    [Fact]
    public async Task The_api_acknowledges_for_a_parent_only_and_checks_the_dates()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        var parent = await _app.ApiClientAsync("orlova");
        var url = $"/api/v1/students/{s.J.Orlov.Id}/acknowledgments";

        var done = await parent.PostAsJsonAsync(url, new { from = "2026-11-16", to = "2026-11-22" });
        var period = await parent.PostAsJsonAsync(url, new { studyPeriodId = s.J.Quarter2.Id });
        var backwards = await parent.PostAsJsonAsync(url, new { from = "2026-11-22", to = "2026-11-16" });
        var otherChild = await parent.PostAsJsonAsync($"/api/v1/students/{s.J.Belov.Id}/acknowledgments",
            new { from = "2026-11-16", to = "2026-11-22" });
        var teacher = await (await _app.ApiClientAsync("kozlova")).PostAsJsonAsync(url, new { from = "2026-11-16", to = "2026-11-22" });

        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        Assert.Equal(HttpStatusCode.Created, period.StatusCode);
        Assert.Equal("2026-11-03", (await period.JsonAsync()).GetProperty("from").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherChild.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
        Assert.Equal(2, (await RowsAsync(s)).Count);
    }

    /// <summary>
    /// Орлов has 4 marks in the 2nd quarter: 10.11, 16.11 and 18.11 written on 21.11, and 20.11 written on 23.11 at 10:00.
    /// His mother pressed «Ознакомлен» for 16–22.11 on 23.11 at 09:00: that covers 16.11 and 18.11 only, so 2 are open
    /// (10.11 — another week; 20.11 — written after the press), in the weeks of 09.11 and 16.11. His father has no login
    /// and never came: all 4 open.
    /// </summary>
    [Fact]
    public async Task The_report_counts_the_marks_not_acknowledged_yet()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await ParentsSchool.BuildAsync(b);
            var early = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(3));
            foreach (var day in new[] { new DateOnly(2026, 11, 10), Mon, Mon.AddDays(2) })
                await b.MarkAtAsync(await b.LessonAsync(s.J.Math, day, 1, s.J.Teacher), s.J.Orlov, "4", early);
            await b.MarkAtAsync(s.J.MathLesson, s.J.Orlov, "5", new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(3)));
            var father = await b.ParentAsync("Орлов", "Пётр", null, s.J.Orlov);
            (await b.Db.StudentParents.SingleAsync(p => p.ParentId == father.Id)).Kind = RepresentativeKind.Father;
            await b.Db.SaveChangesAsync();
            return s;
        });
        var parent = await _app.ApiClientAsync("orlova");
        Assert.Equal(HttpStatusCode.Created,
            (await parent.PostAsJsonAsync($"/api/v1/students/{s.J.Orlov.Id}/acknowledgments", new { from = "2026-11-16", to = "2026-11-22" }))
                .StatusCode);
        var leader = await _app.ApiClientAsync("kozlova");

        var report = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/classes/{s.J.Class.Id}/diary-activity");

        Assert.Equal(s.J.Quarter2.Id, report.GetProperty("periodId").GetInt32());
        var students = report.GetProperty("students").EnumerateArray().ToList();
        Assert.Equal(["Белов Борис Иванович", "Орлов Артём Иванович"], students.Select(x => x.GetProperty("name").GetString()));
        var orlov = students[1];
        Assert.Equal(4, orlov.GetProperty("marks").GetInt32());
        var (mother, father) = (orlov.GetProperty("parents")[0], orlov.GetProperty("parents")[1]);
        Assert.Equal("мать", mother.GetProperty("kind").GetString());
        Assert.True(mother.GetProperty("hasLogin").GetBoolean());
        Assert.Equal(2, mother.GetProperty("unacknowledgedMarks").GetInt32());
        Assert.Equal(["2026-11-09", "2026-11-16"], mother.GetProperty("unacknowledgedWeeks").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), mother.GetProperty("lastAcknowledgment").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), mother.GetProperty("lastVisit").GetDateTimeOffset());
        Assert.False(father.GetProperty("hasLogin").GetBoolean());
        Assert.Equal(JsonValueKind.Null, father.GetProperty("lastVisit").ValueKind);
        Assert.True(father.GetProperty("neverVisited").GetBoolean());
        Assert.Equal(4, father.GetProperty("unacknowledgedMarks").GetInt32());

        // A range of one week: the 16.11 week's 3 marks, of which the mother has 1 open (20.11).
        var week = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/classes/{s.J.Class.Id}/diary-activity?from=2026-11-16&to=2026-11-22");
        Assert.Equal(1, week.GetProperty("students")[1].GetProperty("parents")[0].GetProperty("unacknowledgedMarks").GetInt32());
        var bad = await leader.GetAsync($"/api/v1/classes/{s.J.Class.Id}/diary-activity?from=2026-11-22&to=2026-11-16");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await (await _app.ApiClientAsync("volkova")).GetAsync($"/api/v1/classes/{s.J.Class.Id}/diary-activity")).StatusCode);

        var pages = await _app.PageClientAsync("kozlova");
        var activity = (await pages.GetPageAsync($"/Parents/Activity/{s.J.Class.Id}")).QuerySelectorAll("table.parents-activity tbody tr");
        var motherLine = activity.Single(r => r.Cell("Родитель").Read() == "Орлова Елена Сергеевна (мать)");
        Assert.Equal("2 из 4", motherLine.Cell("Не подтверждено").Read());
        Assert.Equal("09.11–15.11, 16.11–22.11", motherLine.Cell("Недели без подтверждения").Read());
        Assert.False(motherLine.ClassList.Contains("never"));
        var fatherLine = activity.Single(r => r.Cell("Родитель").Read().StartsWith("Орлов Пётр", StringComparison.Ordinal));
        Assert.Equal("4 из 4", fatherLine.Cell("Не подтверждено").Read());
        Assert.True(fatherLine.ClassList.Contains("never"));
        var export = await pages.GetAsync($"/Parents/Activity/{s.J.Class.Id}?handler=Export");
        Assert.Equal(Xlsx.ContentType, export.Content.Headers.ContentType?.MediaType);
        var sheet = Xlsx.Read(await export.Content.ReadAsStreamAsync());
        Assert.Equal("Ученик", sheet[0][0]);
        var motherRow = sheet.Single(r => r.Length > 1 && r[1] == "Орлова Елена Сергеевна (мать)");
        Assert.Equal(("Орлов Артём Иванович", "да", "23.11.2026 09:00", "2"), (motherRow[0], motherRow[2], motherRow[4], motherRow[5]));
    }

    [Fact]
    public async Task The_leaflet_and_the_about_page_tell_the_parents_how_to_start()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        var leader = await _app.PageClientAsync("kozlova");

        var leaflet = (await leader.GetPageAsync($"/Parents/Leaflet/{s.J.Class.Id}")).One("article.leaflet");

        Assert.Equal("МБОУ «СОШ № 1»", leaflet.TextOf("header .school"));
        Assert.Equal(["5А", "Козлова Ирина Павловна"], leaflet.TextsOf("header p strong"));
        Assert.StartsWith("http://localhost", leaflet.TextOf(".address"));
        Assert.Contains("СНИЛС",
            leaflet.QuerySelectorAll("section").Single(x => x.TextOf("h2") == "Согласие на обработку персональных данных").Read());
        var about = await (await _app.PageClientAsync("orlova")).GetPageAsync("/Diary/About");
        Assert.Equal("Уведомления", about.TextOf("main a[href='/Diary/Notifications']"));
        Assert.Contains("«Ознакомлен»", about.TextsOf("main h2"));
        var list = await leader.GetPageAsync("/Parents");
        Assert.NotEmpty(list.QuerySelectorAll($"main a[href='/Parents/Class/{s.J.Class.Id}']"));
        Assert.Empty(list.QuerySelectorAll($"a[href='/Parents/Class/{s.OtherClass.Id}']"));
    }
}
