using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Home;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>Accounts for the system administrator, and logins with initial passwords for a class (R-SEC-3).</summary>
public static class AccountsApi
{
    public sealed record IssueResponse(IReadOnlyList<IssuedItem> Issued, IReadOnlyList<IssueCredentials.SkippedDto> Skipped, string SlipsPdf);
    public sealed record IssuedItem(int PersonId, string Kind, string Name, string Login, string InitialPassword);
    public sealed record LedgerLine(long Id, string Login, string Kind, int PersonId, string Person, string IssuedBy, DateTimeOffset IssuedAt,
        bool Voided);
    public sealed record AccountPage(int Total, int Page, int Pages, IReadOnlyList<AccountsHome.Row> Items);

    public static IServiceCollection AddAccountAdmin(this IServiceCollection services) =>
        services.AddScoped<Credentials>().AddScoped<IssueCredentials>().AddScoped<AccountAdmin>().AddScoped<SlipLinks>().AddScoped<SchoolRoles>()
            .AddScoped<ParentChildren>().AddSingleton<LeaverAccounts>().AddHostedService(sp => sp.GetRequiredService<LeaverAccounts>());

    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Учётные записи");
        api.MapPost("/classes/{classId:int}/credentials", IssueAsync)
            .WithSummary("Выдать логины и одноразовые начальные пароли классу: who — students, parents или both; personIds — ученики "
                + "(students, both) или родители (parents), без него — весь класс; reissue — выдать новый пароль и тем, у кого логин уже "
                + "есть (старый перестаёт действовать). slipsPdf — листки для печати (ссылка действует 15 минут). Классный руководитель "
                + "класса, системный администратор.")
            .Produces<IssueResponse>(StatusCodes.Status201Created).ProducesProblems(400, 403, 404);
        api.MapGet("/classes/{classId:int}/credentials", LedgerAsync)
            .WithSummary("Журнал выдачи логинов класса, новые первыми: кому, какой логин, кто и когда выдал, аннулирован ли пароль.")
            .ProducesProblems(403, 404);
        api.MapGet("/credentials/slips", SlipsAsync)
            .WithSummary("PDF листков выдачи по ссылке slipsPdf: только тому, кто выдал, 15 минут.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblems(404);
        api.MapGet("/accounts", ListAsync)
            .WithSummary("Учётные записи школы по 50: q — поиск в логине и имени, classId — ученики класса и их родители, role, page.")
            .ProducesProblems(403);
        api.MapPost("/accounts", async (AccountAdmin admin, AccountAdmin.CreateInput input, CancellationToken ct) =>
                (await admin.CreateStaffAsync(input, ct)).ToResult(r => Results.Created($"/api/v1/accounts/{r.Id}", r)))
            .WithSummary("Создать учётную запись сотрудника: staffMemberId (сотрудник без записи) или lastName, firstName, middleName; "
                + "email, roles. Ответ — логин и одноразовый начальный пароль.")
            .ProducesProblems(400, 403, 409);
        api.MapGet("/accounts/{id}", async (string id, AccountAdmin admin, CancellationToken ct) => (await admin.GetAsync(id, ct)).ToResult())
            .ProducesProblems(403, 404);
        api.MapPut("/accounts/{id}", async (string id, AccountAdmin.UpdateInput input, AccountAdmin admin, CancellationToken ct) =>
                (await admin.UpdateAsync(id, input, ct)).ToResult())
            .WithSummary("Изменить имя (displayName), адрес (email; пустая строка — без адреса) и роли (roles); все поля обязательны.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapPost("/accounts/{id}/lock", async (string id, AccountAdmin admin, CancellationToken ct) => (await admin.LockAsync(id, ct)).ToResult())
            .WithSummary("Заблокировать: вход запрещён, все сеансы и токены завершаются сразу.").ProducesProblems(403, 404, 409);
        api.MapPost("/accounts/{id}/unlock", async (string id, AccountAdmin admin, CancellationToken ct) =>
                (await admin.UnlockAsync(id, ct)).ToResult())
            .WithSummary("Снять блокировку.").ProducesProblems(403, 404, 409);
        api.MapPost("/accounts/{id}/reset-password", async (string id, AccountAdmin admin, CancellationToken ct) =>
                (await admin.ResetPasswordAsync(id, ct)).ToResult())
            .WithSummary("Выдать новый одноразовый начальный пароль: старый перестаёт действовать, при входе потребуется смена.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapPost("/accounts/{id}/reset-two-factor", async (string id, AccountAdmin admin, CancellationToken ct) =>
                (await admin.ResetTwoFactorAsync(id, ct)).ToResult())
            .WithSummary("Выключить вход с кодом подтверждения (потерян телефон и коды восстановления): ключ и коды перестают действовать, "
                + "сеансы завершаются.")
            .ProducesProblems(403, 404, 409);
        api.MapPost("/accounts/{id}/close", async (string id, AccountAdmin.CloseInput input, AccountAdmin admin, CancellationToken ct) =>
                (await admin.CloseAsync(id, input, ct)).ToResult())
            .WithSummary("Закрыть учётную запись (ученик выбыл): вход запрещён навсегда, запись и её история остаются; reason обязателен.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapPost("/accounts/{id}/reopen", async (string id, AccountAdmin admin, CancellationToken ct) =>
                (await admin.ReopenAsync(id, ct)).ToResult())
            .WithSummary("Открыть закрытую учётную запись вновь.").ProducesProblems(403, 404, 409);
        api.MapGet("/accounts/{id}/children", async (string id, ParentChildren children, CancellationToken ct) =>
                (await children.ListAsync(id, ct)).ToResult())
            .WithSummary("Дети родителя: ученик, класс сегодня, родство.").ProducesProblems(400, 403);
        api.MapPost("/accounts/{id}/children", async (string id, ParentChildren.LinkInput input, ParentChildren children,
                CancellationToken ct) => (await children.LinkAsync(id, input, ct)).ToResult())
            .WithSummary("Связать родителя с ребёнком: studentId и kind (mother, father, guardian, trustee, other); в журнал аудита.")
            .ProducesProblems(400, 403, 409);
        api.MapDelete("/accounts/{id}/children/{studentId:int}", async (string id, int studentId, ParentChildren children,
                CancellationToken ct) => (await children.UnlinkAsync(id, studentId, ct)).ToResult())
            .WithSummary("Убрать связь родителя с ребёнком; в журнал аудита.").ProducesProblems(400, 403, 404);
        MapSchoolRoles(v1.MapGroup("").WithTags("Роли школы"));
        return v1;
    }

    /// <summary>The roles the school configures (R-ROLE-8): the system administrator and the director.</summary>
    private static void MapSchoolRoles(RouteGroupBuilder roles)
    {
        roles.MapGet("/school-roles", async (SchoolRoles r, CancellationToken ct) => (await r.ListAsync(ct)).ToResult())
            .WithSummary("Роли школы: название, описание, права (permissions: код и описание), сотрудники в роли.").ProducesProblems(403);
        roles.MapPost("/school-roles", async (SchoolRoles.RoleInput input, SchoolRoles r, CancellationToken ct) =>
                (await r.CreateAsync(input, ct)).ToResult(x => Results.Created($"/api/v1/school-roles/{x.Id}", x)))
            .WithSummary("Завести роль: name, description, permissions — коды прав (readYearSetup, overseeJournals, writeMessages…); "
                + "только права, которые есть у вас самих. В журнал аудита.")
            .ProducesProblems(400, 403, 409);
        roles.MapGet("/school-roles/{id:int}", async (int id, SchoolRoles r, CancellationToken ct) => (await r.GetAsync(id, ct)).ToResult())
            .ProducesProblems(403, 404);
        roles.MapPut("/school-roles/{id:int}", async (int id, SchoolRoles.RoleInput input, SchoolRoles r, CancellationToken ct) =>
                (await r.UpdateAsync(id, input, ct)).ToResult())
            .WithSummary("Изменить название, описание и права роли (все поля обязательны); в журнал аудита.").ProducesProblems(400, 403, 404, 409);
        roles.MapDelete("/school-roles/{id:int}", async (int id, SchoolRoles r, CancellationToken ct) =>
                (await r.DeleteAsync(id, ct)).ToResult(_ => Results.NoContent()))
            .WithSummary("Удалить роль: её сотрудники теряют её права; в журнал аудита.").ProducesProblems(403, 404);
        roles.MapPost("/school-roles/{id:int}/members", async (int id, SchoolRoles.MemberInput input, SchoolRoles r, CancellationToken ct) =>
                (await r.AddMemberAsync(id, input, ct)).ToResult())
            .WithSummary("Дать роль сотруднику: userId его учётной записи; права действуют с его следующего обновления входа (до минуты).")
            .ProducesProblems(400, 403, 404, 409);
        roles.MapDelete("/school-roles/{id:int}/members/{userId}", async (int id, string userId, SchoolRoles r, CancellationToken ct) =>
                (await r.RemoveMemberAsync(id, userId, ct)).ToResult())
            .WithSummary("Снять роль с сотрудника; в журнал аудита.").ProducesProblems(403, 404);
    }

    private static async Task<IResult> IssueAsync(int classId, IssueCredentials.Request request, IssueCredentials issue, SlipLinks links,
        CancellationToken ct)
    {
        var outcome = await issue.HandleAsync(classId, request, ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        var r = outcome.Value!;
        return Results.Created($"/api/v1/classes/{classId}/credentials", new IssueResponse(
            [.. r.Issued.Select(i => new IssuedItem(i.PersonId, i.Kind, i.Name, i.Login, i.InitialPassword))], r.Skipped,
            links.Link(r.SchoolId, r.Slips)));
    }

    private static async Task<IResult> SlipsAsync(string? token, SlipLinks links, HttpContext http, CancellationToken ct)
    {
        byte[]? pdf;
        try
        {
            pdf = await links.PdfAsync(token, http.Request, ct);
        }
        catch (PdfFontsMissingException e)
        {
            return ApiProblem.Of(StatusCodes.Status500InternalServerError, "Листки не сформированы", e.Message);
        }
        return pdf is null
            ? Problem.NotFound("Ссылка на листки недействительна", "Ссылка действует 15 минут и только для выдавшего; выдайте пароли заново.")
                .ToResult()
            : Results.File(pdf, "application/pdf", "logins.pdf");
    }

    private static async Task<IResult> LedgerAsync(int classId, JournalDbContext db, AccessService access, CancellationToken ct)
    {
        if (!await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct)) return Problem.NotFound("Класс не найден").ToResult();
        if (!await access.CanIssueCredentialsAsync(classId, ct)) return IssueCredentials.Refused.ToResult();
        return Results.Ok(await LedgerOfAsync(db, classId, ct));
    }

    /// <summary>A class's ledger, newest first (by id: SQLite cannot sort a DateTimeOffset).</summary>
    public static async Task<List<LedgerLine>> LedgerOfAsync(JournalDbContext db, int classId, CancellationToken ct) =>
        await db.CredentialIssues.AsNoTracking().Where(c => c.SchoolClassId == classId).OrderByDescending(c => c.Id)
            .Select(c => new LedgerLine(c.Id, c.Login, c.Holder == CredentialHolder.Student ? "student" : c.Holder == CredentialHolder.Parent
                ? "parent" : "staff", c.PersonId, c.PersonName, c.IssuedByName, c.IssuedAt, c.VoidedAt != null))
            .ToListAsync(ct);

    private static async Task<IResult> ListAsync(string? q, int? classId, string? role, int? page, JournalDbContext db, AccessService access,
        CurrentUser me, TimeProvider time, CancellationToken ct)
    {
        if (!access.CanManageAccounts || me.SchoolId is not int schoolId) return AccountAdmin.Refused.ToResult();
        var list = await AccountsHome.LoadAsync(db, schoolId, new AccountsHome.Filter(role, q, classId), page ?? 1, time.GetUtcNow(),
            access.Today(), ct);
        return Results.Ok(new AccountPage(list.Total, list.Page, list.Pages, list.Rows));
    }
}
