using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Outbox;

namespace SchoolJournal.Web.Features.Notifications;

// Notifications (R-DIARY-3): planning per parent (consent, preferences, quiet hours, digest), e-mail and SMS delivery.
public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services) =>
        services.AddScoped<INotificationPlanner, NoPlanner>().AddScoped<INotificationSender, NoSender>();

    public static WebApplication MapNotificationsApi(this WebApplication app) => app;

    private sealed class NoPlanner : INotificationPlanner
    {
        public Task PlanAsync(IReadOnlyList<DiaryEvent> events, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class NoSender : INotificationSender
    {
        public Task SendDueAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
