using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Students;

/// <summary>
/// «Ответственные» (R-ROLE-1, seed 004): the director appoints members of staff by an order — responsible for keeping the
/// electronic journal, for backups, for issuing logins — from a day until the appointment ends; while it lasts the access
/// service grants the duty's permissions (<see cref="DutyPermissions"/>). Each appointment and its end audited.
/// </summary>
public sealed class StaffDuties(JournalDbContext db, AccessService access, CurrentUser me, AuditLog audit, TimeProvider time,
    SchoolCalendar calendar)
{
    public const string Entity = "staff-duty";
    public const int OrderMax = 200;

    public sealed record DutyDto(int Id, int StaffMemberId, string StaffName, string Duty, string Title, DateOnly From, DateOnly? To,
        string? Order, string AppointedBy, bool Active);

    public sealed record AppointInput(int? StaffMemberId, string? Duty, string? From, string? Order);

    public sealed record EndInput(string? To);

    public static readonly Problem CannotRead = new(StatusCodes.Status403Forbidden, "Нет доступа к назначениям",
        "Назначения ответственных видят директор, заместитель директора и системный администратор.");

    public static readonly Problem CannotAppoint = new(StatusCodes.Status403Forbidden, "Нет права назначать ответственных",
        "Ответственных назначает директор школы приказом.");

    public static string Code(StaffDutyKind kind) => kind switch
    {
        StaffDutyKind.JournalKeeping => "journal",
        StaffDutyKind.Backups => "backups",
        _ => "credentials",
    };

    public static StaffDutyKind? Parse(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "journal" => StaffDutyKind.JournalKeeping,
        "backups" => StaffDutyKind.Backups,
        "credentials" => StaffDutyKind.Credentials,
        _ => null,
    };

    public static string Title(StaffDutyKind kind) => kind switch
    {
        StaffDutyKind.JournalKeeping => "Ответственный за ведение электронного журнала",
        StaffDutyKind.Backups => "Ответственный за резервное копирование",
        _ => "Ответственный за выдачу логинов и паролей",
    };

    /// <summary>What the duty lets its holder do, in the words of the page.</summary>
    public static string Grants(StaffDutyKind kind) => kind switch
    {
        StaffDutyKind.JournalKeeping => "читает журналы всех классов, список просроченных записей и отчёт о ведении журналов",
        StaffDutyKind.Backups => "создаёт и восстанавливает резервные копии, запускает проверку целостности",
        _ => "выдаёт логины и начальные пароли ученикам и родителям любого класса",
    };

    /// <summary>The school's date in its own time zone: the day an appointment starts and ends by, as the claims factory counts it.</summary>
    private async Task<DateOnly> TodayAsync(CancellationToken ct) => (await calendar.NowAsync(ct)).Today;

    public async Task<Outcome<IReadOnlyList<DutyDto>>> ListAsync(CancellationToken ct)
    {
        if (!access.AppointsStaff && !access.SeesWholeSchool && !access.Has(Permission.OverseeSchool)) return CannotRead;
        var rows = await db.StaffDuties.AsNoTracking()
            .Select(d => new { d.Id, d.StaffMemberId, d.StaffMember!.LastName, d.StaffMember.FirstName, d.StaffMember.MiddleName, d.Kind,
                d.From, d.To, d.Order, d.AppointedByName })
            .ToListAsync(ct);
        var today = await TodayAsync(ct);
        return Outcome<IReadOnlyList<DutyDto>>.Ok([.. rows
            .Select(r => new DutyDto(r.Id, r.StaffMemberId, PersonName.Full(r.LastName, r.FirstName, r.MiddleName), Code(r.Kind), Title(r.Kind),
                r.From, r.To, r.Order, r.AppointedByName, r.From <= today && (r.To is null || r.To >= today)))
            .OrderBy(d => d.Duty == "journal" ? 0 : d.Duty == "backups" ? 1 : 2).ThenByDescending(d => d.Active).ThenByDescending(d => d.From)
            .ThenBy(d => d.Id)]);
    }

    public async Task<Outcome<DutyDto>> AppointAsync(AppointInput input, CancellationToken ct)
    {
        if (!access.AppointsStaff) return CannotAppoint;
        if (input.StaffMemberId is null) return Problem.BadRequest("Не выбран сотрудник", "Укажите, кого назначить (staffMemberId).");
        if (Parse(input.Duty) is not { } kind)
            return Problem.BadRequest("Неизвестная обязанность",
                "Обязанность: journal (ведение электронного журнала), backups (резервное копирование) или credentials (выдача логинов).");
        if (!TryDate(input.From, out var from))
            return Problem.BadRequest("Неверная дата назначения", "Дата — в виде 01.09.2026 (или 2026-09-01).");
        var order = string.IsNullOrWhiteSpace(input.Order) ? null : input.Order.Trim();
        if (order?.Length > OrderMax) return Problem.TooLong("Приказ", OrderMax);
        var staff = await db.StaffMembers.FirstOrDefaultAsync(s => s.Id == input.StaffMemberId, ct);
        if (staff is null) return Problem.BadRequest("Сотрудник не найден", "Выберите сотрудника этой школы из списка.");
        if (staff.DismissedOn is { } dismissed && dismissed < from)
            return Problem.BadRequest("Сотрудник уволен", $"{staff.FullName} уволен(а) {dismissed:dd.MM.yyyy}: назначить нельзя.");
        if (staff.UserId is null)
            return Problem.BadRequest("У сотрудника нет учётной записи",
                $"У {staff.FullName} нет логина: сначала выдайте учётную запись («Учётные записи»), затем назначайте.");
        if (await db.StaffDuties.AnyAsync(d => d.StaffMemberId == staff.Id && d.Kind == kind && (d.To == null || d.To >= from), ct))
            return new Problem(StatusCodes.Status409Conflict, "Уже назначен",
                $"{staff.FullName} уже назначен(а) на эту обязанность на эти дни. Прекратите прежнее назначение или выберите другую дату.");
        var duty = new StaffDuty
        {
            SchoolId = staff.SchoolId, StaffMemberId = staff.Id, Kind = kind, From = from, Order = order, AppointedById = me.Id!,
            AppointedByName = me.DisplayName,
            AppointedAt = time.GetUtcNow(),
        };
        db.StaffDuties.Add(duty);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.StaffDutyAppointed, Entity, duty.Id, null,
            new { staffMemberId = staff.Id, duty = Code(kind), from, order }, ct: ct), ct);
        return Outcome<DutyDto>.Ok(Dto(duty, staff, await TodayAsync(ct)));
    }

    public async Task<Outcome<DutyDto>> EndAsync(int id, EndInput input, CancellationToken ct)
    {
        if (!access.AppointsStaff) return CannotAppoint;
        var duty = await db.StaffDuties.Include(d => d.StaffMember).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (duty is null) return Problem.NotFound("Назначение не найдено");
        if (!TryDate(input.To, out var to)) return Problem.BadRequest("Неверная дата", "Дата — в виде 31.05.2027 (или 2027-05-31).");
        if (duty.To is not null)
            return new Problem(StatusCodes.Status409Conflict, "Назначение уже прекращено", $"Оно действовало по {duty.To:dd.MM.yyyy}.");
        if (to < duty.From.AddDays(-1))
            return Problem.BadRequest("Неверная дата", $"Назначение действует с {duty.From:dd.MM.yyyy}: прекратить его раньше нельзя.");
        var before = new { to = (DateOnly?)null };
        duty.To = to;
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.StaffDutyEnded, Entity, duty.Id, before, new { to }, ct: ct), ct);
        return Outcome<DutyDto>.Ok(Dto(duty, duty.StaffMember!, await TodayAsync(ct)));
    }

    private static DutyDto Dto(StaffDuty d, StaffMember s, DateOnly today) => new(d.Id, s.Id, s.FullName, Code(d.Kind), Title(d.Kind),
        d.From, d.To, d.Order, d.AppointedByName, d.From <= today && (d.To is null || d.To >= today));

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
