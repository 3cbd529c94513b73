using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Features.Notifications;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Outbox;

namespace SchoolJournal.IntegrationTests.Infrastructure.Outbox;

/// <summary>
/// The outbox (ARCHITECTURE decision 8): a change and its diary event land in one transaction or not at all, and a
/// claimed event is handled by one dispatcher only.
/// </summary>
public sealed class OutboxTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<List<DiaryEvent>> EventsAsync() =>
        _app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task A_mark_written_over_the_API_leaves_one_event_with_the_student_lesson_and_value()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        Assert.Empty(await EventsAsync()); // the seeded past is nobody's news
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "4" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var e = Assert.Single(await EventsAsync());
        Assert.Equal(DiaryEventKind.Mark, e.Kind);
        Assert.Equal(s.Orlov.Id, e.StudentId);
        Assert.Equal(s.MathLesson.Id, e.LessonId);
        Assert.Equal("4", e.Value);
        Assert.False(e.Removed);
        Assert.Equal(s.School.Id, e.SchoolId);
        Assert.Equal(_app.Time.Now.ToUnixTimeMilliseconds(), e.OccurredAtMs);
        Assert.Null(e.ProcessedAtMs);
    }

    [Fact]
    public async Task A_refused_write_leaves_no_event()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "7" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await EventsAsync());
    }

    [Fact]
    public async Task A_changed_and_a_removed_mark_are_events_too_and_the_removal_carries_no_value()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");
        var created = await (await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "3" }))
            .JsonAsync();
        var id = created.GetProperty("id").GetInt32();

        (await client.PutAsJsonAsync($"/api/v1/marks/{id}", new { value = "4", comment = "пересдал" })).EnsureSuccessStatusCode();
        (await client.DeleteAsync($"/api/v1/marks/{id}")).EnsureSuccessStatusCode();

        var events = await EventsAsync();
        Assert.Equal(["3", "4", null], events.Select(e => e.Value));
        Assert.Equal([false, false, true], events.Select(e => e.Removed));
        Assert.All(events, e => Assert.Equal(DiaryEventKind.Mark, e.Kind));
    }

    [Fact]
    public async Task Two_dispatchers_at_once_handle_every_event_exactly_once()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");
        foreach (var student in new[] { s.Orlov, s.Belov })
            foreach (var value in new[] { "5", "4", "3" })
                (await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = student.Id, value }))
                    .EnsureSuccessStatusCode();
        var options = Options.Create(new OutboxOptions { BatchSize = 2 });
        var scopes = _app.Services.GetRequiredService<IServiceScopeFactory>();
        var first = new OutboxWorker(scopes, _app.Time, NullLogger<OutboxWorker>.Instance, options);
        var second = new OutboxWorker(scopes, _app.Time, NullLogger<OutboxWorker>.Instance, options);

        await Task.WhenAll(Drain(first), Drain(second));

        var events = await EventsAsync();
        Assert.Equal(6, events.Count);
        Assert.All(events, e =>
        {
            Assert.NotNull(e.ProcessedAtMs);
            Assert.Equal(1, e.Attempts); // claimed once: the claim is one UPDATE guarded by the lease
            Assert.Null(e.LockedUntilMs);
        });

        static async Task Drain(OutboxWorker worker)
        {
            for (var i = 0; i < 10; i++) await worker.ProcessEventsAsync();
        }
    }

    [Fact]
    public async Task A_claimed_event_stays_with_its_dispatcher_until_the_lease_ends()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");
        (await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" }))
            .EnsureSuccessStatusCode();
        var lease = TimeSpan.FromMinutes(2);
        // A node took the row and died before finishing it.
        var now = _app.Time.Now.ToUnixTimeMilliseconds();
        await _app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters()
            .ExecuteUpdateAsync(x => x.SetProperty(e => e.LockedUntilMs, now + (long)lease.TotalMilliseconds)
                .SetProperty(e => e.LockedBy, "dead-node").SetProperty(e => e.Attempts, 1)));
        var worker = _app.Services.GetRequiredService<OutboxWorker>();

        Assert.Equal(0, await worker.ProcessEventsAsync());
        Assert.Null((await EventsAsync())[0].ProcessedAtMs);

        _app.Time.Now += lease + TimeSpan.FromSeconds(1);
        Assert.Equal(1, await worker.ProcessEventsAsync());
        var e = (await EventsAsync())[0];
        Assert.NotNull(e.ProcessedAtMs);
        Assert.Equal(2, e.Attempts);
    }

    [Fact]
    public async Task A_claim_larger_than_a_planning_transaction_plans_each_event_once_in_several()
    {
        using var app = Notify.App();
        var n = await Notify.SchoolAsync(app);
        foreach (var value in new[] { "5", "4", "3", "5", "4", "3", "2" })
            (await Notify.PostMarkAsync(app, n, value)).EnsureSuccessStatusCode();
        // Seven events claimed in one pass, planned three to a transaction: 3 + 3 + 1.
        var worker = new OutboxWorker(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Time, NullLogger<OutboxWorker>.Instance,
            Options.Create(new OutboxOptions { PlanBatchSize = 3 }));

        Assert.Equal(7, await worker.ProcessEventsAsync());

        var events = await app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(7, events.Count);
        Assert.All(events, e => Assert.NotNull(e.ProcessedAtMs));
        // The parent has consented and keeps the default preference (a letter for each mark): seven letters, none twice.
        var notes = await app.NotificationsAsync(n.Parent.Id);
        Assert.Equal(events.Select(e => e.Id).Order(), notes.Select(x => x.DiaryEventId!.Value).Distinct().Order());
        Assert.All(notes.GroupBy(x => (x.DiaryEventId, x.Channel)), g => Assert.Single(g));
        Assert.Equal(7, notes.Count);
        Assert.Equal(0, await worker.ProcessEventsAsync());
    }

    [Fact]
    public async Task The_planning_transaction_reads_nothing_of_the_lesson_or_the_parents_it_only_marks_and_adds()
    {
        using var app = Notify.App();
        var n = await Notify.SchoolAsync(app);
        (await Notify.PostMarkAsync(app, n, "5")).EnsureSuccessStatusCode();
        var worker = app.Services.GetRequiredService<OutboxWorker>();
        using var counter = new CommandCounter(app.DatabaseName);

        Assert.Equal(1, await worker.ProcessEventsAsync());

        // What the event says and whom it concerns was read before the transaction that holds the writer.
        string[] facts = ["\"Lessons\"", "\"Students\"", "\"StudentParents\"", "\"PersonalDataConsents\"", "\"NotificationPreferences\""];
        Assert.All(facts, table => Assert.Contains(counter.Commands, c => c.Contains(table, StringComparison.Ordinal)));
        Assert.All(facts, table => Assert.DoesNotContain(counter.InTransaction, c => c.Contains(table, StringComparison.Ordinal)));
        Assert.Contains(counter.InTransaction, c => c.Contains("INSERT INTO \"Notifications\"", StringComparison.Ordinal));
        var note = Assert.Single(await app.NotificationsAsync(n.Parent.Id));
        Assert.Equal(NotificationKind.Mark, note.Kind);
    }

    [Fact]
    public async Task A_pass_leaves_the_events_written_while_it_worked_to_the_next_pass_and_goes_on_only_after_a_full_batch()
    {
        using var app = Notify.App();
        var n = await Notify.SchoolAsync(app);
        foreach (var value in new[] { "5", "4", "3" }) (await Notify.PostMarkAsync(app, n, value)).EnsureSuccessStatusCode();
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        // Two events a batch: the first batch is full, so the pass looks again and takes the third alone. While it pushes that
        // one to the open diaries, the teacher writes a fourth mark.
        var pushes = 0;
        var worker = new OutboxWorker(new TakeOverTests.WhilePushing(scopes, async () =>
            {
                if (++pushes == 2) (await Notify.PostMarkAsync(app, n, "2")).EnsureSuccessStatusCode();
            }),
            app.Time, NullLogger<OutboxWorker>.Instance, Options.Create(new OutboxOptions { BatchSize = 2 }));

        await worker.RunOnceAsync();

        var events = await app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([true, true, true, false], events.Select(e => e.ProcessedAtMs is not null));
        Assert.Equal(3, (await app.NotificationsAsync(n.Parent.Id)).Count);

        await worker.RunOnceAsync();
        Assert.All(await app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().ToListAsync()), e => Assert.NotNull(e.ProcessedAtMs));
        Assert.Equal(4, (await app.NotificationsAsync(n.Parent.Id)).Count);
    }

    [Fact]
    public async Task The_dispatcher_starts_passes_no_more_often_than_the_least_interval_between_them()
    {
        // Polled every 50 ms, but a pass at most once an hour: the pass at start-up took what there was, the marks written after it
        // wait. The same app with no least interval sends the letter at the next poll.
        foreach (var (interval, expected) in new[] { ("01:00:00", false), ("00:00:00", true) })
        {
            using var app = Notify.App(s =>
            {
                s["Outbox:Enabled"] = "true";
                s["Outbox:PollInterval"] = "00:00:00.050";
                s["Outbox:MinPassInterval"] = interval;
            });
            var n = await Notify.SchoolAsync(app);
            (await Notify.PostMarkAsync(app, n, "5")).EnsureSuccessStatusCode();

            var processed = false;
            for (var i = 0; i < 20 && !processed; i++)
            {
                await Task.Delay(100);
                processed = (await app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().ToListAsync())).Single().ProcessedAtMs is not null;
            }
            Assert.Equal(expected, processed);
        }
    }
}
