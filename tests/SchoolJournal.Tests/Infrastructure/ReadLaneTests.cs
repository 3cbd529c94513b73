using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Tests.Infrastructure;

/// <summary>The read lane (decision 0022): reads start on threads of their own at a lower priority; writes stay on the pool.</summary>
public sealed class ReadLaneTests : IDisposable
{
    private static readonly AsyncLocal<string> Request = new();
    private readonly List<ReadLane> _lanes = [];

    private ReadLane Lane(int threads, int nice = 10, int maxWaitMs = 50, bool idle = true)
    {
        var lane = new ReadLane(Options.Create(new ReadLaneOptions
        {
            Threads = threads, Nice = nice, MaxWait = TimeSpan.FromMilliseconds(maxWaitMs), Idle = idle,
        }), NullLogger<ReadLane>.Instance);
        _lanes.Add(lane);
        return lane;
    }

    public void Dispose() => _lanes.ForEach(l => l.Dispose());

    [Fact]
    public async Task A_read_starts_on_a_lane_thread_with_the_callers_context_and_its_result_reaches_the_caller()
    {
        var lane = Lane(2);
        Request.Value = "запрос 1";
        string? thread = null, seen = null;
        bool? pool = null;

        await lane.RunAsync(() =>
        {
            thread = Thread.CurrentThread.Name;
            pool = Thread.CurrentThread.IsThreadPoolThread;
            seen = Request.Value;
            return Task.CompletedTask;
        });

        Assert.Equal("Чтение", thread);
        Assert.False(pool);
        Assert.Equal("запрос 1", seen);
    }

    [Fact]
    public async Task A_failure_thrown_at_once_or_after_a_wait_reaches_the_caller()
    {
        var lane = Lane(1);

        var atOnce = await Assert.ThrowsAsync<InvalidOperationException>(
            () => lane.RunAsync(() => throw new InvalidOperationException("сразу")));
        var later = await Assert.ThrowsAsync<InvalidOperationException>(() => lane.RunAsync(async () =>
        {
            await Task.Delay(1);
            throw new InvalidOperationException("потом");
        }));

        Assert.Equal("сразу", atOnce.Message);
        Assert.Equal("потом", later.Message);
    }

    [Fact]
    public async Task After_a_real_wait_the_read_goes_on_on_the_shared_pool_so_it_never_waits_for_a_lane_thread()
    {
        var lane = Lane(1);
        bool? poolAfterWait = null;

        await lane.RunAsync(async () =>
        {
            // Forced to yield: a delay that ended before its await (the lane thread held off the core for 5 ms under load) would
            // go on synchronously on the lane thread, and the test would fail for the machine's sake (full run, 7 December).
            await Task.Delay(5).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.ForceYielding);
            poolAfterWait = Thread.CurrentThread.IsThreadPoolThread;
        });

        Assert.True(poolAfterWait);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_lane_threads_run_at_the_configured_nice_value_and_policy_on_linux_and_below_normal_elsewhere(bool idle)
    {
        var lane = Lane(1, nice: 7, idle: idle);
        (int Nice, int Policy)? linux = null;
        ThreadPriority? priority = null;

        await lane.RunAsync(() =>
        {
            if (OperatingSystem.IsLinux()) linux = LowPriority.OfCurrentThread();
            else priority = Thread.CurrentThread.Priority;
            return Task.CompletedTask;
        });

        // SCHED_IDLE (5) at nice 0: a write's thread that wakes takes the core at once; else SCHED_OTHER (0) at the nice value.
        if (OperatingSystem.IsLinux()) Assert.Equal(idle ? (0, LowPriority.SchedIdle) : (7, 0), linux);
        else Assert.Equal(ThreadPriority.BelowNormal, priority);
    }

    [Fact]
    public async Task A_thread_started_from_a_read_on_the_lane_runs_at_normal_priority()
    {
        var lane = Lane(1);
        (int Nice, int Policy)? linux = null;
        ThreadPriority? priority = null;

        // The thread pool starts a worker on the thread that asks for one when it has fewer than it wants, a read's thread too.
        // A thread inherits its starter's nice value (the runtime resets only the policy): were the lane at nice 10, a worker
        // started from it would serve writes at nice 10 behind the readers.
        await lane.RunAsync(() =>
        {
            var started = new Thread(() =>
            {
                if (OperatingSystem.IsLinux()) linux = LowPriority.OfCurrentThread();
                else priority = Thread.CurrentThread.Priority;
            });
            started.Start();
            started.Join();
            return Task.CompletedTask;
        });

        if (OperatingSystem.IsLinux()) Assert.Equal((0, 0), linux);
        else Assert.Equal(ThreadPriority.Normal, priority);
    }

    [Fact]
    public async Task A_read_that_finds_every_lane_thread_on_one_read_longer_than_the_limit_runs_at_once_on_the_callers_thread()
    {
        var lane = Lane(1, maxWaitMs: 20);
        using var hold = new ManualResetEventSlim();
        var report = lane.RunAsync(() =>
        {
            hold.Wait(TimeSpan.FromSeconds(10)); // a long report holds the lane's one thread
            return Task.CompletedTask;
        });
        string? queuedOn = null;
        var queued = lane.RunAsync(() =>
        {
            queuedOn = Thread.CurrentThread.Name;
            return Task.CompletedTask;
        });
        await Task.Delay(100);
        var caller = Environment.CurrentManagedThreadId;
        int? ranOn = null;

        var page = lane.RunAsync(() =>
        {
            ranOn = Environment.CurrentManagedThreadId;
            return Task.CompletedTask;
        });

        Assert.True(page.IsCompletedSuccessfully);
        Assert.Equal(caller, ranOn);
        Assert.False(queued.IsCompleted);
        hold.Set();
        await Task.WhenAll(report, queued);
        Assert.Equal("Чтение", queuedOn);
    }

    [Fact]
    public async Task Reads_waiting_behind_short_reads_longer_than_the_limit_stay_in_the_lane()
    {
        // One thread, thirty reads of 30 ms each: 480 ms on, the reads still queued have waited past the 400 ms limit, while no
        // read holds the thread for longer than 30 ms. A read that comes then waits its turn on the lane like the rest instead of
        // running at once at the pool's priority, ahead of them all. (The test's own thread sleeps: a continuation after a delay
        // could come late on a pool busy with the other tests, after the queue had run dry.)
        var lane = Lane(1, nice: 0, maxWaitMs: 400);
        var queue = Enumerable.Range(0, 30).Select(_ => lane.RunAsync(() =>
        {
            Thread.Sleep(30);
            return Task.CompletedTask;
        })).ToList();
        Thread.Sleep(480);
        Assert.False(queue[^1].IsCompleted);
        string? ranOn = null;

        var page = lane.RunAsync(() =>
        {
            ranOn = Thread.CurrentThread.Name;
            return Task.CompletedTask;
        });

        await Task.WhenAll([.. queue, page]);
        Assert.Equal("Чтение", ranOn);
    }

    [Fact]
    public async Task When_the_app_stops_a_waiting_read_still_runs_and_a_new_one_runs_where_it_is()
    {
        var lane = Lane(1, maxWaitMs: 10_000);
        using var hold = new ManualResetEventSlim();
        var report = lane.RunAsync(() =>
        {
            hold.Wait(TimeSpan.FromSeconds(10));
            return Task.CompletedTask;
        });
        var waiting = lane.RunAsync(() => Task.CompletedTask);

        lane.Dispose();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await RunsWhereCalledAsync(lane));
        hold.Set();
        await report;
    }

    [Fact]
    public async Task Without_threads_a_read_runs_on_the_callers_thread()
    {
        var lane = Lane(0);

        Assert.True(await RunsWhereCalledAsync(lane));
    }

    /// <summary>Whether a read given to the lane ran on the caller's own thread.</summary>
    private static async Task<bool> RunsWhereCalledAsync(ReadLane lane)
    {
        var caller = Environment.CurrentManagedThreadId;
        int? ranOn = null;
        await lane.RunAsync(() =>
        {
            ranOn = Environment.CurrentManagedThreadId;
            return Task.CompletedTask;
        });
        return ranOn == caller;
    }

    [Theory]
    [InlineData("GET", false, true)]
    [InlineData("HEAD", false, true)]
    [InlineData("POST", false, false)]
    [InlineData("DELETE", false, false)]
    [InlineData("GET", true, false)]
    public async Task Gets_and_heads_go_through_the_lane_writes_and_websockets_do_not(string method, bool webSocket, bool onLane)
    {
        var lane = Lane(1);
        string? thread = null;
        var middleware = new ReadLaneMiddleware(_ =>
        {
            thread = Thread.CurrentThread.Name;
            return Task.CompletedTask;
        }, lane);
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = "/Journal/Group/5";
        context.Features.Set<IHttpWebSocketFeature>(new WebSocketRequest(webSocket));

        await middleware.InvokeAsync(context);

        Assert.Equal(onLane, thread == "Чтение");
    }

    private sealed class WebSocketRequest(bool isWebSocket) : IHttpWebSocketFeature
    {
        public bool IsWebSocketRequest => isWebSocket;

        public Task<System.Net.WebSockets.WebSocket> AcceptAsync(WebSocketAcceptContext context) => throw new NotSupportedException();
    }
}
