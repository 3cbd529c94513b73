using System.Net;
using System.Net.Http.Json;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Live;

/// <summary>
/// Two app nodes over one database and the Redis at SJ_TEST_REDIS: a change written through node 1 (whose dispatcher
/// runs) reaches a diary connected to node 2 (whose dispatcher is off) through the SignalR backplane.
/// </summary>
public sealed class DiaryBackplaneTests : IAsyncLifetime
{
    private readonly JournalApp _node1 = new();
    private readonly JournalApp _node2 = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _node2.Dispose();
        _node1.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_mark_written_through_one_node_reaches_a_diary_open_on_the_other()
    {
        // A channel prefix of this test's own keeps parallel runs on the shared Redis apart.
        var prefix = "sj-test-" + Guid.NewGuid().ToString("N")[..8] + ":";
        foreach (var node in new[] { _node1, _node2 })
        {
            node.Settings["ConnectionStrings:Redis"] = LiveHost.Redis;
            node.Settings["Redis:ChannelPrefix"] = prefix;
        }
        _node1.Settings["Outbox:Enabled"] = "true";
        LiveHost.ShareDatabase(_node2, with: _node1);
        var url1 = LiveHost.Start(_node1);
        var s = await _node1.SeedStartedAsync(LiveSchool.BuildAsync);
        var url2 = LiveHost.Start(_node2);

        await using var parent = await DiaryWatcher.ConnectAsync(url2, await LiveHost.TokenAsync(url2, "orlova"));
        Assert.True(await parent.WatchAsync(s.School.Orlov.Id));
        using var teacher = await LiveHost.ApiAsync(url1, "smirnova");

        var posted = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.School.MathLesson.Id}/marks",
            new { studentId = s.School.Orlov.Id, value = "4" });

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var change = await parent.WaitForAsync(c => c.StudentId == s.School.Orlov.Id);
        Assert.Equal("mark", change.Kind);
        Assert.Equal(s.School.MathLesson.Id, change.LessonId);
    }
}
