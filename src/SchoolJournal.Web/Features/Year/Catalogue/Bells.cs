using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Catalogue;

/// <summary>One bell of the schedule: times as «08:30».</summary>
public sealed class BellSlotInput
{
    public int Number { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }
}

public sealed class BellScheduleInput
{
    public string? Name { get; set; }
    public int Shift { get; set; } = 1;
    public List<BellSlotInput> Slots { get; set; } = [];
}

public sealed record BellSlotDto(int Number, string Start, string End);

public sealed record BellScheduleDto(int Id, string Name, int Shift, IReadOnlyList<BellSlotDto> Slots);

/// <summary>The rules of a bell schedule: numbers from 1 and unique, each lesson starts before it ends, lessons never overlap.</summary>
public static class BellRules
{
    public const int MaxLessons = 12;

    public sealed record Slot(int Number, TimeOnly Start, TimeOnly End);

    /// <summary>What is wrong with the slots, in Russian, or null.</summary>
    public static string? Problem(IReadOnlyList<Slot> slots)
    {
        if (slots.Count == 0) return "Добавьте хотя бы один урок со временем начала и окончания.";
        if (slots.Count > MaxLessons) return $"В расписании звонков не больше {MaxLessons} уроков.";
        if (slots.FirstOrDefault(s => s.Number is < 1 or > MaxLessons) is { } outside)
            return $"Номер урока {outside.Number} вне пределов: номера уроков — от 1 до {MaxLessons}.";
        if (slots.GroupBy(s => s.Number).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return $"Урок № {twice.Key} указан дважды: номера уроков не повторяются.";
        if (slots.FirstOrDefault(s => s.Start >= s.End) is { } backwards)
            return $"Урок № {backwards.Number}: начало ({backwards.Start:HH\\:mm}) должно быть раньше окончания ({backwards.End:HH\\:mm}).";
        var ordered = slots.OrderBy(s => s.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
            if (ordered[i].Start < ordered[i - 1].End)
                return $"Уроки № {ordered[i - 1].Number} ({ordered[i - 1].Start:HH\\:mm}–{ordered[i - 1].End:HH\\:mm}) и № {ordered[i].Number} " +
                    $"({ordered[i].Start:HH\\:mm}–{ordered[i].End:HH\\:mm}) пересекаются по времени.";
        if (ordered.Select(s => s.Number).Zip(ordered.Skip(1).Select(s => s.Number)).Any(p => p.First > p.Second))
            return "Номера уроков должны идти по порядку времени: урок с большим номером начинается позже.";
        return null;
    }
}

/// <summary>Расписание звонков (R-YEAR-8): a named schedule of one shift with its numbered lessons.</summary>
public sealed class BellSchedules(CatalogueContext c) : SetupResource<BellSchedule, BellScheduleInput, BellScheduleDto>(c)
{
    public override string Entity => "bellSchedule";
    protected override string NotFoundTitle => "Расписание звонков не найдено";

    protected override IQueryable<BellSchedule> Rows => Db.BellSchedules.Include(b => b.Slots);

    public override async Task<List<BellScheduleDto>> ListAsync(CancellationToken ct) =>
        [.. (await Db.BellSchedules.AsNoTracking().Include(b => b.Slots).OrderBy(b => b.Shift).ThenBy(b => b.Id).ToListAsync(ct)).Select(ToDto)];

    /// <summary>The typed rows that carry a time; empty rows of the form are skipped.</summary>
    private static IEnumerable<BellSlotInput> Filled(BellScheduleInput input) =>
        input.Slots.Where(s => !string.IsNullOrWhiteSpace(s.Start) || !string.IsNullOrWhiteSpace(s.End));

    protected override async Task<Problem?> ValidateAsync(BellScheduleInput input, BellSchedule? existing, CancellationToken ct)
    {
        if (Check.Required(input.Name, "Название расписания звонков", 100) is { } bad) return bad;
        if (input.Shift is not (1 or 2)) return Check.Bad("Неверная смена", "Смена — 1 или 2.");
        var slots = new List<BellRules.Slot>();
        foreach (var s in Filled(input))
        {
            if (Check.Time(s.Start) is not { } start || Check.Time(s.End) is not { } end)
                return Check.Bad(
                    "Неверное время урока", $"Урок № {s.Number}: время указывается как 08:30 (часы:минуты), а указано «{s.Start}»–«{s.End}».");
            slots.Add(new BellRules.Slot(s.Number, start, end));
        }
        if (BellRules.Problem(slots) is { } problem) return Check.Bad("Неверное расписание звонков", problem);
        var name = input.Name!.Trim();
        if (await Db.BellSchedules.AnyAsync(b => b.Name == name && b.Id != (existing == null ? 0 : existing.Id), ct))
            return Check.Conflict("Такое расписание звонков уже есть", $"Расписание звонков «{name}» уже есть: названия не повторяются.");
        return null;
    }

    /// <summary>Slots are matched by number, so a stored lesson keeps its row and the unique (schedule, number) index never sees two.</summary>
    protected override BellSchedule New() => new() { Name = "" };

    protected override void Apply(BellScheduleInput input, BellSchedule row)
    {
        row.Name = input.Name!.Trim();
        row.Shift = input.Shift;
        var typed = Filled(input).ToDictionary(s => s.Number, s => (Start: Check.Time(s.Start)!.Value, End: Check.Time(s.End)!.Value));
        row.Slots.RemoveAll(s => !typed.ContainsKey(s.Number));
        foreach (var (number, (start, end)) in typed)
        {
            var slot = row.Slots.FirstOrDefault(s => s.Number == number);
            if (slot is null) row.Slots.Add(slot = new BellSlot { Number = number });
            (slot.Start, slot.End) = (start, end);
        }
    }

    protected override object Snapshot(BellSchedule b) => ToDto(b);

    public override BellScheduleDto ToDto(BellSchedule b) =>
        new(b.Id, b.Name, b.Shift,
            [.. b.Slots.OrderBy(s => s.Number).Select(s => new BellSlotDto(s.Number, s.Start.ToString("HH:mm"), s.End.ToString("HH:mm")))]);

    public override BellScheduleInput ToInput(BellSchedule b) => new()
    {
        Name = b.Name, Shift = b.Shift,
        Slots = [.. b.Slots.OrderBy(s => s.Number)
            .Select(s => new BellSlotInput { Number = s.Number, Start = s.Start.ToString("HH:mm"), End = s.End.ToString("HH:mm") })],
    };

    protected override async Task<string?> InUseAsync(BellSchedule b, CancellationToken ct)
    {
        var classes = await ClassNamesAsync(Db.SchoolClasses.Where(s => s.BellScheduleId == b.Id), ct);
        if (classes.Length > 0) return $"По расписанию звонков «{b.Name}» учатся классы: {classes}. Назначьте им другое расписание.";
        var groups = await Db.TeachingGroups.CountAsync(g => g.BellScheduleId == b.Id, ct);
        return groups > 0 ? $"По расписанию звонков «{b.Name}» учатся группы ({groups}). Назначьте им другое расписание." : null;
    }

    public override (string File, string Sheet, string[] Headers,
        IEnumerable<IReadOnlyList<object?>> Rows) Export(IReadOnlyList<BellScheduleDto> items) =>
        ("Расписание звонков.xlsx", "Звонки", ["Расписание", "Смена", "Урок", "Начало", "Окончание"],
            items.SelectMany(b => b.Slots.Select(s => (IReadOnlyList<object?>)[b.Name, b.Shift, s.Number, s.Start, s.End])));
}
