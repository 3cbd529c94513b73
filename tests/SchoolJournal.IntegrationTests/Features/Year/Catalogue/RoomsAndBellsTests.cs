using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Catalogue;

/// <summary>Кабинеты (R-YEAR-4) and расписание звонков (R-YEAR-8): API and page forms.</summary>
public sealed class RoomsAndBellsTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Director_adds_changes_and_deletes_a_room_and_each_step_is_audited()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var created = await director.PostAsJsonAsync("/api/v1/rooms", new { number = "21", name = "Кабинет химии", capacity = 30 });
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        var changed = await director.PutAsJsonAsync($"/api/v1/rooms/{id}", new { number = "21", name = "Кабинет химии", capacity = 26 });
        var duplicate = await director.PostAsJsonAsync("/api/v1/rooms", new { number = "21", capacity = 10 });
        Assert.Equal(26, await _app.QueryAsync(db => db.Rooms.Where(r => r.Id == id).Select(r => r.Capacity).SingleAsync()));
        var deleted = await director.DeleteAsync($"/api/v1/rooms/{id}");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.NoContent),
            (created.StatusCode, changed.StatusCode, duplicate.StatusCode, deleted.StatusCode));
        Assert.False(await _app.QueryAsync(db => db.Rooms.AnyAsync()));
        Assert.Equal([AuditEventType.SetupCreated, AuditEventType.SetupChanged, AuditEventType.SetupDeleted],
            (await _app.AuditAsync()).Where(e => e.Entity == "room").Select(e => e.Type));
    }

    [Fact]
    public async Task A_room_with_a_negative_capacity_is_refused_on_the_page_form()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var page = await _app.PageClientAsync("fedorova");

        var response = await page.PostFormAsync("/Year/Rooms", "Save", new() { ["Input.Number"] = "5", ["Input.Capacity"] = "-3" });
        var good = await page.PostFormAsync("/Year/Rooms", "Save",
            new() { ["Input.Number"] = "5", ["Input.Name"] = "Актовый зал", ["Input.Capacity"] = "120" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Вместимость кабинета — число мест от 0 до 1000.", (await Html.ParseAsync(response)).TextOf("main .errors"));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal(120, await _app.QueryAsync(db => db.Rooms.Where(r => r.Number == "5").Select(r => r.Capacity).SingleAsync()));
        var room = (await page.GetPageAsync("/Year/Rooms")).One("table.setup").Row("5");
        Assert.Equal(("Актовый зал", "120"), (room.Cell("Название").Read(), room.Cell("Мест").Read()));
    }

    [Fact]
    public async Task A_room_that_is_a_class_home_room_is_not_deleted()
    {
        var (s, room) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var room = new Room { SchoolId = s.School.Id, Number = "12" };
            b.Db.Add(room);
            await b.Db.SaveChangesAsync();
            (await b.Db.SchoolClasses.SingleAsync(c => c.Id == s.Class.Id)).RoomId = room.Id;
            await b.Db.SaveChangesAsync();
            return (s, room);
        });
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.DeleteAsync($"/api/v1/rooms/{room.Id}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("закреплён за классами: 5А", await response.ProblemAsync());
        Assert.True(await _app.QueryAsync(db => db.Rooms.AnyAsync(r => r.Id == room.Id)));
    }

    [Fact]
    public async Task Deputy_makes_a_second_shift_bell_schedule_and_changes_one_lesson()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var created = await deputy.PostAsJsonAsync("/api/v1/bell-schedules", new
        {
            name = "Вторая смена", shift = 2,
            slots = new[] { new { number = 1, start = "13:30", end = "14:10" }, new { number = 2, start = "14:20", end = "15:00" } },
        });
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        var changed = await deputy.PutAsJsonAsync($"/api/v1/bell-schedules/{id}", new
        {
            name = "Вторая смена", shift = 2,
            slots = new[] { new { number = 1, start = "13:30", end = "14:10" }, new { number = 2, start = "14:30", end = "15:10" } },
        });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (created.StatusCode, changed.StatusCode));
        var slots = await _app.QueryAsync(db => db.BellSlots.Where(s => s.BellScheduleId == id)
            .OrderBy(s => s.Number).Select(s => new { s.Number, s.Start, s.End }).ToListAsync());
        Assert.Equal(2, slots.Count);
        Assert.Equal((new TimeOnly(14, 30), new TimeOnly(15, 10)), (slots[1].Start, slots[1].End));
        Assert.Equal(2, (await _app.AuditAsync()).Count(e => e.Entity == "bellSchedule"));
    }

    [Fact]
    public async Task Overlapping_lessons_are_refused_and_nothing_is_written()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/bell-schedules", new
        {
            name = "С ошибкой", shift = 1,
            slots = new[] { new { number = 1, start = "08:00", end = "08:45" }, new { number = 2, start = "08:40", end = "09:25" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Уроки № 1 (08:00–08:45) и № 2 (08:40–09:25) пересекаются по времени.", await response.ProblemAsync());
        Assert.False(await _app.QueryAsync(db => db.BellSchedules.AnyAsync(b => b.Name == "С ошибкой")));
    }

    [Fact]
    public async Task Deputy_adds_a_bell_schedule_with_the_page_form_skipping_empty_rows()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var page = await _app.PageClientAsync("fedorova");

        var response = await page.PostFormAsync("/Year/Bells", "Save", new()
        {
            ["Input.Name"] = "Сокращённые уроки", ["Input.Shift"] = "1",
            ["Input.Slots[0].Number"] = "1", ["Input.Slots[0].Start"] = "08:00", ["Input.Slots[0].End"] = "08:30",
            ["Input.Slots[1].Number"] = "2", ["Input.Slots[1].Start"] = "08:40", ["Input.Slots[1].End"] = "09:10",
            ["Input.Slots[2].Number"] = "3", ["Input.Slots[2].Start"] = "", ["Input.Slots[2].End"] = "",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(2,
            await _app.QueryAsync(db =>
                db.BellSlots.CountAsync(s => db.BellSchedules.Any(b => b.Id == s.BellScheduleId && b.Name == "Сокращённые уроки"))));
        var teacher = await _app.PageClientAsync("smirnova");
        var html = await teacher.GetPageAsync("/Year/Bells");
        Assert.Contains(html.TextsOf("main h2"), h => h.StartsWith("Сокращённые уроки", StringComparison.Ordinal));
        Assert.DoesNotContain("Новое расписание звонков", html.Body!.Read());
    }
}
