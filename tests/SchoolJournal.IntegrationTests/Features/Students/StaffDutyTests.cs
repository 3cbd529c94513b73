using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Students;

/// <summary>
/// «Ответственные» (R-ROLE-1): the director appoints a teacher to a duty, and the access service honours it while it lasts —
/// backups, every journal, every class's logins — and no longer once it ended.
/// </summary>
public sealed class StaffDutyTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record World(int Smirnova, int Dismissed, int FifthA, int OtherGroup, int Lesson, int Student);

    private Task<World> SeedAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.StaffAsync("Орлова", "Татьяна", "Петровна", "direktor", Roles.Director);
        await b.StaffAsync("Волкова", "Ольга", "Петровна", "zavuch", Roles.Deputy);
        var smirnova = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var kozlova = await b.StaffAsync("Козлова", "Ирина", "Павловна", "kozlova", Roles.ClassTeacher, Roles.Teacher);
        var gone = await b.StaffAsync("Уволенный", "Пётр", "Ильич", "gone", Roles.Teacher);
        gone.DismissedOn = new DateOnly(2026, 10, 31);
        await b.Db.SaveChangesAsync();
        var fifth = await b.ClassAsync(5, "А", kozlova);
        var student = await b.StudentAsync(fifth, "Иванов", "Алексей");
        var group = await b.GroupAsync("История", kozlova, [fifth], [student]);
        var lesson = await b.LessonAsync(group, new DateOnly(2026, 11, 20), 1, kozlova, "Древний Египет");
        return new World(smirnova.Id, gone.Id, fifth.Id, group.Id, lesson.Id, student.Id);
    });

    private static object Appoint(int staff, string duty, string from = "2026-11-23", string? order = "приказ № 112 от 20.11.2026") =>
        new { staffMemberId = staff, duty, from, order };

    private Task<List<AuditEvent>> EventsAsync(AuditEventType type) =>
        _app.QueryAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Type == type).OrderBy(e => e.Id).ToListAsync());

    private static bool Refused(HttpResponseMessage r) => r.StatusCode == HttpStatusCode.Forbidden
        || r.Headers.Location?.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal) == true;

    [Fact]
    public async Task A_teacher_appointed_responsible_for_backups_opens_the_backups_page_until_the_appointment_ends()
    {
        var w = await SeedAsync();
        Assert.True(Refused(await (await _app.PageClientAsync("smirnova")).GetAsync("/Admin/Backups")));

        var director = await _app.ApiClientAsync("direktor");
        var appointed = await director.PostAsJsonAsync("/api/v1/staff-duties", Appoint(w.Smirnova, "backups"));
        Assert.Equal(HttpStatusCode.Created, appointed.StatusCode);
        var duty = await appointed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Ответственный за резервное копирование", duty.GetProperty("title").GetString());
        Assert.Equal("Смирнова Анна Викторовна", duty.GetProperty("staffName").GetString());
        Assert.True(duty.GetProperty("active").GetBoolean());

        var smirnova = await _app.PageClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.OK, (await smirnova.GetAsync("/Admin/Backups")).StatusCode);
        var menu = await smirnova.GetPageAsync("/");
        Assert.Equal("Резервные копии", menu.TextOf("nav.main a[href='/Admin/Backups']"));
        var on = Assert.Single(await EventsAsync(AuditEventType.StaffDutyAppointed));
        Assert.Equal("Орлова Татьяна Петровна", on.ActorName);

        // Ended yesterday: from today he is refused (a new sign-in; an open page within the stamp check's minute).
        var id = duty.GetProperty("id").GetInt32();
        var ended = await director.PostAsJsonAsync($"/api/v1/staff-duties/{id}/end", new { to = "2026-11-22" });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.False((await ended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean());
        Assert.True(Refused(await (await _app.PageClientAsync("smirnova")).GetAsync("/Admin/Backups")));
        var twice = await director.PostAsJsonAsync($"/api/v1/staff-duties/{id}/end", new { to = "2026-11-30" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Single(await EventsAsync(AuditEventType.StaffDutyEnded));
    }

    [Fact]
    public async Task The_one_responsible_for_the_journal_reads_every_journal_and_the_journal_keeping_control_but_writes_none()
    {
        var w = await SeedAsync();
        var before = await _app.PageClientAsync("smirnova");
        Assert.True(Refused(await before.GetAsync($"/Journal/Group/{w.OtherGroup}")));

        var director = await _app.PageClientAsync("direktor");
        var page = await Forms.PostAsync(director, "/Admin/Duties", new()
        {
            ["Duty"] = "journal", ["StaffMemberId"] = w.Smirnova.ToString(CultureInfo.InvariantCulture), ["From"] = "23.11.2026",
            ["Order"] = "приказ № 113 от 20.11.2026",
        }, "/Admin/Duties?handler=Appoint");
        var list = await Html.ParseAsync(page);
        Assert.Equal("Ответственный назначен.", list.TextOf("p.flash"));
        Assert.Equal(["Ответственный за ведение электронного журнала", "Смирнова Анна Викторовна", "с 23.11.2026", "приказ № 113 от 20.11.2026",
            "Орлова Татьяна Петровна"], list.QuerySelectorAll("table.duties tbody tr.active td").Take(5).Select(td => td.Read()));

        var smirnova = await _app.PageClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.OK, (await smirnova.GetAsync($"/Journal/Group/{w.OtherGroup}")).StatusCode);
        var keeping = await smirnova.GetPageAsync("/Reports/JournalKeeping?from=2026-11-16&to=2026-11-22");
        Assert.Contains("Козлова", keeping.TextOf("main"));
        var journal = await (await _app.ApiClientAsync("smirnova")).GetFromJsonAsync<JsonElement>($"/api/v1/groups/{w.OtherGroup}/journal");
        Assert.Equal("Древний Египет", journal.GetProperty("lessons")[0].GetProperty("topic").GetString());
        var api = await _app.ApiClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync($"/api/v1/lessons/{w.Lesson}/marks",
            new { studentId = w.Student, value = "5" })).StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Marks.CountAsync()));
    }

    [Fact]
    public async Task The_one_responsible_for_logins_issues_them_for_a_class_he_does_not_lead()
    {
        var w = await SeedAsync();
        var smirnova = await _app.ApiClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await smirnova.PostAsJsonAsync($"/api/v1/classes/{w.FifthA}/credentials", new { who = "students" })).StatusCode);

        var director = await _app.ApiClientAsync("direktor");
        Assert.Equal(HttpStatusCode.Created, (await director.PostAsJsonAsync("/api/v1/staff-duties", Appoint(w.Smirnova, "credentials"))).StatusCode);

        var appointed = await _app.ApiClientAsync("smirnova");
        var issued = await appointed.PostAsJsonAsync($"/api/v1/classes/{w.FifthA}/credentials", new { who = "students" });
        Assert.True(issued.IsSuccessStatusCode, $"{(int)issued.StatusCode}: {await issued.Content.ReadAsStringAsync()}");
        Assert.NotNull(await _app.QueryAsync(db => db.Students.Where(s => s.UserId != null).Select(s => s.UserId).FirstOrDefaultAsync()));
    }

    [Theory]
    [InlineData("unknown-duty", 400, "Неизвестная обязанность")]
    [InlineData("bad-date", 400, "Неверная дата назначения")]
    [InlineData("dismissed", 400, "Сотрудник уволен")]
    [InlineData("twice", 409, "Уже назначен")]
    [InlineData("deputy", 403, "Нет права назначать ответственных")]
    public async Task A_wrong_appointment_is_refused_in_russian_and_changes_nothing(string @case, int status, string title)
    {
        var w = await SeedAsync();
        var director = await _app.ApiClientAsync("direktor");
        if (@case == "twice") await director.PostAsJsonAsync("/api/v1/staff-duties", Appoint(w.Smirnova, "journal"));
        var client = @case == "deputy" ? await _app.ApiClientAsync("zavuch") : director;
        var body = @case switch
        {
            "unknown-duty" => Appoint(w.Smirnova, "library"),
            "bad-date" => Appoint(w.Smirnova, "journal", from: "23/11/2026"),
            "dismissed" => Appoint(w.Dismissed, "journal"),
            "twice" => Appoint(w.Smirnova, "journal", from: "2026-12-01"),
            _ => Appoint(w.Smirnova, "journal"),
        };

        var response = await client.PostAsJsonAsync("/api/v1/staff-duties", body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(@case == "twice" ? 1 : 0, await _app.QueryAsync(db => db.StaffDuties.CountAsync()));
        Assert.Equal(@case == "twice" ? 1 : 0, (await EventsAsync(AuditEventType.StaffDutyAppointed)).Count);
    }

    [Fact]
    public async Task An_appointment_from_a_later_day_grants_nothing_yet()
    {
        var w = await SeedAsync();
        var director = await _app.ApiClientAsync("direktor");
        await director.PostAsJsonAsync("/api/v1/staff-duties", Appoint(w.Smirnova, "backups", from: "2026-12-01"));

        Assert.True(Refused(await (await _app.PageClientAsync("smirnova")).GetAsync("/Admin/Backups")));
        var list = await director.GetFromJsonAsync<JsonElement>("/api/v1/staff-duties");
        Assert.False(list.EnumerateArray().Single().GetProperty("active").GetBoolean());
    }
}
