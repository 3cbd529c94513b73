using System.Text.RegularExpressions;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Catalogue;

public sealed class StaffPositionInput
{
    /// <summary>«teacher», «deputy» …</summary>
    public string? Kind { get; set; } = "teacher";
    public string? Title { get; set; }
    public decimal Rate { get; set; } = 1m;
}

public sealed class StaffInput
{
    public string? LastName { get; set; }
    public string? FirstName { get; set; }
    public string? MiddleName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? HiredOn { get; set; }
    /// <summary>Увольнение: the member stays in the list and in every journal he kept.</summary>
    public string? DismissedOn { get; set; }
    public List<StaffPositionInput> Positions { get; set; } = [];
}

public sealed record StaffPositionDto(string Kind, string Title, decimal Rate);

/// <summary><see cref="Email"/> and <see cref="Phone"/> are personal: only those who manage the year get them.</summary>
public sealed record StaffDto(int Id, string LastName, string FirstName, string? MiddleName, string FullName, string? Email, string? Phone,
    DateOnly? HiredOn, DateOnly? DismissedOn, bool HasLogin, IReadOnlyList<StaffPositionDto> Positions);

/// <summary>Сотрудники (R-YEAR-4) with their positions; a leaver is dismissed with a date, not deleted.</summary>
public sealed partial class StaffMembers(CatalogueContext c) : SetupResource<StaffMember, StaffInput, StaffDto>(c)
{
    public const decimal MaxRate = 3m;

    public override string Entity => "staff";
    protected override string NotFoundTitle => "Сотрудник не найден";

    protected override IQueryable<StaffMember> Rows => Db.StaffMembers.Include(s => s.Positions);

    /// <summary>Names and positions: the whole staff; the list is personal data, so not students or parents.</summary>
    public override bool CanRead => Access.IsStaff;

    public override async Task<List<StaffDto>> ListAsync(CancellationToken ct) =>
        [.. (await Db.StaffMembers.AsNoTracking()
            .Include(s => s.Positions).OrderBy(s => s.LastName).ThenBy(s => s.FirstName).ThenBy(s => s.Id).ToListAsync(ct))
            .Select(ToDto)];

    protected override Task<Problem?> ValidateAsync(StaffInput input, StaffMember? existing, CancellationToken ct) => Task.FromResult(Problem(input));

    private static Problem? Problem(StaffInput input)
    {
        if (Check.First(Check.Required(input.LastName, "Фамилия", 100), Check.Required(input.FirstName, "Имя", 100),
                Check.Optional(input.MiddleName, "Отчество", 100), Check.Optional(input.Email, "Электронная почта", 200),
                Check.Optional(input.Phone, "Телефон", 30)) is { } bad)
            return bad;
        if (Check.Blank(input.Email) is { } email && !EmailRegex().IsMatch(email))
            return Check.Bad("Неверный адрес почты", $"«{email}» — не адрес электронной почты (пример: ivanova@school.ru).");
        if (Check.Blank(input.Phone) is { } phone && !PhoneRegex().IsMatch(phone))
            return Check.Bad("Неверный телефон", $"«{phone}» — не номер телефона: цифры, пробелы, +, скобки и дефисы (пример: +7 912 345-67-89).");
        if (!Check.TryDate(input.HiredOn, out var hired)) return Check.BadDate("дата приёма", input.HiredOn);
        if (!Check.TryDate(input.DismissedOn, out var dismissed)) return Check.BadDate("дата увольнения", input.DismissedOn);
        if (hired is not null && dismissed < hired)
            return Check.Bad("Неверные даты", "Дата увольнения не может быть раньше даты приёма.");
        var positions = Filled(input).ToList();
        if (positions.Count == 0) return Check.Bad("Не указана должность", "Укажите хотя бы одну должность сотрудника.");
        foreach (var p in positions)
        {
            if (Check.Optional(p.Title, "Должность", 200) is { } longTitle) return longTitle;
            if (Codes.Parse<PositionKind>(p.Kind) is null)
                return Check.Bad("Неизвестный вид должности", $"«{p.Kind}» — такого вида должности нет. {Codes.Allowed(Codes.Positions)}");
            if (p.Rate <= 0 || p.Rate > MaxRate || decimal.Round(p.Rate, 2) != p.Rate)
                return Check.Bad(
                    "Неверная ставка", $"Ставка по должности «{p.Title?.Trim()}» — число больше 0 и не больше {MaxRate} (например, 1 или 0,5).");
        }
        return null;
    }

    private static IEnumerable<StaffPositionInput> Filled(StaffInput input) => input.Positions.Where(p => !string.IsNullOrWhiteSpace(p.Title));

    protected override StaffMember New() => new() { LastName = "", FirstName = "" };

    protected override void Apply(StaffInput input, StaffMember row)
    {
        row.LastName = input.LastName!.Trim();
        row.FirstName = input.FirstName!.Trim();
        row.MiddleName = Check.Blank(input.MiddleName);
        row.Email = Check.Blank(input.Email);
        row.Phone = Check.Blank(input.Phone);
        Check.TryDate(input.HiredOn, out var hired);
        Check.TryDate(input.DismissedOn, out var dismissed);
        (row.HiredOn, row.DismissedOn) = (hired, dismissed);
        row.Positions.Clear();
        row.Positions.AddRange(Filled(input)
            .Select(p => new StaffPosition { Kind = Codes.Parse<PositionKind>(p.Kind)!.Value, Title = p.Title!.Trim(), Rate = p.Rate }));
    }

    protected override object Snapshot(StaffMember s) => ToFullDto(s);

    private static StaffDto ToFullDto(StaffMember s) =>
        new(s.Id, s.LastName, s.FirstName, s.MiddleName, s.FullName, s.Email, s.Phone, s.HiredOn, s.DismissedOn,
        s.UserId is not null, [.. s.Positions.OrderBy(p => p.Id).Select(p => new StaffPositionDto(Codes.Code(p.Kind), p.Title, p.Rate))]);

    public override StaffDto ToDto(StaffMember s) => Access.CanManageYear ? ToFullDto(s) : ToFullDto(s) with { Email = null, Phone = null };

    public override StaffInput ToInput(StaffMember s) => new()
    {
        LastName = s.LastName, FirstName = s.FirstName, MiddleName = s.MiddleName, Email = s.Email, Phone = s.Phone,
        HiredOn = s.HiredOn?.ToString("yyyy-MM-dd"), DismissedOn = s.DismissedOn?.ToString("yyyy-MM-dd"),
        Positions = [.. s.Positions.OrderBy(p => p.Id)
            .Select(p => new StaffPositionInput { Kind = Codes.Code(p.Kind), Title = p.Title, Rate = p.Rate })],
    };

    /// <summary>Someone who taught or led a class stays, so the journals keep his name: he is dismissed instead.</summary>
    protected override async Task<string?> InUseAsync(StaffMember s, CancellationToken ct)
    {
        var why = new List<string>();
        if (await Db.TeachingAssignments.AnyAsync(a => a.StaffMemberId == s.Id, ct)) why.Add("у него есть учебная нагрузка");
        if (await Db.Lessons.AnyAsync(l => l.TeacherId == s.Id || l.SubstituteTeacherId == s.Id, ct)) why.Add("он ведёт или заменял уроки");
        if (await Db.TimetableEntries.AnyAsync(t => t.StaffMemberId == s.Id, ct)) why.Add("он стоит в расписании");
        if (await Db.ClassTeachers.AnyAsync(t => t.StaffMemberId == s.Id, ct)) why.Add("он классный руководитель (или был им)");
        if (s.UserId is not null) why.Add("у него есть учётная запись");
        return why.Count == 0 ? null
            : $"Сотрудника {s.FullName} удалить нельзя: {string.Join(", ", why)}. Укажите дату увольнения — он останется в журналах и истории.";
    }

    public override (string File, string Sheet, string[] Headers, IEnumerable<IReadOnlyList<object?>> Rows) Export(IReadOnlyList<StaffDto> items) =>
        ("Сотрудники.xlsx", "Сотрудники", ["ФИО", "Должности", "Ставка", "Электронная почта", "Телефон", "Принят", "Уволен"],
            items.Select(s => (IReadOnlyList<object?>)[s.FullName, string.Join("; ", s.Positions.Select(p => p.Title)), s.Positions.Sum(p => p.Rate),
                s.Email, s.Phone, s.HiredOn, s.DismissedOn]));

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"^\+?[0-9 ()\-]{5,30}$")]
    private static partial Regex PhoneRegex();
}
