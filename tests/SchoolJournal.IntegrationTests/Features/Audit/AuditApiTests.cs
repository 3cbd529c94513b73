using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.IntegrationTests.Features.Audit;

public sealed class AuditApiTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Entry(DateTimeOffset At, string Actor, string Action, string Title, JsonElement? Before, JsonElement? After,
        string? Reason);

    private sealed record Problem(string Title, string? Detail, int Status);

    private sealed record World(int SchoolId, int LessonId, int MarkId, string TeacherUserId);

    /// <summary>5А with its mathematics teacher and a mark; another teacher teaches only 6Б.</summary>
    private Task<World> SeedAsync() => _app.SeedAsync(async b =>
    {
        var school = await b.SchoolAsync();
        await b.StaffAsync("Петров", "Олег", "Иванович", "director", Roles.Director);
        var teacher = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var other = await b.StaffAsync("Волков", "Игорь", "Петрович", "volkov", Roles.Teacher);
        await b.UserAsync("admin", "Администратор", [Roles.SysAdmin]);
        var cls = await b.ClassAsync(5, "А");
        var student = await b.StudentAsync(cls, "Орлов", "Артём", "orlov");
        await b.ParentAsync("Орлова", "Елена", "orlova", student);
        var group = await b.GroupAsync("Математика", teacher, [cls]);
        await b.GroupAsync("Математика", other, [await b.ClassAsync(6, "Б")]);
        var lesson = await b.LessonAsync(group, new DateOnly(2026, 11, 20), 2, teacher);
        var mark = new Mark { SchoolId = school.Id, LessonId = lesson.Id, StudentId = student.Id, Value = "4", WorkTypeId = b.Answer.Id };
        b.Db.Marks.Add(mark);
        await b.Db.SaveChangesAsync();
        return new World(school.Id, lesson.Id, mark.Id, teacher.UserId!);
    });

    private async Task RecordAsync(int school, AuditEventType type, string entity, object id, object? before, object? after, string? reason = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        await audit.RecordAsync(type, entity, id, before, after, reason, schoolId: school);
        await audit.SaveAsync();
    }

    private async Task<List<Entry>> HistoryAsync(string login, string query)
    {
        var client = await _app.ApiClientAsync(login);
        var response = await client.GetAsync($"/api/v1/audit?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<Entry>>())!;
    }

    [Fact]
    public async Task The_teacher_sees_the_history_of_a_mark_in_his_journal_in_time_order()
    {
        var w = await SeedAsync();
        await RecordAsync(w.SchoolId, AuditEventType.MarkCreated, "mark", w.MarkId, null, new { lessonId = w.LessonId, value = "3" });
        _app.Time.Now = _app.Time.Now.AddMinutes(5);
        await RecordAsync(w.SchoolId, AuditEventType.MarkChanged, "mark", w.MarkId, new { value = "3" }, new { value = "4" }, "ошибка при вводе");

        var history = await HistoryAsync("smirnova", $"entity=mark&id={w.MarkId}");

        Assert.Equal(["markCreated", "markChanged"], history.Select(e => e.Action));
        Assert.Equal(["Отметка выставлена", "Отметка исправлена"], history.Select(e => e.Title));
        Assert.Null(history[0].Before);
        Assert.Equal("3", history[0].After!.Value.GetProperty("value").GetString());
        Assert.Equal("3", history[1].Before!.Value.GetProperty("value").GetString());
        Assert.Equal("4", history[1].After!.Value.GetProperty("value").GetString());
        Assert.Equal("ошибка при вводе", history[1].Reason);
        Assert.Equal("система", history[0].Actor);
        Assert.True(history[0].At < history[1].At);
    }

    [Fact]
    public async Task The_history_of_a_deleted_mark_stays_readable_for_its_teacher()
    {
        var w = await SeedAsync();
        await RecordAsync(w.SchoolId, AuditEventType.MarkDeleted, "mark", 999_999, new { lessonId = w.LessonId, value = "2" }, null);

        var history = await HistoryAsync("smirnova", "entity=mark&id=999999");

        Assert.Equal("markDeleted", Assert.Single(history).Action);
    }

    [Theory]
    [InlineData("volkov")]
    [InlineData("orlov")]
    [InlineData("orlova")]
    [InlineData("admin")]
    public async Task Others_than_staff_with_access_to_the_journal_are_refused(string login)
    {
        var w = await SeedAsync();
        await RecordAsync(w.SchoolId, AuditEventType.MarkCreated, "mark", w.MarkId, null, new { value = "4" });
        var client = await _app.ApiClientAsync(login);

        var response = await client.GetAsync($"/api/v1/audit?entity=mark&id={w.MarkId}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Нет доступа к истории записи", (await response.Content.ReadFromJsonAsync<Problem>())!.Title);
    }

    [Fact]
    public async Task The_director_sees_any_record_of_his_school_including_accounts()
    {
        var w = await SeedAsync();
        await RecordAsync(w.SchoolId, AuditEventType.PasswordChanged, "account", w.TeacherUserId, null, null);

        Assert.Equal("passwordChanged", Assert.Single(await HistoryAsync("director", $"entity=account&id={w.TeacherUserId}")).Action);
        var teacher = await _app.ApiClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync($"/api/v1/audit?entity=account&id={w.TeacherUserId}")).StatusCode);
    }

    [Theory]
    [InlineData("entity=mark", "Не указана запись")]
    [InlineData("id=5", "Не указана запись")]
    [InlineData("entity=salary&id=5", "Неизвестный вид записи")]
    public async Task A_missing_id_or_an_unknown_entity_is_a_bad_request_in_Russian(string query, string title)
    {
        await SeedAsync();
        var client = await _app.ApiClientAsync("director");

        var response = await client.GetAsync($"/api/v1/audit?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<Problem>())!.Title);
    }

    [Fact]
    public async Task A_record_without_history_that_never_existed_is_not_found()
    {
        await SeedAsync();
        var client = await _app.ApiClientAsync("director");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/audit?entity=mark&id=424242")).StatusCode);
    }
}
