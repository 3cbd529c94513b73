using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure.Outbox;

public sealed class OutboxOptions
{
    /// <summary>Outbox:Enabled — the background dispatcher runs (tests that do not need it switch it off).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>How often a node looks for work without being woken (rows written by other nodes).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How long a claimed row stays with its node; a node that dies gives its rows back after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Events planned (and marked processed) per transaction. The planning writes a notification row per parent, and on SQLite the
    /// transaction holds the one writer: 200 events in one went to 30-40 ms during which every teacher's mark waited — a mark
    /// write's p99 at one writer was 38 ms against a p90 of 4 (issue 16); with 16 a transaction it is 8.
    /// </summary>
    public int PlanBatchSize { get; set; } = 16;

    /// <summary>
    /// The least time from one pass's start to the next one's. A pass costs SQLite's one writer four writes whatever it carries (the
    /// claim, the planning's transaction, the notifications' claim and their Sent), and every commit wakes the dispatcher: at 250 marks
    /// a second beside grid readers it made about a hundred passes of two or three events, a fifth of the writer's time that
    /// teachers' marks queued behind (issue 16). Under load the events of this long gather into one pass; a lone write is still
    /// taken at once. The live diary and the letters are at most this much later.
    /// </summary>
    public TimeSpan MinPassInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>
/// One pass of the outbox: claims unprocessed <see cref="DiaryEvent"/> rows with a lease (one UPDATE, so two nodes
/// never claim the same row), pushes them to open diaries (<see cref="IDiaryLive"/>), plans the parents'
/// notifications (<see cref="INotificationPlanner"/>) and marks them processed; then sends what is due
/// (<see cref="INotificationSender"/>). Tests call <see cref="RunOnceAsync"/> directly.
/// </summary>
public sealed class OutboxWorker(IServiceScopeFactory scopes, TimeProvider time, ILogger<OutboxWorker> log,
    Microsoft.Extensions.Options.IOptions<OutboxOptions> options)
{
    private readonly string _node = Environment.MachineName.Length > 40 ? Environment.MachineName[..40] : Environment.MachineName;

    public async Task RunOnceAsync(CancellationToken ct = default)
    {
        // A batch that was not full took every event there was when it looked; those written since wait for the next pass, which
        // the commit that wrote them has asked for: looking again at once made a pass under load last as long as the load, in
        // claims of two or three events, each a write of its own for SQLite's one writer (issue 16).
        while (await ProcessEventsAsync(ct) >= options.Value.BatchSize) { }
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<INotificationSender>().SendDueAsync(ct);
    }

    /// <summary>Claims and handles one batch of events; returns how many it handled.</summary>
    public async Task<int> ProcessEventsAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var claim = $"{_node}:{Guid.NewGuid():N}";
        var until = now + (long)options.Value.Lease.TotalMilliseconds;

        var candidates = await db.DiaryEvents.IgnoreQueryFilters()
            .Where(e => e.ProcessedAtMs == null && (e.LockedUntilMs == null || e.LockedUntilMs < now))
            .OrderBy(e => e.Id).Select(e => e.Id).Take(options.Value.BatchSize).ToListAsync(ct);
        if (candidates.Count == 0) return 0;
        await db.DiaryEvents.IgnoreQueryFilters()
            .Where(e => candidates.Contains(e.Id) && e.ProcessedAtMs == null && (e.LockedUntilMs == null || e.LockedUntilMs < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedUntilMs, until).SetProperty(e => e.LockedBy, claim)
                .SetProperty(e => e.Attempts, e => e.Attempts + 1), ct);
        var events = await db.DiaryEvents.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.LockedBy == claim && e.ProcessedAtMs == null).OrderBy(e => e.Id).ToListAsync(ct);
        if (events.Count == 0) return candidates.Count; // another node took them; look again

        try
        {
            await scope.ServiceProvider.GetRequiredService<IDiaryLive>().PublishAsync(events, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A diary that misses a push still shows the change on its next load; notifications must not wait for it.
            log.LogWarning(ex, "Live diary push failed for {Count} events", events.Count);
        }
        // Planning and "processed" commit together, and only for the rows this pass still holds: the UPDATE locks them until the
        // commit, so a node whose lease ran out while it worked (a long GC, a slow database) plans nothing that another node took
        // over, and a node that takes them over after this commit finds them processed (issue 16: two nodes, kill -9). A few
        // events a transaction, so a teacher's write never waits long behind one.
        // What the events say and whom they concern is read before the transaction: on SQLite the transaction holds the one
        // writer, and the reads (the lesson, the names, the parents, their consents and preferences — about nine queries an
        // event) held every teacher's write behind them.
        var planner = scope.ServiceProvider.GetRequiredService<INotificationPlanner>();
        foreach (var chunk in events.Chunk(Math.Max(1, options.Value.PlanBatchSize)))
        {
            var drafts = await planner.DraftAsync(chunk, ct);
            var ids = chunk.Select(e => e.Id).ToList();
            var done = time.GetUtcNow().ToUnixTimeMilliseconds();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.DiaryEvents.IgnoreQueryFilters().Where(e => ids.Contains(e.Id) && e.LockedBy == claim && e.ProcessedAtMs == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAtMs, done).SetProperty(e => e.LockedUntilMs, (long?)null), ct);
            var held = await db.DiaryEvents.IgnoreQueryFilters()
                .Where(e => ids.Contains(e.Id) && e.LockedBy == claim && e.ProcessedAtMs == done)
                .Select(e => e.Id).ToListAsync(ct);
            await planner.SaveAsync(drafts, held, ct);
            await tx.CommitAsync(ct);
        }
        return Math.Max(events.Count, 1);
    }
}

/// <summary>Runs <see cref="OutboxWorker"/> whenever a local commit wakes it, and every poll interval anyway.</summary>
public sealed class OutboxDispatcher(OutboxWorker worker, OutboxSignal signal, Microsoft.Extensions.Options.IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> log, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await worker.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable; the rows stay and the next pass takes them.
                log.LogError(ex, "Outbox pass failed");
            }
            try
            {
                var rest = options.Value.MinPassInterval - time.GetElapsedTime(started);
                if (rest > TimeSpan.Zero) await Task.Delay(rest, time, stoppingToken);
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>Pushes diary events to the diaries open on any node (SignalR; the Redis backplane when configured).</summary>
public interface IDiaryLive
{
    Task PublishAsync(IReadOnlyList<DiaryEvent> events, CancellationToken ct);
}

/// <summary>Turns diary events into <see cref="Notification"/> rows per parent: consent, preferences, quiet hours, digests.</summary>
public interface INotificationPlanner
{
    /// <summary>The notification rows the events call for, not saved; reads only, outside the transaction that marks them processed.</summary>
    Task<IReadOnlyList<Notification>> DraftAsync(IReadOnlyList<DiaryEvent> events, CancellationToken ct);

    /// <summary>
    /// In that transaction: saves the drafts of the events this pass still holds (<paramref name="held"/>) and that no earlier pass
    /// planned (one that died after planning leaves its events unprocessed).
    /// </summary>
    Task SaveAsync(IReadOnlyList<Notification> drafts, IReadOnlyCollection<long> held, CancellationToken ct);
}

/// <summary>Sends the notifications that are due (e-mail over SMTP, SMS over the gateway) with retries, and the daily digests.</summary>
public interface INotificationSender
{
    Task SendDueAsync(CancellationToken ct);
}

public static class OutboxSetup
{
    public static WebApplicationBuilder AddOutbox(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<OutboxOptions>(builder.Configuration.GetSection("Outbox"));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<DiaryOutboxInterceptor>();
        services.AddSingleton<OutboxWorker>();
        services.AddHostedService<OutboxDispatcher>();
        return builder;
    }
}
