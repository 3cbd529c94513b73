using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Security;

/// <summary>Compromised accounts (R-SEC-5): report, the operations made since, their rollback, the account's restoration.</summary>
public static class SecurityApi
{
    public static IServiceCollection AddSecurityIncidents(this IServiceCollection services) => services.AddScoped<Incidents>();

    public static RouteGroupBuilder MapSecurityApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Безопасность");
        api.MapPost("/accounts/{id}/compromise", async (string id, Incidents.CompromiseInput input, Incidents incidents, CancellationToken ct) =>
                (await incidents.ReportAsync(id, input, ct)).ToResult(r => Results.Created($"/api/v1/incidents/{r.IncidentId}", r)))
            .WithSummary("Сообщить о компрометации учётной записи: since — с какого времени, reason. Запись блокируется, все входы и "
                + "токены сразу перестают действовать. Сам владелец, классный руководитель (ученики и родители класса), администрация.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/incidents", async (Incidents incidents, CancellationToken ct) => (await incidents.ListAsync(ct)).ToResult())
            .WithSummary("Инциденты компрометации школы, новые первыми. Директор, системный администратор.")
            .ProducesProblems(403);
        api.MapGet("/incidents/{id:long}/operations", async (long id, Incidents incidents, CancellationToken ct) =>
                (await incidents.OperationsAsync(id, ct)).ToResult())
            .WithSummary("Действия учётной записи с указанного времени по журналу аудита; rolledBack — уже отменено.")
            .ProducesProblems(403, 404);
        api.MapPost("/incidents/{id:long}/rollback", async (long id, Incidents incidents, CancellationToken ct) =>
                (await incidents.RollbackAsync(id, ct)).ToResult())
            .WithSummary("Отменить действия инцидента (новые первыми); каждое отменённое записывается в аудит, конфликты с более "
                + "поздними изменениями других пользователей возвращаются в conflicts и не трогаются.")
            .ProducesProblems(403, 404);
        api.MapPost("/incidents/{id:long}/restore", async (long id, Incidents incidents, CancellationToken ct) =>
                (await incidents.RestoreAsync(id, ct)).ToResult())
            .WithSummary("Восстановить учётную запись: снять блокировку и выдать новый одноразовый пароль (сменить при первом входе).")
            .ProducesProblems(400, 403, 404);
        return v1;
    }
}
