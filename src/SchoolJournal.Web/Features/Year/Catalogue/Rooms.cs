using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Catalogue;

public sealed class RoomInput
{
    public string? Number { get; set; }
    public string? Name { get; set; }
    public int Capacity { get; set; }
}

public sealed record RoomDto(int Id, string Number, string? Name, int Capacity);

/// <summary>Кабинеты (R-YEAR-4): number unique in the school, a name, how many pupils it seats.</summary>
public sealed class Rooms(CatalogueContext c) : SetupResource<Room, RoomInput, RoomDto>(c)
{
    public const int MaxCapacity = 1000;

    public override string Entity => "room";
    protected override string NotFoundTitle => "Кабинет не найден";

    public override Task<List<RoomDto>> ListAsync(CancellationToken ct) =>
        Db.Rooms.AsNoTracking().OrderBy(r => r.Number).Select(r => new RoomDto(r.Id, r.Number, r.Name, r.Capacity)).ToListAsync(ct);

    protected override async Task<Problem?> ValidateAsync(RoomInput input, Room? existing, CancellationToken ct)
    {
        if (Check.First(Check.Required(input.Number, "Номер кабинета", 20), Check.Optional(input.Name, "Название кабинета", 100)) is { } bad)
            return bad;
        if (input.Capacity is < 0 or > MaxCapacity)
            return Check.Bad("Неверная вместимость", $"Вместимость кабинета — число мест от 0 до {MaxCapacity}.");
        var number = input.Number!.Trim();
        if (await Db.Rooms.AnyAsync(r => r.Number == number && r.Id != (existing == null ? 0 : existing.Id), ct))
            return Check.Conflict("Такой кабинет уже есть", $"Кабинет № {number} уже есть в справочнике школы.");
        return null;
    }

    protected override Room New() => new() { Number = "" };

    protected override void Apply(RoomInput input, Room row)
    {
        row.Number = input.Number!.Trim();
        row.Name = Check.Blank(input.Name);
        row.Capacity = input.Capacity;
    }

    protected override object Snapshot(Room r) => ToDto(r);

    public override RoomDto ToDto(Room r) => new(r.Id, r.Number, r.Name, r.Capacity);

    public override RoomInput ToInput(Room r) => new() { Number = r.Number, Name = r.Name, Capacity = r.Capacity };

    protected override async Task<string?> InUseAsync(Room r, CancellationToken ct)
    {
        if (await Db.Lessons.AnyAsync(l => l.RoomId == r.Id, ct) || await Db.TimetableEntries.AnyAsync(t => t.RoomId == r.Id, ct))
            return $"Кабинет № {r.Number} стоит в расписании и в уроках: удаление стёрло бы его из них. Замените его в расписании на другой.";
        var classes = await ClassNamesAsync(Db.SchoolClasses.Where(s => s.RoomId == r.Id), ct);
        return classes.Length > 0 ? $"Кабинет № {r.Number} закреплён за классами: {classes}." : null;
    }

    public override (string File, string Sheet, string[] Headers, IEnumerable<IReadOnlyList<object?>> Rows) Export(IReadOnlyList<RoomDto> items) =>
        ("Кабинеты.xlsx", "Кабинеты", ["Номер", "Название", "Вместимость"],
            items.Select(r => (IReadOnlyList<object?>)[r.Number, r.Name, r.Capacity]));
}
