using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Settings;

/// <summary>GET|PUT /api/v1/school/settings (API.md «Reports»).</summary>
public static class SettingsApi
{
    public static IServiceCollection AddSettings(this IServiceCollection services) => services.AddScoped<SchoolSettings>();

    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Настройки школы");
        api.MapGet("/school/settings", GetAsync)
            .WithSummary("Настройки школы: название, часовой пояс, пороги отметок за период, учёт освобождённых в успеваемости.")
            .Produces<SettingsDto>()
            .ProducesProblems(403, 404);
        api.MapPut("/school/settings", PutAsync)
            .WithSummary("Изменить настройки школы (все поля обязательны). Директор, системный администратор; в журнал аудита.")
            .Produces<SettingsDto>()
            .ProducesProblems(400, 403, 404);
        return v1;
    }

    private static async Task<IResult> GetAsync(SchoolSettings settings, CancellationToken ct) => (await settings.GetAsync(ct)).ToResult();

    private static async Task<IResult> PutAsync(SettingsInput input, SchoolSettings settings, CancellationToken ct) =>
        (await settings.SaveAsync(input, ct)).ToResult();
}
