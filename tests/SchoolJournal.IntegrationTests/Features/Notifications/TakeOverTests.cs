using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Notifications;
using SchoolJournal.Web.Infrastructure.Outbox;
using static SchoolJournal.IntegrationTests.Features.Notifications.Notify;

namespace SchoolJournal.IntegrationTests.Features.Notifications;

/// <summary>
/// A dispatcher whose lease runs out while it works (a long pause on a loaded node) and whose events another node claims
/// meanwhile: it plans nothing for them, so the parent is told once, by the node that holds them (issue 16, two nodes).
/// </summary>
public sealed class TakeOverTests
{
    [Fact]
    public async Task A_pass_that_lost_its_claim_while_it_worked_plans_nothing_and_the_node_that_took_it_plans_once()
    {
        using var app = App();
        var n = await SchoolAsync(app);
        (await PostMarkAsync(app, n, "4")).EnsureSuccessStatusCode();
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var options = Options.Create(new OutboxOptions());
        // While the pass pushes to the open diaries, its lease runs out and another node claims the event.
        var slow = new OutboxWorker(new WhilePushing(scopes, () => app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters()
                .ExecuteUpdateAsync(x => x.SetProperty(e => e.LockedBy, "other-node").SetProperty(e => e.LockedUntilMs, 0L)))),
            app.Time, NullLogger<OutboxWorker>.Instance, options);

        await slow.ProcessEventsAsync();

        var e = Assert.Single(await app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().ToListAsync()));
        Assert.Null(e.ProcessedAtMs);
        Assert.Equal("other-node", e.LockedBy);
        Assert.Empty(await app.NotificationsAsync(n.Parent.Id));

        // The other node's lease (here: over at once) ends; a dispatcher takes the event and plans the one e-mail (the default
        // preference: e-mail only, at once).
        await new OutboxWorker(scopes, app.Time, NullLogger<OutboxWorker>.Instance, options).ProcessEventsAsync();
        var row = Assert.Single(await app.NotificationsAsync(n.Parent.Id));
        Assert.Equal((NotificationChannel.Email, e.Id), (row.Channel, row.DiaryEventId));
        Assert.NotNull(Assert.Single(await app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().ToListAsync())).ProcessedAtMs);
    }

    [Fact]
    public async Task A_letter_whose_lease_ran_out_while_the_batch_sent_another_is_not_sent_by_this_node_once_another_took_it()
    {
        using var app = App();
        var n = await SchoolAsync(app);
        foreach (var value in new[] { "5", "4" }) (await PostMarkAsync(app, n, value)).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<OutboxWorker>().ProcessEventsAsync();
        var letters = await app.NotificationsAsync(n.Parent.Id);
        Assert.Equal(2, letters.Count);
        var lease = app.Services.GetRequiredService<IOptions<NotificationOptions>>().Value.Lease;

        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        // The first letter goes through the real SMTP server slowly: the batch's lease runs out, and another node claims the
        // second letter meanwhile.
        var slow = new SlowThenTakenOver(sp.GetRequiredService<IMailTransport>(), async () =>
        {
            app.Time.Now += lease + TimeSpan.FromSeconds(1);
            var until = app.Time.Now.ToUnixTimeMilliseconds() + (long)lease.TotalMilliseconds;
            await app.QueryAsync(db => db.Notifications.IgnoreQueryFilters().Where(x => x.Id == letters[1].Id)
                .ExecuteUpdateAsync(x => x.SetProperty(r => r.LockedBy, "other-node").SetProperty(r => r.LockedUntilMs, until)));
        });
        var sender = new NotificationSender(sp.GetRequiredService<JournalDbContext>(), app.Time, slow, sp.GetRequiredService<ISmsGateway>(),
            sp.GetRequiredService<IOptions<NotificationOptions>>(), NullLogger<NotificationSender>.Instance,
            sp.GetRequiredService<WeeklyDigest>());

        await sender.SendDueAsync(CancellationToken.None);

        var after = await app.NotificationsAsync(n.Parent.Id);
        Assert.Equal(NotificationStatus.Sent, after[0].Status);
        Assert.Equal(NotificationStatus.Pending, after[1].Status);
        Assert.Equal("other-node", after[1].LockedBy);
        Assert.Single(MailTo(n.Email));
    }

    private sealed class SlowThenTakenOver(IMailTransport inner, Func<Task> afterFirst) : IMailTransport
    {
        private int _sent;

        public async Task SendAsync(MimeKit.MimeMessage message, CancellationToken ct)
        {
            await inner.SendAsync(message, ct);
            if (Interlocked.Increment(ref _sent) == 1) await afterFirst();
        }
    }

    /// <summary>Scopes whose <see cref="IDiaryLive"/> runs <c>meanwhile</c> instead of pushing.</summary>
    internal sealed class WhilePushing(IServiceScopeFactory inner, Func<Task> meanwhile) : IServiceScopeFactory
    {
        public IServiceScope CreateScope() => new Scope(inner.CreateScope(), meanwhile);

        private sealed class Scope(IServiceScope inner, Func<Task> meanwhile) : IServiceScope, IServiceProvider, IAsyncDisposable
        {
            public IServiceProvider ServiceProvider => this;

            public object? GetService(Type serviceType) =>
                serviceType == typeof(IDiaryLive) ? new Live(meanwhile) : inner.ServiceProvider.GetService(serviceType);

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner is IAsyncDisposable d ? d.DisposeAsync() : ValueTask.CompletedTask;
        }

        private sealed class Live(Func<Task> meanwhile) : IDiaryLive
        {
            public Task PublishAsync(IReadOnlyList<DiaryEvent> events, CancellationToken ct) => meanwhile();
        }
    }
}
