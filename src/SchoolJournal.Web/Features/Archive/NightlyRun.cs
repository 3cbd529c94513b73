using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// Every day at Backup:DailyAt in the school's time (the first school's zone, or Backup:TimeZone): a backup, then <c>verify</c>, whose
/// result the administrator sees on /Admin/Backups. Off with Backup:Enabled=false — with several nodes, leave it on one.
/// </summary>
public sealed class NightlyRun(IServiceScopeFactory scopes, ArchiveSettings settings, IConfiguration config, TimeProvider time,
    ILogger<NightlyRun> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!settings.ScheduleEnabled) return;
        while (!stop.IsCancellationRequested)
        {
            var delay = Until(time.GetUtcNow(), settings.DailyAt, await ZoneAsync(stop));
            log.LogInformation("Следующая ночная копия через {Delay}", delay);
            await Task.Delay(delay, time, stop);
            await RunOnceAsync(stop);
        }
    }

    /// <summary>How long from now until the next <paramref name="at"/> on the zone's clock (tomorrow's, if today's has passed).</summary>
    public static TimeSpan Until(DateTimeOffset now, TimeOnly at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var next = local.Date + at.ToTimeSpan();
        if (next <= local.DateTime) next = next.AddDays(1);
        return new DateTimeOffset(next, zone.GetUtcOffset(next)) - now;
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var integrity = scope.ServiceProvider.GetRequiredService<Integrity>();
        var alert = scope.ServiceProvider.GetRequiredService<BackupAlert>();
        try
        {
            await scope.ServiceProvider.GetRequiredService<Backups>().CreateAsync(ct: ct);
            alert.Clear();
        }
        catch (Backups.InProgressException)
        {
            log.LogInformation("Ночная резервная копия пропущена: копия в тот же каталог уже создаётся");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Ночная резервная копия не создана");
            try
            {
                await alert.ReportAsync(e.Message, ct);
            }
            catch (Exception report) when (report is not OperationCanceledException)
            {
                log.LogError(report, "Сообщение о неудачной резервной копии не записано");
            }
        }
        try
        {
            var result = await integrity.VerifyAsync(ct);
            if (!result.IsIntact) log.LogWarning("Проверка целостности нашла нарушения: {Count}", result.Schools.Sum(s => s.Problems.Count));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Проверка целостности не выполнена");
            integrity.Failed(e.Message);
        }
    }

    private async Task<TimeZoneInfo> ZoneAsync(CancellationToken ct)
    {
        var id = config["Backup:TimeZone"];
        if (string.IsNullOrEmpty(id))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            try
            {
                id = await db.Schools.IgnoreQueryFilters().OrderBy(s => s.Id).Select(s => s.TimeZone).FirstOrDefaultAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Часовой пояс школы не прочитан: копия по московскому времени");
            }
        }
        return TimeZoneInfo.FindSystemTimeZoneById(id ?? "Europe/Moscow");
    }
}

public static class ArchiveSetup
{
    public static IServiceCollection AddArchive(this IServiceCollection services) => services
        .AddSingleton<ArchiveSettings>().AddSingleton<BackupProgress>()
        .AddScoped<DatabaseCopy>().AddScoped<Backups>().AddScoped<JournalState>().AddScoped<Integrity>().AddScoped<Outages>().AddScoped<BackupAlert>()
        .AddSingleton<NightlyRun>().AddHostedService(sp => sp.GetRequiredService<NightlyRun>())
        .AddSingleton<JournalPrints>().AddHostedService(sp => sp.GetRequiredService<JournalPrints>())
        .AddSingleton<YearArchive>().AddHostedService(sp => sp.GetRequiredService<YearArchive>()).AddScoped<ArchiveRetention>();
}
