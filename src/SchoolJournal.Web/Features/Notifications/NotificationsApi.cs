using Microsoft.Extensions.Options;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Outbox;

namespace SchoolJournal.Web.Features.Notifications;

// Notifications (R-DIARY-3): planning per parent (consent, preferences, quiet hours, digest), e-mail and SMS delivery.
public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration("Notifications");
        services.AddScoped<INotificationPlanner, NotificationPlanner>();
        services.AddScoped<INotificationSender, NotificationSender>();
        services.AddScoped<Preferences>();
        services.AddScoped<WeeklyDigest>();
        // SMTP when a host is set, otherwise .eml files in the drop folder; the gateway when a URL is set, otherwise the log.
        services.AddScoped<SmtpMailTransport>();
        services.AddScoped<DropFolderMailTransport>();
        services.AddScoped<IMailTransport>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.Smtp.Host)
            ? sp.GetRequiredService<DropFolderMailTransport>()
            : sp.GetRequiredService<SmtpMailTransport>());
        services.AddHttpClient<HttpSmsGateway>();
        services.AddScoped<LoggingSmsGateway>();
        services.AddScoped<ISmsGateway>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.Sms.Url)
            ? sp.GetRequiredService<LoggingSmsGateway>()
            : sp.GetRequiredService<HttpSmsGateway>());
        return services;
    }

    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("/me").WithTags("Уведомления");
        api.MapGet("/notification-preferences", async (Preferences preferences, CancellationToken ct) =>
                Answer(await preferences.GetAsync(ct)))
            .WithSummary(
                "Настройки уведомлений родителя: способ (email, sms, both, none), режим (immediate, digest) и время сводки, виды, тихие часы; есть " +
                    "ли согласие на e-mail и телефон, адреса (скрытые). Только родитель.")
            .ProducesProblems(403);
        api.MapPut("/notification-preferences", async (Preferences.Input input, Preferences preferences, CancellationToken ct) =>
                Answer(await preferences.SaveAsync(input, ct)))
            .WithSummary(
                "Изменить настройки уведомлений родителя; не указанные поля не меняются. kinds: mark, absence, lesson, homework, message, " +
                    "period-grade; время — ЧЧ:ММ (время школы). Только родитель.")
            .ProducesProblems(400, 403);
        return v1;
    }

    private static IResult Answer(Preferences.Result result) => result.Problem ?? Results.Ok(result.Preferences);
}
