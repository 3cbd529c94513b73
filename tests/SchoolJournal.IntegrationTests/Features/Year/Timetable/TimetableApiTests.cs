using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Timetable;

/// <summary>The timetable through the API (R-YEAR-11): entries, the clash check, versions, lesson generation.</summary>
public sealed class TimetableApiTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_deputy_creates_changes_and_deletes_an_entry()
    {
        var s = await _app.SeedAsync(TimetableSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        // No teacher given: the group's assignment teacher is taken.
        var created = await deputy.PostAsJsonAsync("/api/v1/timetable",
            new { groupId = s.Math5A.Id, day = 1, number = 2, roomId = s.Room204.Id, parity = "odd" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entry = await created.JsonAsync();
        var id = entry.GetProperty("id").GetInt32();
        Assert.Equal(s.Smirnova.Id, entry.GetProperty("teacherId").GetInt32());
        Assert.Equal("Смирнова А. В.", entry.GetProperty("teacher").GetString());
        Assert.Equal("odd", entry.GetProperty("parity").GetString());
        Assert.Equal("2026-09-01", entry.GetProperty("validFrom").GetString());
        Assert.Equal(0, entry.GetProperty("version").GetInt32());

        var changed = await deputy.PutAsJsonAsync($"/api/v1/timetable/{id}",
            new { groupId = s.Math5A.Id, day = 2, number = 3, roomId = s.Room301.Id, version = 0 });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(1, (await changed.JsonAsync()).GetProperty("version").GetInt32());

        var list = await deputy.GetFromJsonAsync<JsonElement>($"/api/v1/timetable?classId={s.C5A.Id}");
        var row = Assert.Single(list.EnumerateArray());
        Assert.Equal((2, 3, "301", "every"), (row.GetProperty("day").GetInt32(), row.GetProperty("number").GetInt32(),
            row.GetProperty("room").GetString(), row.GetProperty("parity").GetString()));

        var deleted = await deputy.DeleteAsync($"/api/v1/timetable/{id}?version=1");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, await _app.EntryCountAsync());
        var events = await _app.AuditAsync();
        Assert.Equal([AuditEventType.SetupCreated, AuditEventType.SetupChanged, AuditEventType.SetupDeleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("timetable-entry", e.Entity));
        Assert.Equal(1, JournalHttp.Parse(events[0].After).GetProperty("day").GetInt32());
        Assert.Equal(2, JournalHttp.Parse(events[1].After).GetProperty("day").GetInt32());
    }

    [Fact]
    public async Task A_teacher_clash_is_listed_by_the_check_and_the_save_is_refused_with_nothing_written()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await TimetableSchool.BuildAsync(b);
            await TimetableSchool.EntryAsync(b, s.Math6B, 1, 3, s.Smirnova, s.Room301);
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");
        var input = new { groupId = s.Math5A.Id, day = 1, number = 3, roomId = s.Room204.Id };

        var check = await (await deputy.PostAsJsonAsync("/api/v1/timetable/check", input)).JsonAsync();
        var save = await deputy.PostAsJsonAsync("/api/v1/timetable", input);

        var clash = Assert.Single(check.EnumerateArray());
        Assert.Equal("teacher", clash.GetProperty("kind").GetString());
        Assert.Equal("Учитель Смирнова А. В. в понедельник на 3-м уроке уже ведёт «Математика, 6Б»", clash.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Conflict, save.StatusCode);
        var problem = await save.JsonAsync();
        Assert.Equal("Конфликт в расписании", problem.GetProperty("title").GetString());
        Assert.Contains("Смирнова А. В. в понедельник на 3-м уроке", problem.GetProperty("detail").GetString());
        Assert.Single(problem.GetProperty("clashes").EnumerateArray());
        Assert.Equal(1, await _app.EntryCountAsync());
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task A_room_and_a_student_clash_but_odd_and_even_weeks_share_a_cell()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await TimetableSchool.BuildAsync(b);
            await TimetableSchool.EntryAsync(b, s.Math5A, 2, 1, s.Smirnova, s.Room204, WeekParity.Odd);
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");

        var even = await deputy.PostAsJsonAsync("/api/v1/timetable",
            new { groupId = s.Russian5A.Id, day = 2, number = 1, roomId = s.Room204.Id, parity = "even" });
        var every = await (await deputy.PostAsJsonAsync("/api/v1/timetable/check",
            new { groupId = s.Russian5A.Id, day = 2, number = 1, roomId = s.Room204.Id, parity = "every", teacherId = s.Ivanov.Id })).JsonAsync();

        Assert.Equal(HttpStatusCode.Created, even.StatusCode);
        var messages = every.EnumerateArray().Select(c => c.GetProperty("message").GetString()).ToList();
        Assert.Contains("Кабинет 204 во вторник на 1-м уроке уже занят: «Математика, 5А» (нечётные недели)", messages);
        Assert.Contains("Ученик Орлов А. И. во вторник на 1-м уроке уже занимается в группе «Математика, 5А» (нечётные недели)", messages);
        Assert.Contains("У класса 5А во вторник на 1-м уроке уже стоит «Математика, 5А» (нечётные недели)", messages);
    }

    [Fact]
    public async Task Bad_input_is_refused_in_russian_and_nothing_is_written()
    {
        var s = await _app.SeedAsync(TimetableSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var saturday = await deputy.PostAsJsonAsync("/api/v1/timetable", new { groupId = s.Math5A.Id, day = 6, number = 1 });
        var parity = await deputy.PostAsJsonAsync("/api/v1/timetable", new { groupId = s.Math5A.Id, day = 1, number = 1, parity = "weekly" });
        var dates = await deputy.PostAsJsonAsync("/api/v1/timetable",
            new { groupId = s.Math5A.Id, day = 1, number = 1, validFrom = "2027-01-10", validTo = "2026-12-01" });

        Assert.Equal(HttpStatusCode.BadRequest, saturday.StatusCode);
        Assert.Contains("пятидневная неделя", (await saturday.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal("Неверная чётность недели", (await parity.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal("Неверный срок действия", (await dates.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(0, await _app.EntryCountAsync());
    }

    [Fact]
    public async Task The_second_of_two_editors_gets_a_conflict_and_the_first_change_stays()
    {
        var (s, entry) = await _app.SeedAsync(async b =>
        {
            var s = await TimetableSchool.BuildAsync(b);
            return (s, await TimetableSchool.EntryAsync(b, s.Math5A, 1, 1, s.Smirnova, s.Room204));
        });
        var first = await _app.ApiClientAsync("fedorova");
        var second = await _app.ApiClientAsync("fedorova");
        var seen = (await first.GetFromJsonAsync<JsonElement>($"/api/v1/timetable?classId={s.C5A.Id}"))[0].GetProperty("version").GetInt32();

        var one = await first.PutAsJsonAsync($"/api/v1/timetable/{entry.Id}",
            new { groupId = s.Math5A.Id, day = 1, number = 1, roomId = s.Room301.Id, version = seen });
        var two = await second.PutAsJsonAsync($"/api/v1/timetable/{entry.Id}",
            new { groupId = s.Math5A.Id, day = 4, number = 5, roomId = s.Room204.Id, version = seen });

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, two.StatusCode);
        Assert.StartsWith("Запись расписания изменил другой пользователь", (await two.JsonAsync()).GetProperty("detail").GetString());
        var stored = await _app.QueryAsync(db => db.TimetableEntries.IgnoreQueryFilters().SingleAsync());
        Assert.Equal((1, 1, s.Room301.Id, 1), (stored.DayOfWeek, stored.LessonNumber, stored.RoomId!.Value, stored.Version));
    }

    [Fact]
    public async Task A_teacher_cannot_edit_the_timetable_but_reads_it()
    {
        var s = await _app.SeedAsync(TimetableSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        var post = await teacher.PostAsJsonAsync("/api/v1/timetable", new { groupId = s.Math5A.Id, day = 1, number = 1 });
        var generate = await teacher.PostAsJsonAsync("/api/v1/timetable/generate", new { });
        var read = await teacher.GetAsync($"/api/v1/timetable?classId={s.C6B.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, generate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(0, await _app.EntryCountAsync());
        Assert.Equal(0, await _app.QueryAsync(db => db.Lessons.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task A_student_reads_his_own_class_timetable_only()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await TimetableSchool.BuildAsync(b);
            await TimetableSchool.EntryAsync(b, s.Math5A, 1, 1, s.Smirnova, s.Room204);
            await TimetableSchool.EntryAsync(b, s.Math6B, 1, 2, s.Smirnova, s.Room204);
            return s;
        });
        var student = await _app.ApiClientAsync("orlov");

        var own = await student.GetFromJsonAsync<JsonElement>("/api/v1/timetable");
        var other = await student.GetAsync($"/api/v1/timetable?classId={s.C6B.Id}");
        var teacherView = await student.GetAsync($"/api/v1/timetable?teacherId={s.Smirnova.Id}");

        Assert.Equal("Математика, 5А", Assert.Single(own.EnumerateArray()).GetProperty("group").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, teacherView.StatusCode);
    }
}
