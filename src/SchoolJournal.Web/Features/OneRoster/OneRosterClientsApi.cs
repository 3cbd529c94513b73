using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.OneRoster;

/// <summary>«Внешние системы» in the API: the OneRoster clients of the school.</summary>
public static class OneRosterClientsApi
{
    public static RouteGroupBuilder MapOneRosterClientsApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("OneRoster");
        api.MapGet("/oneroster-clients", async (OneRosterClients clients, CancellationToken ct) => (await clients.ListAsync(ct)).ToResult())
            .WithSummary("Внешние системы, читающие школу по OneRoster 1.2 REST: название, client_id, области доступа, когда созданы, последний " +
                "выданный маркер, отзыв. Секрет не показывается. Директор и системный администратор.")
            .Produces<List<OneRosterClients.ClientDto>>()
            .ProducesProblems(403);
        api.MapPost("/oneroster-clients", async (OneRosterClients.Registration? input, OneRosterClients clients, HttpRequest request,
                CancellationToken ct) =>
                (await clients.RegisterAsync(input ?? new(null, null), request, ct))
                    .ToResult(r => Results.Created($"/api/v1/oneroster-clients/{r.Id}", r)))
            .WithSummary("Подключить внешнюю систему: { name, scopes: [\"https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly\", " +
                "…] }. " +
                "Ответ 201 с client_id и client_secret — секрет показывается один раз, хранится только его SHA-256. Маркер: POST " +
                OneRosterTokens.TokenPath + ", grant_type=client_credentials. Записывается в журнал аудита (без секрета).")
            .Produces<OneRosterClients.Registered>(StatusCodes.Status201Created)
            .ProducesProblems(400, 403);
        api.MapDelete("/oneroster-clients/{id:int}", async (int id, OneRosterClients clients, CancellationToken ct) =>
                (await clients.RevokeAsync(id, ct)).ToResult(_ => Results.NoContent()))
            .WithSummary("Отозвать внешнюю систему: её маркеры перестают действовать со следующего запроса, новые не выдаются. Повторный отзыв " +
                "ничего не меняет.")
            .ProducesProblems(403, 404);
        return v1;
    }
}
