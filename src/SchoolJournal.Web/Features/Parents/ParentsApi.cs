using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Parents;

// The consent register (R-SEC-4), parents' contacts, acknowledgments and the class teacher's diary-activity report (R-DIARY-4), the leaflet
// (R-DIARY-7).
public static class ParentsSetup
{
    public static IServiceCollection AddParents(this IServiceCollection services) =>
        services.AddSingleton<DiaryVisits>().AddHostedService<DiaryVisitWriter>()
            .AddScoped<Acknowledgments>().AddScoped<ParentRegister>().AddScoped<DiaryActivity>();

    public sealed record StudentParentDto(int Id, string Name, string Kind, string? Email, string? Phone, string? Snils, bool ContactsHidden);

    public sealed record AcknowledgeInput(string? From, string? To, int? StudyPeriodId);

    public static RouteGroupBuilder MapParentsApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Родители");
        api.MapGet("/classes/{classId:int}/parents", ClassParentsAsync)
            .WithSummary(
                "Ученики класса с родителями: вид представительства, e-mail, телефон, СНИЛС, согласие в силе и его история. Классный руководитель " +
                    "и администрация.")
            .ProducesProblems(403, 404);
        api.MapGet("/parents/{parentId:int}/consents", ConsentsAsync)
            .WithSummary(
                "Реестр согласий и отказов родителя на обработку персональных данных, новые первыми. Классный руководитель ребёнка, администрация, " +
                    "сам родитель.")
            .ProducesProblems(403, 404);
        api.MapPost("/parents/{parentId:int}/consents", RecordConsentAsync)
            .WithSummary(
                "Зарегистрировать согласие (given: true) или отказ (given: false): дата заявления, scope: [\"email\", \"phone\", \"snils\", " +
                    "\"transfer\"] (transfer — передача сведений во внешние системы: региональная, Госуслуги, OneRoster), реквизиты документа. " +
                    "Записи не исправляются — новая запись отменяет прежнюю.")
            .ProducesProblems(400, 403, 404);
        api.MapPut("/parents/{parentId:int}/contacts", ChangeContactsAsync)
            .WithSummary("Исправить контакты родителя: email, phone (+7… или 8…), snils (11 цифр с контрольным числом); "
                + "пустая строка стирает; все три поля обязательны.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/students/{studentId:int}/parents", StudentParentsAsync)
            .WithSummary(
                "Родители ученика для педагогов ученика: имя и вид представительства; контакты — классному руководителю и администрации всегда, " +
                    "другим — только по согласию (скрытые равны null, contactsHidden: true).")
            .ProducesProblems(403, 404);
        api.MapPost("/students/{studentId:int}/acknowledgments", AcknowledgeAsync)
            .WithSummary("«Ознакомлен»: родитель подтверждает, что видел оценки ребёнка за даты from–to (неделя или учебный период studyPeriodId).")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/classes/{classId:int}/diary-activity", ActivityAsync)
            .WithSummary(
                "Отчёт классного руководителя: по каждому ученику и родителю — есть ли вход, последнее посещение дневника, последнее «Ознакомлен», " +
                    "число неподтверждённых оценок и недели с ними (текущий период, periodId или from/to).")
            .ProducesProblems(400, 403, 404);
        return v1;
    }

    private static IResult ClassRefused() => ApiProblem.Forbidden("Нет доступа к родителям класса",
        "Родителей класса, их согласия и отчёт о дневнике видят классный руководитель этого класса и администрация школы.");

    private static async Task<IResult> ClassParentsAsync(int classId, JournalDbContext db, AccessService access, ParentRegister register,
        CancellationToken ct)
    {
        if (!await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct)) return ApiProblem.NotFound("Класс не найден");
        if (!await access.CanManageClassParentsAsync(classId, ct)) return ClassRefused();
        return Results.Ok(await register.ClassAsync(classId, ct));
    }

    private static async Task<IResult> ConsentsAsync(int parentId, JournalDbContext db, AccessService access, ParentRegister register,
        CancellationToken ct)
    {
        if (!await db.Parents.AnyAsync(p => p.Id == parentId, ct)) return ParentRegister.ParentNotFound();
        if (await access.OwnParentIdAsync(ct) != parentId && !await access.CanManageParentAsync(parentId, ct)) return ParentRegister.CannotManage();
        return Results.Ok(await register.HistoryAsync(parentId, ct));
    }

    private static async Task<IResult> RecordConsentAsync(int parentId, ParentRegister.ConsentInput input, ParentRegister register,
        CancellationToken ct) =>
        await register.RecordConsentAsync(parentId, input, ct) switch
        {
            { Problem: { } problem } => problem,
            { Value: var c } => Results.Created($"/api/v1/parents/{parentId}/consents", c),
        };

    private static async Task<IResult> ChangeContactsAsync(int parentId, ParentRegister.ContactsInput input, ParentRegister register,
        CancellationToken ct) =>
        await register.ChangeContactsAsync(parentId, input, ct, requireAll: true) switch
        {
            { Problem: { } problem } => problem,
            { Value: var c } => Results.Ok(c),
        };

    private static async Task<IResult> StudentParentsAsync(int studentId, JournalDbContext db, AccessService access, CancellationToken ct)
    {
        if (!await db.Students.AnyAsync(s => s.Id == studentId, ct)) return ApiProblem.NotFound("Ученик не найден");
        if (!await access.CanSeeStudentAsStaffAsync(studentId, ct))
            return ApiProblem.Forbidden("Нет доступа к родителям ученика",
                "Родителей ученика видят педагоги, которые его учат, его классный руководитель и администрация.");
        var parents = await db.StudentParents.AsNoTracking().Where(p => p.StudentId == studentId).OrderBy(p => p.Kind).ThenBy(p => p.ParentId)
            .Select(p =>
                new { p.Kind, p.Parent!.Id, p.Parent.LastName, p.Parent.FirstName, p.Parent.MiddleName, p.Parent.Email, p.Parent.Phone,
                    p.Parent.Snils })
            .ToListAsync(ct);
        var result = new List<StudentParentDto>();
        foreach (var p in parents)
        {
            var email = await access.CanSeeParentContactAsync(p.Id, ConsentScope.Email, ct) ? p.Email : null;
            var phone = await access.CanSeeParentContactAsync(p.Id, ConsentScope.Phone, ct) ? p.Phone : null;
            var snils = await access.CanSeeParentContactAsync(p.Id, ConsentScope.Snils, ct) ? p.Snils : null;
            var hidden = (p.Email is not null && email is null) || (p.Phone is not null && phone is null) || (p.Snils is not null && snils is null);
            result.Add(new StudentParentDto(p.Id, PersonName.Full(p.LastName, p.FirstName, p.MiddleName), ParentRules.KindName(p.Kind),
                email, phone, snils, hidden));
        }
        return Results.Ok(result);
    }

    private static async Task<IResult> AcknowledgeAsync(int studentId, AcknowledgeInput input, JournalDbContext db, Acknowledgments acknowledgments,
        ParentRegister register, CancellationToken ct)
    {
        if (!await db.Students.AnyAsync(s => s.Id == studentId, ct)) return ApiProblem.NotFound("Ученик не найден");
        if (await acknowledgments.ParentOfAsync(studentId, ct) is null)
            return ApiProblem.Forbidden("Подтвердить ознакомление может только родитель ученика",
                "Кнопка «Ознакомлен» — для родителей (законных представителей) этого ученика.");
        var (span, error) = await ReadSpanAsync(input, db, register, ct);
        if (span is not { } dates) return ApiProblem.BadRequest("Неверные даты", error!);
        var done = await acknowledgments.AcknowledgeAsync(studentId, dates.From, dates.To, input.StudyPeriodId, ct);
        return Results.Created($"/api/v1/students/{studentId}/acknowledgments", done);
    }

    /// <summary>from/to as given, or the study period's dates when only studyPeriodId is.</summary>
    private static async Task<((DateOnly From, DateOnly To)? Span, string? Error)> ReadSpanAsync(AcknowledgeInput input, JournalDbContext db,
        ParentRegister register, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.From) && string.IsNullOrWhiteSpace(input.To) && input.StudyPeriodId is int pid)
        {
            var period = await db.StudyPeriods.Where(p => p.Id == pid).Select(p => new { p.Start, p.End }).FirstOrDefaultAsync(ct);
            return period is null ? (null, "Такого учебного периода нет.") : ((period.Start, period.End), null);
        }
        if (!DateOnly.TryParseExact(input.From?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !DateOnly.TryParseExact(input.To?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
            return (null, "Укажите даты from и to в виде 2026-11-23 (или studyPeriodId).");
        if (from > to) return (null, "Дата from позже даты to.");
        if (from > await register.TodayAsync(ct)) return (null, "Нельзя подтвердить ознакомление с оценками будущих дней.");
        if (input.StudyPeriodId is int id && !await db.StudyPeriods.AnyAsync(p => p.Id == id, ct)) return (null, "Такого учебного периода нет.");
        return ((from, to), null);
    }

    private static async Task<IResult> ActivityAsync(int classId, int? periodId, string? from, string? to, JournalDbContext db, AccessService access,
        DiaryActivity activity, CancellationToken ct)
    {
        if (!await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct)) return ApiProblem.NotFound("Класс не найден");
        if (!await access.CanManageClassParentsAsync(classId, ct)) return ClassRefused();
        var (span, error) = await activity.SpanAsync(classId, periodId, from, to, ct);
        if (span is null) return ApiProblem.BadRequest("Неверный период отчёта", error!);
        return Results.Ok(await activity.BuildAsync(classId, span, ct));
    }
}
