using System.Net;
using System.Net.Http.Json;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Live;

/// <summary>
/// The diary's live channel against the running app: a teacher's change over the API goes through the outbox and the
/// dispatcher to the connections that watch the student, and to nobody else.
/// </summary>
public sealed class DiaryHubTests : IAsyncLifetime
{
    private readonly JournalApp _app = new();
    private string _url = "";
    private LiveSchool _s = null!;

    public async Task InitializeAsync()
    {
        _app.Settings["Outbox:Enabled"] = "true";
        _url = LiveHost.Start(_app);
        _s = await _app.SeedStartedAsync(LiveSchool.BuildAsync);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Parent_watching_his_child_hears_of_a_mark_the_teacher_posts()
    {
        await using var parent = await DiaryWatcher.ConnectAsync(_url, await LiveHost.TokenAsync(_url, "orlova"));
        Assert.True(await parent.WatchAsync(_s.School.Orlov.Id));
        using var teacher = await LiveHost.ApiAsync(_url, "smirnova");

        var posted = await teacher.PostAsJsonAsync($"/api/v1/lessons/{_s.School.MathLesson.Id}/marks",
            new { studentId = _s.School.Orlov.Id, value = "5" });

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var change = await parent.WaitForAsync(c => c.StudentId == _s.School.Orlov.Id);
        Assert.Equal("mark", change.Kind);
        Assert.Equal(_s.School.MathLesson.Id, change.LessonId);
        Assert.Equal("2026-11-20", change.Date);
    }

    [Fact]
    public async Task A_long_polling_connection_is_checked_and_hears_the_same()
    {
        // Long polling runs the hub's calls outside the request that opened the connection: the access check must still see the parent.
        await using var parent = await DiaryWatcher.ConnectAsync(_url, await LiveHost.TokenAsync(_url, "belova"),
            transport: Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling);
        Assert.False(await parent.WatchAsync(_s.School.Orlov.Id));
        Assert.True(await parent.WatchAsync(_s.School.Belov.Id));
        using var teacher = await LiveHost.ApiAsync(_url, "smirnova");

        var posted = await teacher.PostAsJsonAsync($"/api/v1/lessons/{_s.School.MathLesson.Id}/marks",
            new { studentId = _s.School.Belov.Id, value = "5" });

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal("mark", (await parent.WaitForAsync(c => c.StudentId == _s.School.Belov.Id)).Kind);
    }

    [Fact]
    public async Task Parent_cannot_watch_another_familys_child_and_hears_nothing_of_him()
    {
        await using var other = await DiaryWatcher.ConnectAsync(_url, await LiveHost.TokenAsync(_url, "belova"));
        Assert.False(await other.WatchAsync(_s.School.Orlov.Id));
        Assert.True(await other.WatchAsync(_s.School.Belov.Id));
        using var teacher = await LiveHost.ApiAsync(_url, "smirnova");

        var lesson = _s.School.MathLesson.Id;
        Assert.Equal(HttpStatusCode.Created,
            (await teacher.PostAsJsonAsync($"/api/v1/lessons/{lesson}/marks", new { studentId = _s.School.Orlov.Id, value = "2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await teacher.PostAsJsonAsync($"/api/v1/lessons/{lesson}/marks", new { studentId = _s.School.Belov.Id, value = "4" })).StatusCode);

        // Orlov's mark was written, and so pushed, before Belov's: had it reached this connection, it would be here first.
        await other.WaitForAsync(c => c.StudentId == _s.School.Belov.Id);
        Assert.All(other.Heard, c => Assert.Equal(_s.School.Belov.Id, c.StudentId));
    }

    [Fact]
    public async Task Homework_set_for_a_lesson_reaches_a_watcher_of_a_student_of_the_group()
    {
        // The token in the query string, as the browser's WebSocket sends it.
        await using var parent = await DiaryWatcher.ConnectAsync(_url, await LiveHost.TokenAsync(_url, "orlova"), inQuery: true);
        Assert.True(await parent.WatchAsync(_s.School.Orlov.Id));
        using var teacher = await LiveHost.ApiAsync(_url, "smirnova");

        var put = await teacher.PutAsJsonAsync($"/api/v1/lessons/{_s.School.MathLesson.Id}", new { homework = "№ 312, 315" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var change = await parent.WaitForAsync(c => c.Kind == "homework");
        Assert.Null(change.StudentId);
        Assert.Equal(_s.School.MathLesson.Id, change.LessonId);
        Assert.Equal("2026-11-20", change.Date);
    }

    [Fact]
    public async Task After_unwatching_the_parent_hears_no_more_of_the_child()
    {
        await using var parent = await DiaryWatcher.ConnectAsync(_url, await LiveHost.TokenAsync(_url, "orlova"));
        Assert.True(await parent.WatchAsync(_s.School.Orlov.Id));
        Assert.True(await parent.WatchAsync(_s.Sister.Id));
        await parent.UnwatchAsync(_s.School.Orlov.Id);
        using var teacher = await LiveHost.ApiAsync(_url, "smirnova");

        var lesson = _s.School.MathLesson.Id;
        Assert.Equal(HttpStatusCode.Created,
            (await teacher.PostAsJsonAsync($"/api/v1/lessons/{lesson}/marks", new { studentId = _s.School.Orlov.Id, value = "3" })).StatusCode);
        using var readingTeacher = await LiveHost.ApiAsync(_url, "kozlov");
        Assert.Equal(HttpStatusCode.OK,
            (await readingTeacher.PutAsJsonAsync($"/api/v1/lessons/{_s.SisterLesson.Id}", new { homework = "Стр. 40" })).StatusCode);

        // The sister's group still reaches the parent; her brother's mark, written first, does not.
        var change = await parent.WaitForAsync(c => c.Kind == "homework");
        Assert.Equal(_s.SisterLesson.Id, change.LessonId);
        Assert.DoesNotContain(parent.Heard, c => c.StudentId == _s.School.Orlov.Id);
    }

    [Fact]
    public async Task A_connection_without_a_sign_in_is_refused()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => DiaryWatcher.ConnectAsync(_url, "not-a-token"));

        Assert.Contains("401", ex.Message);
    }
}

/// <summary>The journal school with parents: Орлова (orlova) of Орлов and of his sister in 2А, Белова (belova) of Белов.</summary>
public sealed record LiveSchool(JournalSchool School, Student Sister, Lesson SisterLesson)
{
    public static async Task<LiveSchool> BuildAsync(SchoolBuilder b)
    {
        var s = await JournalSchool.BuildAsync(b);
        var class2 = await b.ClassAsync(2, "А");
        var sister = await b.StudentAsync(class2, "Орлова", "Анна");
        var reading = await b.GroupAsync("Литературное чтение", s.OtherTeacher, [class2]);
        var sisterLesson = await b.LessonAsync(reading, JournalSchool.LessonDate, 1, s.OtherTeacher);
        await b.ParentAsync("Орлова", "Елена", "orlova", s.Orlov, sister);
        await b.ParentAsync("Белова", "Мария", "belova", s.Belov);
        return new LiveSchool(s, sister, sisterLesson);
    }
}
