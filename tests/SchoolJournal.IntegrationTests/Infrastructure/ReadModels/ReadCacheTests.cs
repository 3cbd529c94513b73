using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Features.Live;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.ReadModels;

namespace SchoolJournal.IntegrationTests.Infrastructure.ReadModels;

/// <summary>
/// The hot pages' read cache (issue 16): each cached read model — the diary week, the diary's marks, the journal grid and its
/// API, the lesson page, the access sets behind them — shows a write on the very next read. Each test first reads twice and
/// checks the second read came from the cache, so a pass proves the cache was dropped by the write, not that it was never used.
/// </summary>
public sealed class ReadCacheTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private ReadCache Cache => _app.Services.GetRequiredService<ReadCache>();

    /// <summary>Reads twice; the second read must be a cache hit.</summary>
    private async Task<string> ReadTwiceAsync(HttpClient client, string url)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        var hits = Cache.Counters.Hits;
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Cache.Counters.Hits > hits, $"{url}: the second read did not come from the cache");
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_diary_week_shows_a_mark_on_the_read_after_its_write()
    {
        var s = await _app.SeedAsync(LiveSchool.BuildAsync);
        using var parent = await _app.ApiClientAsync("orlova");
        using var teacher = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/students/{s.School.Orlov.Id}/diary?from=2026-11-16&to=2026-11-22";
        var before = await ReadTwiceAsync(parent, url);
        Assert.DoesNotContain("\"value\":\"4\"", before);

        var posted = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.School.MathLesson.Id}/marks",
            new { studentId = s.School.Orlov.Id, value = "4" });

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var after = await parent.GetStringAsync(url);
        Assert.Contains("\"value\":\"4\"", after);
        // The week page, read by the same parent, shows it too.
        using var page = await _app.PageClientAsync("orlova");
        var html = await (await page.GetAsync($"/Diary?studentId={s.School.Orlov.Id}&date=2026-11-20")).Content.ReadAsStringAsync();
        Assert.Contains(">4<", html);
    }

    [Fact]
    public async Task The_diary_marks_page_shows_a_mark_on_the_read_after_its_write()
    {
        var s = await _app.SeedAsync(LiveSchool.BuildAsync);
        using var parent = await _app.PageClientAsync("orlova");
        using var teacher = await _app.ApiClientAsync("smirnova");
        var url = $"/Diary/Marks?studentId={s.School.Orlov.Id}";
        Assert.DoesNotContain("data-value=\"5\"", await ReadTwiceAsync(parent, url));

        await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.School.MathLesson.Id}/marks", new { studentId = s.School.Orlov.Id, value = "5" });

        Assert.Contains("data-value=\"5\"", await parent.GetStringAsync(url));
    }

    [Fact]
    public async Task The_journal_grid_its_API_and_the_lesson_page_show_an_absence_on_the_read_after_its_write()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        using var api = await _app.ApiClientAsync("smirnova");
        using var pages = await _app.PageClientAsync("smirnova");
        var journal = $"/api/v1/groups/{s.Math.Id}/journal?periodId={s.Quarter2.Id}";
        var grid = $"/Journal/Group/{s.Math.Id}?periodId={s.Quarter2.Id}";
        var lesson = $"/Journal/Lesson/{s.MathLesson.Id}";
        Assert.DoesNotContain("\"code\":\"Н\"", await ReadTwiceAsync(api, journal));
        Assert.DoesNotContain("class=\"cell absent", await ReadTwiceAsync(pages, grid));
        Assert.DoesNotContain("selected=\"selected\">Н<", await ReadTwiceAsync(pages, lesson));

        var put = await api.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/attendance", new { studentId = s.Belov.Id, code = "Н" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains("\"code\":\"Н\"", await api.GetStringAsync(journal));
        Assert.Contains("class=\"cell absent", await pages.GetStringAsync(grid));
        Assert.Contains("selected=\"selected\">Н<", await pages.GetStringAsync(lesson));
    }

    [Fact]
    public async Task A_teacher_assigned_to_a_group_reads_its_grid_at_once_and_loses_it_at_once()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        using var other = await _app.ApiClientAsync("kozlov");
        var journal = $"/api/v1/groups/{s.Math.Id}/journal?periodId={s.Quarter2.Id}";
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(journal)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(journal)).StatusCode);

        // The director's assignment, written through the app's own data layer as any page or import writes it.
        var assignment = await _app.SeedAsync(async b =>
        {
            var row = new TeachingAssignment { SchoolId = s.School.Id, TeachingGroupId = s.Math.Id, StaffMemberId = s.OtherTeacher.Id,
                From = new DateOnly(2026, 9, 1) };
            b.Db.TeachingAssignments.Add(row);
            await b.Db.SaveChangesAsync();
            return row;
        });

        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(journal)).StatusCode);
        await _app.SeedAsync(async b =>
        {
            b.Db.TeachingAssignments.Remove(b.Db.TeachingAssignments.Single(a => a.Id == assignment.Id));
            return await b.Db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(journal)).StatusCode);
    }

    [Fact]
    public async Task A_write_inside_a_transaction_that_is_rolled_back_keeps_the_cache_and_changes_nothing()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        using var api = await _app.ApiClientAsync("smirnova");
        var journal = $"/api/v1/groups/{s.Math.Id}/journal?periodId={s.Quarter2.Id}";
        var before = await ReadTwiceAsync(api, journal);

        await _app.SeedAsync(async b =>
        {
            await using var tx = await b.Db.Database.BeginTransactionAsync();
            b.Db.Attendance.Add(new Attendance
            {
                SchoolId = s.School.Id, LessonId = s.MathLesson.Id, StudentId = s.Orlov.Id, Code = AttendanceCode.Absent,
            });
            await b.Db.SaveChangesAsync();
            await tx.RollbackAsync();
            return 0;
        });

        var hits = Cache.Counters.Hits;
        Assert.Equal(before, await api.GetStringAsync(journal));
        Assert.True(Cache.Counters.Hits > hits, "a rolled-back write dropped the grid");
    }
}

/// <summary>
/// Two app nodes over one database and the Redis at SJ_TEST_REDIS: a write through node 1 drops the read models of node 2 — the
/// diary week, the marks report, the grid (API and page), the lesson page — whose next read shows it (the bump travels through
/// Redis, so the read is retried for up to five seconds).
/// </summary>
public sealed class ReadCacheAcrossNodesTests : IDisposable
{
    private readonly JournalApp _node1 = new();
    private readonly JournalApp _node2 = new();

    public void Dispose()
    {
        _node2.Dispose();
        _node1.Dispose();
    }

    private static async Task<string> EventuallyAsync(HttpClient client, string url, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        string body;
        do
        {
            body = await client.GetStringAsync(url);
            if (body.Contains(expected, StringComparison.Ordinal)) return body;
            await Task.Delay(50);
        } while (DateTime.UtcNow < deadline);
        return body;
    }

    [Fact]
    public async Task A_mark_written_through_one_node_shows_in_the_diary_and_the_grid_read_through_the_other()
    {
        var prefix = "sj-test-" + Guid.NewGuid().ToString("N")[..8] + ":";
        foreach (var node in new[] { _node1, _node2 })
        {
            node.Settings["ConnectionStrings:Redis"] = LiveHost.Redis;
            node.Settings["Redis:ChannelPrefix"] = prefix;
        }
        LiveHost.ShareDatabase(_node2, with: _node1);
        var url1 = LiveHost.Start(_node1);
        var s = await _node1.SeedStartedAsync(LiveSchool.BuildAsync);
        var url2 = LiveHost.Start(_node2);
        var cache2 = _node2.Services.GetRequiredService<ReadCache>();

        using var parent = await LiveHost.ApiAsync(url2, "orlova");
        using var reader = await LiveHost.ApiAsync(url2, "smirnova");
        using var leader = await LiveHost.ApiAsync(url2, "kozlova"); // the class teacher reads the grid; its marks link to their history
        using var teacher = await LiveHost.ApiAsync(url1, "smirnova");
        var diary = $"/api/v1/students/{s.School.Orlov.Id}/diary?from=2026-11-16&to=2026-11-22";
        var marks = $"/api/v1/students/{s.School.Orlov.Id}/marks?periodId={s.School.Quarter2.Id}";
        var journal = $"/api/v1/groups/{s.School.Math.Id}/journal?periodId={s.School.Quarter2.Id}";
        var grid = $"/Journal/Group/{s.School.Math.Id}?periodId={s.School.Quarter2.Id}";
        var lesson = $"/Journal/Lesson/{s.School.MathLesson.Id}";
        var reads = new[] { (parent, diary), (parent, marks), (reader, journal), (leader, grid), (reader, lesson) };
        foreach (var (client, url) in reads.Concat(reads))
            Assert.DoesNotContain("\"value\":\"3\"", await client.GetStringAsync(url));
        Assert.True(cache2.Counters.Hits >= reads.Length, "node 2 did not serve its second reads from its cache");

        var posted = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.School.MathLesson.Id}/marks",
            new { studentId = s.School.Orlov.Id, value = "3" });

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var id = (await posted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        Assert.Contains("\"value\":\"3\"", await EventuallyAsync(parent, diary, "\"value\":\"3\""));
        Assert.Contains("\"value\":\"3\"", await EventuallyAsync(parent, marks, "\"value\":\"3\""));
        Assert.Contains("\"value\":\"3\"", await EventuallyAsync(reader, journal, "\"value\":\"3\""));
        // The pages name the mark by its id: the grid's cell and the lesson's row link to its history.
        Assert.Contains($"entity=mark&amp;id={id}", await EventuallyAsync(leader, grid, $"entity=mark&amp;id={id}"));
        Assert.Contains($"entity=mark&amp;id={id}", await EventuallyAsync(reader, lesson, $"entity=mark&amp;id={id}"));
    }
}
