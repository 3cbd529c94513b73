using Microsoft.AspNetCore.Http.HttpResults;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Parents;

/// <summary>
/// The consent register and the parents' contacts (R-SEC-4): the writes the API and the page /Parents/Class share,
/// and the class's list of students with their parents.
/// </summary>
public sealed class ParentRegister(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit, TimeProvider time)
{
    public sealed record ConsentInput(bool? Given, string? Date, IReadOnlyList<string?>? Scope, string? Document);
    public sealed record ContactsInput(string? Email, string? Phone, string? Snils);

    public sealed record ConsentDto(int Id, int ParentId, bool Given, DateOnly Date, IReadOnlyList<string> Scope, string? Document,
        DateTimeOffset RecordedAt, string? RecordedBy);

    public sealed record ContactsDto(int ParentId, string? Email, string? Phone, string? Snils);

    public sealed record ParentRow(int Id, string Name, string Kind, bool HasLogin, string? Email, string? Phone, string? Snils,
        ConsentDto? Consent, IReadOnlyList<ConsentDto> History);

    public sealed record StudentRow(int StudentId, string Name, IReadOnlyList<ParentRow> Parents);

    /// <summary>A write's answer: the problem to return, or the value written.</summary>
    public sealed record Result<T>(IResult? Problem, T? Value);

    public async Task<Result<ConsentDto>> RecordConsentAsync(int parentId, ConsentInput input, CancellationToken ct)
    {
        var parent = await db.Parents.Where(p => p.Id == parentId).Select(p => new { p.Id, p.SchoolId }).FirstOrDefaultAsync(ct);
        if (parent is null) return new(ParentNotFound(), null);
        if (!await access.CanManageParentAsync(parentId, ct)) return new(CannotManage(), null);
        if (input.Given is not bool given)
            return new(ApiProblem.BadRequest("Не указано, согласие это или отказ", "Укажите given: true — согласие, false — отказ."), null);
        if (!DateOnly.TryParseExact(input.Date?.Trim(), ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None,
            out var date))
            return new(ApiProblem.BadRequest("Нет даты заявления", "Укажите дату, стоящую на заявлении родителя, в виде 2026-11-23."), null);
        var today = await TodayAsync(ct);
        if (date > today)
            return new(ApiProblem.BadRequest(
                "Дата заявления в будущем", $"Заявление не может быть датировано позже сегодняшнего дня ({today:dd.MM.yyyy})."), null);
        var (scope, unknown) = ParentRules.ParseScope(input.Scope);
        if (unknown is not null)
            return new(ApiProblem.BadRequest("Неизвестный вид данных",
                    $"«{unknown}» — такого вида данных нет. Допустимые: email, phone, snils, transfer."),
                null);
        if (given && scope == ConsentScope.None)
            return new(ApiProblem.BadRequest("Не выбрано, на что дано согласие",
                "Отметьте хотя бы одно: e-mail, телефон, СНИЛС или передачу сведений во внешние системы."), null);
        // A refusal without a scope refuses everything the register knows.
        if (!given && scope == ConsentScope.None) scope = ParentRules.All;
        var document = string.IsNullOrWhiteSpace(input.Document) ? null : input.Document.Trim();
        if (document?.Length > ParentRules.DocumentMax) return new(ApiProblem.TooLong("Реквизиты заявления", ParentRules.DocumentMax), null);

        var row = new PersonalDataConsent
        {
            SchoolId = parent.SchoolId, ParentId = parentId, Given = given, Scope = scope, Date = date, Document = document,
            RecordedAt = time.GetUtcNow(), RecordedById = user.Id, RecordedByName = user.DisplayName,
        };
        db.PersonalDataConsents.Add(row);
        await audit.SaveAuditedAsync(db, async () => await audit.RecordAsync(AuditEventType.ConsentRecorded, "consent", row.Id, null,
            new { parentId, given, scope = ParentRules.ScopeNames(scope), date, document }, schoolId: parent.SchoolId, ct: ct), ct);
        return new(null, Dto(row));
    }

    /// <summary>
    /// Replaces the parent's e-mail, phone and СНИЛС (an empty one is cleared). The audit event names the fields that
    /// changed, never their values: the audit log is read by more people than the register. With
    /// <paramref name="requireAll"/> (the API's PUT) a field left out is refused, never read as «erase».
    /// </summary>
    public async Task<Result<ContactsDto>> ChangeContactsAsync(int parentId, ContactsInput input, CancellationToken ct, bool requireAll = false)
    {
        var parent = await db.Parents.FirstOrDefaultAsync(p => p.Id == parentId, ct);
        if (parent is null) return new(ParentNotFound(), null);
        if (!await access.CanManageParentAsync(parentId, ct)) return new(CannotManage(), null);
        if (requireAll && input is { Email: null } or { Phone: null } or { Snils: null })
            return new(ApiProblem.BadRequest("Контакты не сохранены",
                "Передайте все три поля: email, phone и snils (пустая строка стирает значение); ничего не изменено."), null);
        var email = ParentRules.Email(input.Email);
        var phone = ParentRules.Phone(input.Phone);
        var snils = ParentRules.Snils(input.Snils);
        var errors = new[] { email.Error, phone.Error, snils.Error }.Where(e => e is not null).ToList();
        if (errors.Count > 0) return new(ApiProblem.BadRequest("Контакты не сохранены", string.Join(" ", errors)), null);

        var changed = new List<string>();
        if (parent.Email != email.Value) changed.Add("email");
        if (parent.Phone != phone.Value) changed.Add("phone");
        if (parent.Snils != snils.Value) changed.Add("snils");
        (parent.Email, parent.Phone, parent.Snils) = (email.Value, phone.Value, snils.Value);
        if (changed.Count > 0)
            await audit.SaveAuditedAsync(db, async () => await audit.RecordAsync(AuditEventType.ParentContactsChanged, "parent", parentId, null,
                new { changed }, schoolId: parent.SchoolId, ct: ct), ct);
        return new(null, new ContactsDto(parentId, parent.Email, parent.Phone, parent.Snils));
    }

    /// <summary>A parent's register, newest first.</summary>
    public async Task<IReadOnlyList<ConsentDto>> HistoryAsync(int parentId, CancellationToken ct) =>
        (await db.PersonalDataConsents.AsNoTracking().Where(c => c.ParentId == parentId).OrderByDescending(c => c.Id).ToListAsync(ct))
            .Select(Dto).ToList();

    /// <summary>The class's current students in class-list order, each with his parents, their contacts and consents.</summary>
    public async Task<IReadOnlyList<StudentRow>> ClassAsync(int classId, CancellationToken ct)
    {
        var today = await TodayAsync(ct);
        var students = await db.Enrolments.AsNoTracking()
            .Where(e => e.SchoolClassId == classId && e.From <= today && (e.To == null || e.To >= today))
            .Select(e => new
            {
                e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName,
                Parents = e.Student.Parents.Select(p => new
                {
                    p.Kind, p.Parent!.Id, p.Parent.LastName, p.Parent.FirstName, p.Parent.MiddleName, p.Parent.UserId,
                    p.Parent.Email, p.Parent.Phone, p.Parent.Snils,
                }).ToList(),
            })
            .ToListAsync(ct);
        var parentIds = students.SelectMany(s => s.Parents.Select(p => p.Id)).Distinct().ToList();
        var consents = (await db.PersonalDataConsents.AsNoTracking().Where(c => parentIds.Contains(c.ParentId)).ToListAsync(ct))
            .GroupBy(c => c.ParentId).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Id).Select(Dto).ToList());
        return [.. ClassOrder(students, s => (s.LastName, s.FirstName, s.MiddleName))
            .Select(s => new StudentRow(s.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName),
                [.. s.Parents.OrderBy(p => p.Kind).ThenBy(p => p.Id).Select(p =>
                {
                    var history = consents.GetValueOrDefault(p.Id) ?? [];
                    return new ParentRow(p.Id, PersonName.Full(p.LastName, p.FirstName, p.MiddleName), ParentRules.KindName(p.Kind),
                        p.UserId is not null, p.Email, p.Phone, p.Snils, history.FirstOrDefault(), history);
                })]))];
    }

    /// <summary>The class list's order: surname, name, patronymic by the Russian alphabet.</summary>
    public static IEnumerable<T> ClassOrder<T>(IEnumerable<T> rows, Func<T, (string Last, string First, string? Middle)> name) =>
        rows.OrderBy(r => name(r).Last, Year.Groups.GroupRules.Russian).ThenBy(r => name(r).First, Year.Groups.GroupRules.Russian)
            .ThenBy(r => name(r).Middle ?? "", Year.Groups.GroupRules.Russian);

    public async Task<DateOnly> TodayAsync(CancellationToken ct)
    {
        var zone = await db.Schools.Where(s => s.Id == user.SchoolId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct) ?? "Europe/Moscow";
        return SchoolClock.Today(time, zone);
    }

    public static ConsentDto Dto(PersonalDataConsent c) =>
        new(c.Id, c.ParentId, c.Given, c.Date, ParentRules.ScopeNames(c.Scope), c.Document, c.RecordedAt, c.RecordedByName);

    public static IResult ParentNotFound() => ApiProblem.NotFound("Родитель не найден");

    public static IResult CannotManage() => ApiProblem.Forbidden("Нет доступа к данным родителя",
        "Согласия и контакты родителей ведут классный руководитель класса, в котором учится ребёнок, и администрация школы.");

    /// <summary>The Russian title and detail of a problem answer, for a form's error summary.</summary>
    public static string ProblemText(IResult problem) => problem is ProblemHttpResult p
        ? string.Join(" ", new[] { p.ProblemDetails.Title, p.ProblemDetails.Detail }.Where(x => !string.IsNullOrEmpty(x)))
        : "Не сохранено.";
}
