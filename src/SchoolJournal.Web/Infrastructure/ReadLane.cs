using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>The Performance:ReadLane section (decision 0022; the administrator's guide lists the keys).</summary>
public sealed class ReadLaneOptions
{
    /// <summary>Threads of the lane; -1: one per processor; 0: no lane, reads run on the shared thread pool as writes do.</summary>
    public int Threads { get; set; } = -1;

    /// <summary>
    /// The lane's threads' nice value on Linux without <see cref="Idle"/> (0–19; higher yields more readily); elsewhere any value
    /// above 0 means below-normal priority.
    /// </summary>
    public int Nice { get; set; } = 10;

    /// <summary>
    /// On Linux the lane's threads run under the SCHED_IDLE policy instead of at <see cref="Nice"/>: a write's thread that wakes
    /// takes the core from them at once instead of after their time slice (decision 0023). Off by default (decision 0024): a lane
    /// thread preempted while it holds a lock the runtime spins for got no core while the spinners kept both busy, and every
    /// request stopped for up to a second.
    /// </summary>
    public bool Idle { get; set; }

    /// <summary>
    /// A read that finds every lane thread on one read for longer than this runs at once on the shared pool instead (a long report
    /// must not hold the pages up). Reads that only wait their turn behind short ones stay in the lane's queue.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(50);
}

/// <summary>
/// Page and API reads start on a few threads of their own at a lower operating-system priority, so that a teacher's write,
/// on the shared thread pool at normal priority, takes a core ahead of them when the two cores are busy (decision 0022).
/// Only the read's synchronous part runs here — on SQLite nearly all of it: the queries and the rendering; a continuation after a
/// real wait (PostgreSQL, Redis, a slow client) goes back to the pool, as no synchronization context is set, so a read that blocks
/// on a task can never wait for a lane thread it holds.
/// </summary>
public sealed class ReadLane : IDisposable
{
    private readonly ConcurrentQueue<Item> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly long _maxWaitTicks;
    private volatile bool _stopped;
    // When each lane thread started the read it is on (a Stopwatch timestamp), 0 while it waits for one.
    private readonly long[] _busySince;

    public ReadLane(IOptions<ReadLaneOptions> options, ILogger<ReadLane> log)
    {
        var o = options.Value;
        ThreadCount = o.Threads < 0 ? Math.Max(2, Environment.ProcessorCount) : o.Threads;
        _maxWaitTicks = (long)(o.MaxWait.TotalSeconds * Stopwatch.Frequency);
        _busySince = new long[ThreadCount];
        for (var i = 0; i < ThreadCount; i++)
        {
            var slot = i;
            var thread = new Thread(() => Work(slot, o, log)) { IsBackground = true, Name = "Чтение" };
            thread.UnsafeStart();
        }
    }

    public int ThreadCount { get; }

    /// <summary>Starts <paramref name="read"/> on a lane thread with the caller's execution context; the task ends with the read.</summary>
    public Task RunAsync(Func<Task> read)
    {
        if (ThreadCount == 0 || _stopped || EveryThreadHeld()) return read();
        // A caller that suppressed the context's flow has none to give: its read runs where it is.
        if (ExecutionContext.Capture() is not { } context) return read();
        var item = new Item(read, context);
        _queue.Enqueue(item);
        _signal.Release();
        if (_stopped) Drain();
        return item.Done.Task;
    }

    /// <summary>
    /// Every lane thread has been on one read for longer than MaxWait: a long report (or two) holds the lane, and a page must not
    /// wait for it. Not a long queue of short reads — under a load the two cores cannot keep up with, a read sent to the pool at
    /// normal priority would be served ahead of every read waiting in the lane, whose wait then grew without bound (issue 16:
    /// 16 → 64 readers of the grid on a slow hour, the p99 from 30 to 340–380 ms).
    /// </summary>
    private bool EveryThreadHeld()
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < _busySince.Length; i++)
        {
            var started = Volatile.Read(ref _busySince[i]);
            if (started == 0 || now - started <= _maxWaitTicks) return false;
        }
        return true;
    }

    private void Work(int slot, ReadLaneOptions options, ILogger log)
    {
        LowPriority.Enter(options.Nice, options.Idle, log);
        try
        {
            while (true)
            {
                _signal.Wait(_stop.Token);
                if (!_queue.TryDequeue(out var item)) continue;
                Volatile.Write(ref _busySince[slot], Stopwatch.GetTimestamp());
                try
                {
                    item.Run();
                }
                finally
                {
                    Volatile.Write(ref _busySince[slot], 0);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The app is stopping.
        }
    }

    /// <summary>The app is stopping: the threads end, and a read still waiting for one starts on the pool.</summary>
    public void Dispose()
    {
        _stopped = true;
        _stop.Cancel();
        Drain();
    }

    private void Drain()
    {
        while (_queue.TryDequeue(out var item))
            ThreadPool.UnsafeQueueUserWorkItem(static i => i.Run(), item, false);
    }

    private sealed class Item(Func<Task> read, ExecutionContext context)
    {
        public ExecutionContext Context { get; } = context;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Starts the read with the caller's execution context.</summary>
        public void Run() => ExecutionContext.Run(Context, static state => ((Item)state!).Start(), this);

        private void Start()
        {
            Task task;
            try
            {
                task = read();
            }
            catch (Exception ex)
            {
                Done.SetException(ex);
                return;
            }
            task.ContinueWith(static (t, state) =>
            {
                var done = (TaskCompletionSource)state!;
                if (t.IsFaulted) done.SetException(t.Exception!.InnerExceptions);
                else if (t.IsCanceled) done.SetCanceled();
                else done.SetResult();
            }, Done, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}

/// <summary>
/// GET and HEAD requests start on the <see cref="ReadLane"/>, except a WebSocket's (the live diary): it lives for hours, though
/// waiting asynchronously it would hold no lane thread.
/// </summary>
public sealed class ReadLaneMiddleware(RequestDelegate next, ReadLane lane)
{
    public Task InvokeAsync(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && !context.WebSockets.IsWebSocketRequest
            ? lane.RunAsync(() => next(context))
            : next(context);
}
