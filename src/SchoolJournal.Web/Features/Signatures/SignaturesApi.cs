using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Signatures;

/// <summary>The signature routes: the staff's certificates (administrator, director) and a group's journal signature for a period.</summary>
public static class SignaturesApi
{
    public static IServiceCollection AddSignatures(this IServiceCollection services) => services
        .AddSingleton<TrustedRoots>()
        .AddSingleton<ISignatureProvider>(sp => sp.GetRequiredService<IConfiguration>()["Signatures:Provider"] switch
        {
            null or "" or "x509" => ActivatorUtilities.CreateInstance<X509CmsProvider>(sp),
            var other => throw new InvalidOperationException(
                $"Signatures:Provider «{other}» не поддерживается: встроен только «x509» (RSA, ECDSA). Для ГОСТ Р 34.10-2012 см. решение 0015."),
        })
        .AddScoped<Certificates>().AddScoped<JournalSigning>().AddScoped<ArchiveSignatures>();

    public static RouteGroupBuilder MapSignaturesApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Электронная подпись");
        api.MapGet("/certificates", async (Certificates c, CancellationToken ct) => (await c.ListAsync(ct)).ToResult())
            .WithSummary("Сертификаты электронной подписи сотрудников школы (без ключей). Системный администратор, директор.")
            .ProducesProblems(403);
        api.MapPost("/certificates", async (Certificates.ImportInput? input, Certificates c, CancellationToken ct) =>
                (await c.ImportAsync(input?.Login, Base64(input?.Pfx), input?.Password, ct))
                .ToResult(dto => Results.Created($"/api/v1/certificates/{dto.Id}", dto)))
            .WithSummary(
                "Загрузить сертификат с закрытым ключом для сотрудника: login — его логин, pfx — файл PFX в base64, password — пароль " +
                    "файла. Отказ с причиной: неверный пароль, нет ключа, срок истёк, уже загружен. Системный администратор, директор.")
            .ProducesProblems(400, 403);
        api.MapPost("/certificates/{id:int}/revoke", async (int id, Certificates c, CancellationToken ct) => (await c.RevokeAsync(id, ct)).ToResult())
            .WithSummary("Отозвать сертификат: он больше не подписывает, сделанные им подписи остаются. Системный администратор, директор.")
            .ProducesProblems(403, 404);
        api.MapGet("/groups/{groupId:int}/periods/{periodId:int}/signature",
                async (int groupId, int periodId, JournalSigning s, CancellationToken ct) => (await s.StatusAsync(groupId, periodId, ct)).ToResult())
            .WithSummary(
                "Подпись журнала группы за период: state — unsigned, signed, changed (данные изменены после подписи) или invalid; кто, когда " +
                    "и каким сертификатом подписал. Все, кто видит журнал группы.")
            .ProducesProblems(403, 404);
        api.MapPost("/groups/{groupId:int}/periods/{periodId:int}/signature",
                async (int groupId, int periodId, JournalSigning s, CancellationToken ct) => (await s.SignAsync(groupId, periodId, ct)).ToResult())
            .WithSummary(
                "Подписать журнал группы за закрытый период сертификатом учителя (откреплённая подпись CMS над SHA-256 журнала). Только учитель " +
                    "группы; 409, если период не закрыт; 400, если у учителя нет действующего сертификата.")
            .ProducesProblems(400, 403, 404, 409);
        return v1;
    }

    /// <summary>Base64 that does not decode is no file: the import then says «Нет файла».</summary>
    private static byte[]? Base64(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var n) ? buffer[..n] : null;
    }
}
