using System.Text.Json.Serialization;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Parents;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Students;

/// <summary>
/// «Личное дело ученика» (R-ROLE-3, seed 004 §1.3): the student's personal data the school keeps — name, birth date, sex,
/// СНИЛС, address, identity document, health and PE groups — read and corrected by his class teacher and by the director
/// and the deputy; every change audited, refused outside the class teacher's class. The audit keeps the name, birth date and
/// sex before and after; of the address, document, СНИЛС and health data only which of them changed (their values stay in the
/// file alone, so a request to erase personal data does not meet them again in the audit chain).
/// </summary>
public sealed class StudentCards(JournalDbContext db, AccessService access, AuditLog audit, SchoolCalendar calendar)
{
    public const string Entity = "student";
    public const int NameMax = 100;
    public const int AddressMax = 500;
    public const int DocumentMax = 200;

    public sealed record ParentLine(int Id, string Name, string Kind);

    public sealed record CardDto(int Id, string LastName, string FirstName, string? MiddleName, DateOnly BirthDate, string Gender,
        string? Snils, string? Address, string? IdentityDocument, int? HealthGroup, string? PhysicalEducationGroup, string? ClassName,
        IReadOnlyList<ParentLine> Parents);

    /// <summary>Every field must be sent, the empty ones as null: a PUT that leaves one out is refused, never read as «erase».</summary>
    public sealed record CardInput(
        [property: JsonRequired] string? LastName, [property: JsonRequired] string? FirstName, [property: JsonRequired] string? MiddleName,
        [property: JsonRequired] string? BirthDate, [property: JsonRequired] string? Gender, [property: JsonRequired] string? Snils,
        [property: JsonRequired] string? Address, [property: JsonRequired] string? IdentityDocument,
        [property: JsonRequired] int? HealthGroup, [property: JsonRequired] string? PhysicalEducationGroup);

    public static readonly Problem Refused = new(StatusCodes.Status403Forbidden, "Нет доступа к личному делу",
        "Личное дело ученика ведут его классный руководитель, директор и заместитель директора.");

    public async Task<Outcome<CardDto>> GetAsync(int studentId, CancellationToken ct)
    {
        if (!await access.CanKeepStudentFileAsync(studentId, ct)) return Refused;
        return await db.Students.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studentId, ct) is { } student
            ? Outcome<CardDto>.Ok(await DtoAsync(student, ct))
            : Problem.NotFound("Ученик не найден");
    }

    public async Task<Outcome<CardDto>> SaveAsync(int studentId, CardInput input, CancellationToken ct)
    {
        if (!await access.CanKeepStudentFileAsync(studentId, ct)) return Refused;
        var student = await db.Students.FirstOrDefaultAsync(s => s.Id == studentId, ct);
        if (student is null) return Problem.NotFound("Ученик не найден");
        var (card, problem) = Read(input, (await calendar.NowAsync(ct)).Today);
        if (problem is not null) return problem;
        var before = State.Of(student);
        student.LastName = card!.LastName;
        student.FirstName = card.FirstName;
        student.MiddleName = card.MiddleName;
        student.BirthDate = card.BirthDate;
        student.Gender = card.Gender;
        student.Snils = card.Snils;
        student.Address = card.Address;
        student.IdentityDocument = card.IdentityDocument;
        student.HealthGroup = card.HealthGroup;
        student.PhysicalEducationGroup = card.PhysicalEducationGroup;
        var after = State.Of(student);
        if (after == before) return Outcome<CardDto>.Ok(await DtoAsync(student, ct));
        string[] sensitive = [.. new (string Name, bool Changed)[]
        {
            ("snils", before.Snils != after.Snils), ("address", before.Address != after.Address),
            ("identityDocument", before.Document != after.Document), ("healthGroup", before.Health != after.Health),
            ("physicalEducationGroup", before.Pe != after.Pe),
        }.Where(f => f.Changed).Select(f => f.Name)];
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.StudentCardChanged, Entity, student.Id,
            before.Public, after.Public with { Changed = sensitive }, ct: ct), ct);
        return Outcome<CardDto>.Ok(await DtoAsync(student, ct));
    }

    private sealed record PublicState(string LastName, string FirstName, string? MiddleName, DateOnly BirthDate, string Gender)
    {
        /// <summary>The other fields that changed, by name only.</summary>
        public IReadOnlyList<string>? Changed { get; init; }
    }

    private sealed record State(PublicState Public, string? Snils, string? Address, string? Document, int? Health, PhysicalEducationGroup? Pe)
    {
        public static State Of(Student s) => new(new(s.LastName, s.FirstName, s.MiddleName, s.BirthDate, GenderCode(s.Gender)),
            s.Snils, s.Address, s.IdentityDocument, s.HealthGroup, s.PhysicalEducationGroup);
    }

    private sealed record Card(string LastName, string FirstName, string? MiddleName, DateOnly BirthDate, Gender Gender, string? Snils,
        string? Address, string? IdentityDocument, int? HealthGroup, PhysicalEducationGroup? PhysicalEducationGroup);

    /// <summary>The input checked and trimmed, or the first thing wrong with it in Russian.</summary>
    private static (Card? Card, Problem? Problem) Read(CardInput input, DateOnly today)
    {
        var last = input.LastName?.Trim();
        var first = input.FirstName?.Trim();
        var middle = Empty(input.MiddleName);
        if (string.IsNullOrEmpty(last) || string.IsNullOrEmpty(first))
            return (null, Problem.BadRequest("Не указаны фамилия или имя", "Фамилия и имя ученика обязательны; отчество — если есть."));
        if (last.Length > NameMax || first.Length > NameMax || middle?.Length > NameMax)
            return (null, Problem.TooLong("Фамилия, имя или отчество", NameMax));
        if (!DateOnly.TryParseExact(input.BirthDate?.Trim(), ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None,
                out var birth))
            return (null, Problem.BadRequest("Неверная дата рождения", "Дата рождения — в виде 14.03.2015 (или 2015-03-14)."));
        if (birth > today.AddYears(-5) || birth < today.AddYears(-25))
            return (null, Problem.BadRequest("Неверная дата рождения",
                $"Ученику по дате {birth:dd.MM.yyyy} меньше 5 или больше 25 лет: проверьте год рождения по документу."));
        Gender? gender = input.Gender?.Trim().ToLowerInvariant() switch
        {
            "male" or "м" => Domain.Gender.Male,
            "female" or "ж" => Domain.Gender.Female,
            _ => null,
        };
        if (gender is null) return (null, Problem.BadRequest("Не указан пол", "Пол: male (мужской) или female (женский)."));
        var snils = ParentRules.Snils(input.Snils);
        if (snils.Error is not null) return (null, Problem.BadRequest("Неверный СНИЛС", snils.Error));
        var address = Empty(input.Address);
        if (address?.Length > AddressMax) return (null, Problem.TooLong("Адрес", AddressMax));
        var document = Empty(input.IdentityDocument);
        if (document?.Length > DocumentMax) return (null, Problem.TooLong("Документ, удостоверяющий личность", DocumentMax));
        if (input.HealthGroup is < 1 or > 5)
            return (null, Problem.BadRequest("Неверная группа здоровья", "Группа здоровья — от 1 до 5 (I–V) или не указана."));
        PhysicalEducationGroup? pe = null;
        if (Empty(input.PhysicalEducationGroup) is { } peCode)
        {
            pe = ParsePe(peCode);
            if (pe is null)
                return (null, Problem.BadRequest("Неверная физкультурная группа",
                    "Физкультурная группа: main (основная), preparatory (подготовительная) или special (специальная)."));
        }
        return (new Card(last, first, middle, birth, gender.Value, snils.Value, address, document, input.HealthGroup, pe), null);
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static string GenderCode(Gender g) => g == Domain.Gender.Female ? "female" : "male";

    public static string PeCode(PhysicalEducationGroup g) => g switch
    {
        Domain.PhysicalEducationGroup.Main => "main",
        Domain.PhysicalEducationGroup.Preparatory => "preparatory",
        _ => "special",
    };

    public static PhysicalEducationGroup? ParsePe(string code) => code.Trim().ToLowerInvariant() switch
    {
        "main" => Domain.PhysicalEducationGroup.Main,
        "preparatory" => Domain.PhysicalEducationGroup.Preparatory,
        "special" => Domain.PhysicalEducationGroup.Special,
        _ => null,
    };

    public static string PeTitle(PhysicalEducationGroup g) => g switch
    {
        Domain.PhysicalEducationGroup.Main => "основная",
        Domain.PhysicalEducationGroup.Preparatory => "подготовительная",
        _ => "специальная медицинская",
    };

    public static readonly string[] HealthRoman = ["I", "II", "III", "IV", "V"];

    private async Task<CardDto> DtoAsync(Student s, CancellationToken ct)
    {
        var today = (await calendar.NowAsync(ct)).Today;
        var @class = await db.Enrolments.Where(e => e.StudentId == s.Id && e.From <= today && (e.To == null || e.To >= today))
            .Select(e => new { e.SchoolClass!.Grade, e.SchoolClass.Letter }).FirstOrDefaultAsync(ct);
        var className = @class is null ? null : $"{@class.Grade}{@class.Letter}";
        var parents = await db.StudentParents.Where(p => p.StudentId == s.Id)
            .Select(p => new { p.ParentId, p.Parent!.LastName, p.Parent.FirstName, p.Parent.MiddleName, p.Kind }).ToListAsync(ct);
        return new CardDto(s.Id, s.LastName, s.FirstName, s.MiddleName, s.BirthDate, GenderCode(s.Gender), s.Snils, s.Address,
            s.IdentityDocument, s.HealthGroup, s.PhysicalEducationGroup is { } pe ? PeCode(pe) : null, className,
            [.. parents.OrderBy(p => p.Kind).Select(p => new ParentLine(p.ParentId, PersonName.Full(p.LastName, p.FirstName, p.MiddleName),
                ParentRules.KindName(p.Kind)))]);
    }
}
