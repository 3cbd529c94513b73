using System.Buffers.Text;
using System.Security.Cryptography;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.OneRoster;

/// <summary>
/// «Внешние системы»: registering, listing and revoking OneRoster clients, for the page and the API alike. The secret is 32 random bytes
/// shown once; only its SHA-256 is kept, and the audit records the client's name and scopes, never the secret.
/// </summary>
public sealed class OneRosterClients(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit, TimeProvider time)
{
    public const int MaxName = 100;

    public sealed record ClientDto(int Id, string Name, string ClientId, string[] Scopes, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
        DateTimeOffset? RevokedAt);

    public sealed record Registration(string? Name, string[]? Scopes);

    /// <summary>The one answer that carries the secret.</summary>
    public sealed record Registered(int Id, string Name, string ClientId, string ClientSecret, string[] Scopes, string TokenUrl);

    public static readonly Problem Refused = new(StatusCodes.Status403Forbidden, "Нет права управлять внешними системами",
        "Внешние системы (OneRoster) подключают директор и системный администратор.");

    public bool MayManage => access.ManagesOneRosterClients;

    public async Task<Outcome<List<ClientDto>>> ListAsync(CancellationToken ct)
    {
        if (!MayManage) return Refused;
        var rows = await db.OneRosterClients.AsNoTracking().OrderBy(c => c.RevokedAt != null).ThenBy(c => c.Id).ToListAsync(ct);
        return Outcome<List<ClientDto>>.Ok(rows.Select(Dto).ToList());
    }

    public async Task<Outcome<Registered>> RegisterAsync(Registration input, HttpRequest request, CancellationToken ct)
    {
        if (!MayManage) return Refused;
        var name = (input.Name ?? "").Trim();
        if (name.Length == 0) return Problem.BadRequest("Не указано название", "Назовите систему так, чтобы её узнали в списке: «Moodle школы».");
        if (name.Length > MaxName) return Problem.TooLong("Название", MaxName);
        var scopes = (input.Scopes ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToArray();
        if (scopes.Length == 0)
            return Problem.BadRequest("Не выбраны области доступа", "Отметьте хотя бы одну область: что системе можно читать.");
        if (scopes.FirstOrDefault(s => !OneRosterScopes.IsKnown(s)) is { } unknown)
            return Problem.BadRequest("Неизвестная область доступа",
                $"«{unknown}» — не область OneRoster 1.2 для чтения; допустимы: {string.Join(", ", OneRosterScopes.All.Select(s => s.Scope))}.");
        scopes = [.. OneRosterScopes.All.Select(s => s.Scope).Where(scopes.Contains)];

        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var client = new OneRosterClient
        {
            SchoolId = user.SchoolId!.Value, Name = name, ClientId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            SecretSha256 = OneRosterTokens.HashOf(secret), Scopes = string.Join(' ', scopes), CreatedById = user.Id!, CreatedAt = time.GetUtcNow(),
        };
        db.OneRosterClients.Add(client);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.OneRosterClientRegistered, "oneroster-client", client.Id, null,
            new { client.Name, client.ClientId, client.Scopes }, ct: ct), ct);
        return Outcome<Registered>.Ok(new Registered(client.Id, client.Name, client.ClientId, secret, scopes, TokenUrl(request)));
    }

    /// <summary>Revoking: its tokens stop at the next request. Revoking a revoked client changes nothing.</summary>
    public async Task<Outcome<ClientDto>> RevokeAsync(int id, CancellationToken ct)
    {
        if (!MayManage) return Refused;
        var client = await db.OneRosterClients.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (client is null) return Problem.NotFound("Внешняя система не найдена");
        if (client.RevokedAt is null)
        {
            client.RevokedAt = time.GetUtcNow();
            await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.OneRosterClientRevoked, "oneroster-client", client.Id,
                new { client.Name, client.ClientId }, new { client.RevokedAt }, ct: ct), ct);
        }
        return Outcome<ClientDto>.Ok(Dto(client));
    }

    private static ClientDto Dto(OneRosterClient c) =>
        new(c.Id, c.Name, c.ClientId, OneRosterScopes.Split(c.Scopes), c.CreatedAt, c.LastUsedAt, c.RevokedAt);

    public static string TokenUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{OneRosterTokens.TokenPath}";

    public static string RosteringUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{OneRosterRest.Rostering}";

    public static string GradebookUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{OneRosterRest.Gradebook}";
}
