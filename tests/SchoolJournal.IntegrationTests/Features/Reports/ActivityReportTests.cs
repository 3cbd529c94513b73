using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Reports;

/// <summary>
/// «Активность пользователей» (R-REP-11) over 17.11–23.11.2026 (Moscow time; today is 23.11, 09:00). Seven logins:
/// the director «petrov» signs in to read the report (today: active); the teacher «smirnova» signs in and writes two marks
/// (active, 2 journal entries); the deputy «fedorova» last signed in on 17.11 at 00:30 Moscow time — 16.11 in UTC — (active);
/// the class teacher «belova» on 16.11 at 23:30 (before the dates: not active, but not «never»); the class teacher of 5А
/// «kozlova» never; the parent «orlova» (Андреев's, 5А) signed in on 01.11 and opened the diary on 19.11 (active); the
/// student «ershov» (5А) never.
/// </summary>
public sealed class ActivityReportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private const string Dates = "from=2026-11-17&to=2026-11-23";

    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    private static async Task<(ReportsSchool School, Lesson Lesson)> BuildAsync(SchoolBuilder b)
    {
        var s = await ReportsSchool.BuildAsync(b);
        await b.StudentAsync(s.A, "Ершов", "Глеб", "ershov");
        var orlova = await b.ParentAsync("Орлова", "Елена", "orlova", s.Four[0]);
        var lesson = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 23), 1, s.Teacher, "Проценты");
        async Task SignedInAsync(string login, DateTimeOffset? at)
        {
            var user = await b.Db.Users.SingleAsync(u => u.UserName == login);
            user.LastSignInAt = at?.ToUniversalTime(); // PostgreSQL keeps UTC only
            await b.Db.SaveChangesAsync();
        }
        await SignedInAsync("fedorova", new DateTimeOffset(2026, 11, 17, 0, 30, 0, Moscow));
        await SignedInAsync("belova", new DateTimeOffset(2026, 11, 16, 23, 30, 0, Moscow));
        await SignedInAsync("orlova", new DateTimeOffset(2026, 11, 1, 18, 0, 0, Moscow));
        var at = new DateTimeOffset(2026, 11, 19, 12, 0, 0, Moscow);
        b.Db.DiaryAcknowledgments.Add(new DiaryAcknowledgment
        {
            SchoolId = b.School.Id, ParentId = orlova.Id, StudentId = s.Four[0].Id, Kind = AcknowledgmentKind.Visit,
            From = new DateOnly(2026, 11, 16), To = new DateOnly(2026, 11, 22), At = at.ToUniversalTime(), AtMs = at.ToUnixTimeMilliseconds(),
        });
        // A visit before the dates does not count.
        var before = new DateTimeOffset(2026, 11, 16, 23, 0, 0, Moscow);
        b.Db.DiaryAcknowledgments.Add(new DiaryAcknowledgment
        {
            SchoolId = b.School.Id, ParentId = orlova.Id, StudentId = s.Four[0].Id, Kind = AcknowledgmentKind.Visit,
            From = new DateOnly(2026, 11, 9), To = new DateOnly(2026, 11, 15), At = before.ToUniversalTime(), AtMs = before.ToUnixTimeMilliseconds(),
        });
        await b.Db.SaveChangesAsync();
        return (s, lesson);
    }

    // (name, users, active, never signed in, journal entries, parents who opened the diary)
    private static (string?, int, int, int, int, int) Count(JsonElement r) => (r.GetProperty("name").GetString(),
        r.GetProperty("users").GetInt32(), r.GetProperty("active").GetInt32(), r.GetProperty("neverSignedIn").GetInt32(),
        r.GetProperty("journalEntries").GetInt32(), r.GetProperty("diaryOpened").GetInt32());

    private async Task<(ReportsSchool School, HttpClient Director)> ReadyAsync()
    {
        var (s, lesson) = await _app.SeedAsync(BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");
        foreach (var (student, value) in new[] { (s.Four[0], "5"), (s.Four[1], "4") })
            (await teacher.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/marks", new { studentId = student.Id, value }))
                .EnsureSuccessStatusCode();
        return (s, await _app.ApiClientAsync("petrov"));
    }

    [Fact]
    public async Task Every_role_counts_who_was_active_and_who_never_signed_in()
    {
        var (_, director) = await ReadyAsync();

        var r = await director.GetFromJsonAsync<JsonElement>($"/api/v1/reports/activity?{Dates}");

        Assert.Equal(
        [
            ("Руководитель ОО", 1, 1, 0, 0, 0), // petrov, signed in today
            ("Заместитель руководителя", 1, 1, 0, 0, 0), // 17.11 00:30 in Moscow is inside the dates
            ("Классный руководитель", 2, 0, 1, 0, 0), // belova before the dates, kozlova never
            ("Учитель", 1, 1, 0, 2, 0), // smirnova's two marks
            ("Обучающийся", 1, 0, 1, 0, 0), // ershov never
            ("Родитель (законный представитель)", 1, 1, 0, 0, 1), // orlova opened the diary on 19.11
        ], r.GetProperty("roles").EnumerateArray().Select(Count));
        Assert.Equal(("Все пользователи", 7, 4, 2, 2, 1), Count(r.GetProperty("total")));
        var users = r.GetProperty("users").EnumerateArray().ToDictionary(u => u.GetProperty("login").GetString()!);
        Assert.Equal("5А", users["ershov"].GetProperty("classes").GetString());
        Assert.Equal("5А", users["orlova"].GetProperty("classes").GetString());
        Assert.Equal("5Б", users["belova"].GetProperty("classes").GetString());
        Assert.Equal(JsonValueKind.Null, users["kozlova"].GetProperty("lastSignIn").ValueKind);
        Assert.True(users["kozlova"].GetProperty("neverSignedIn").GetBoolean());
        Assert.False(users["belova"].GetProperty("active").GetBoolean());
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.Zero),
            users["orlova"].GetProperty("lastDiaryVisit").GetDateTimeOffset().ToUniversalTime());
    }

    [Fact]
    public async Task A_class_and_a_role_narrow_the_report()
    {
        var (s, director) = await ReadyAsync();

        var byClass = await director.GetFromJsonAsync<JsonElement>($"/api/v1/reports/activity?{Dates}&classId={s.A.Id}");
        var parents = await director.GetFromJsonAsync<JsonElement>($"/api/v1/reports/activity?{Dates}&role=parent");

        // 5А: its class teacher kozlova (never), orlova (active), ershov (never).
        Assert.Equal(["kozlova", "ershov", "orlova"], byClass.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("login").GetString()));
        Assert.Equal(("Все пользователи", 3, 1, 2, 0, 1), Count(byClass.GetProperty("total")));
        Assert.Equal([("Родитель (законный представитель)", 1, 1, 0, 0, 1)], parents.GetProperty("roles").EnumerateArray().Select(Count));
    }

    [Fact]
    public async Task Bad_filters_and_other_roles_are_refused_in_russian()
    {
        var (_, director) = await ReadyAsync();

        var role = await director.GetAsync($"/api/v1/reports/activity?{Dates}&role=boss");
        var reversed = await director.GetAsync("/api/v1/reports/activity?from=2026-11-23&to=2026-11-17");
        var missing = await director.GetAsync("/api/v1/reports/activity");
        var unknownClass = await director.GetAsync($"/api/v1/reports/activity?{Dates}&classId=999999");
        var leader = await (await _app.ApiClientAsync("kozlova")).GetAsync($"/api/v1/reports/activity?{Dates}");
        var teacher = await (await _app.ApiClientAsync("smirnova")).GetAsync($"/api/v1/reports/activity?{Dates}");

        Assert.Equal(HttpStatusCode.BadRequest, role.StatusCode);
        Assert.Equal("Неизвестная роль", (await role.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Equal("Неверные даты", (await reversed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownClass.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, leader.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
    }

    [Fact]
    public async Task The_page_and_the_downloads_carry_the_same_numbers()
    {
        var (_, director) = await ReadyAsync();
        var pages = await _app.PageClientAsync("petrov");

        var page = await pages.GetPageAsync($"/Reports/Activity?{Dates}");
        var csv = Encoding.UTF8.GetString(await director.GetByteArrayAsync($"/api/v1/reports/activity?{Dates}&format=csv"));
        var wrong = await pages.GetPageAsync("/Reports/Activity?from=2026-11-23&to=2026-11-17");

        Assert.Equal(["Все пользователи", "7", "4", "2", "2", "1"],
            page.QuerySelectorAll("table.activity-roles tbody tr").Last().Children.Select(c => c.TextContent.Trim()));
        // Without a role or class: only those who never signed in.
        Assert.Equal(["Козлова Ирина Павловна", "Ершов Глеб"],
            page.QuerySelectorAll("table.activity-users tbody tr th").Select(c => c.TextContent.Trim()));
        Assert.Equal("ни разу не входил", page.QuerySelectorAll("table.activity-users tbody tr")[0].Children[3].TextContent.Trim());
        var lines = csv.Split("\r\n");
        Assert.Contains(lines, l => l.Contains("Последний раз открывал дневник в эти даты", StringComparison.Ordinal));
        Assert.Equal(["Учитель", "1", "1", "0", "2", "0"], lines.First(l => l.StartsWith("Учитель;", StringComparison.Ordinal)).Split(';')[..6]);
        Assert.Equal(["Фёдорова Нина Андреевна", "fedorova", "Заместитель руководителя", "", "17.11.2026 00:30", "да", "0", ""],
            lines.First(l => l.StartsWith("Фёдорова", StringComparison.Ordinal)).Split(';'));
        Assert.Contains("Последний день отчёта раньше первого", wrong.One("p.errors").TextContent);
    }
}
