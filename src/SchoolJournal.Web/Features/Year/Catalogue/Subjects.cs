using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Catalogue;

/// <summary>A subject as the API takes it; <see cref="Component"/> is «federal» or «school».</summary>
public sealed class SubjectInput
{
    public string? Name { get; set; }
    public string? ShortName { get; set; }
    public string? Component { get; set; } = "federal";
    public string? Area { get; set; }
    public int SortOrder { get; set; }
    public int? GradingSystemId { get; set; }
}

public sealed record SubjectDto(int Id, string Name, string ShortName, string Component, string? Area, int SortOrder, int? GradingSystemId);

/// <summary>Предметы (R-YEAR-3): the federal list and the school's own, unique by name within the school.</summary>
public sealed class Subjects(CatalogueContext c) : SetupResource<Subject, SubjectInput, SubjectDto>(c)
{
    public override string Entity => "subject";
    protected override string NotFoundTitle => "Предмет не найден";

    public override Task<List<SubjectDto>> ListAsync(CancellationToken ct) =>
        Db.Subjects.AsNoTracking().OrderBy(s => s.SortOrder).ThenBy(s => s.Name)
            .Select(s =>
                new SubjectDto(s.Id, s.Name, s.ShortName, s.Component == SubjectComponent.Federal ? "federal" : "school", s.Area, s.SortOrder,
                    s.GradingSystemId))
            .ToListAsync(ct);

    protected override async Task<Problem?> ValidateAsync(SubjectInput input, Subject? existing, CancellationToken ct)
    {
        if (Check.First(Check.Required(input.Name, "Название", 200), Check.Required(input.ShortName, "Краткое название", 50),
                Check.Optional(input.Area, "Предметная область", 200)) is { } bad)
            return bad;
        if (Codes.Parse<SubjectComponent>(input.Component) is null)
            return Check.Bad(
                "Неизвестная часть учебного плана", $"«{input.Component}» — такой части учебного плана нет. {Codes.Allowed(Codes.Components)}");
        if (input.GradingSystemId is int g && !await Db.GradingSystems.AnyAsync(s => s.Id == g, ct))
            return Check.Bad("Нет такой системы оценивания", "Выберите систему оценивания из справочника школы.");
        var name = input.Name!.Trim();
        if (await Db.Subjects.AnyAsync(s => s.Name == name && s.Id != (existing == null ? 0 : existing.Id), ct))
            return Check.Conflict("Такой предмет уже есть", $"Предмет «{name}» уже есть в справочнике школы: названия предметов не повторяются.");
        return null;
    }

    protected override Subject New() => new() { Name = "", ShortName = "" };

    protected override void Apply(SubjectInput input, Subject row)
    {
        row.Name = input.Name!.Trim();
        row.ShortName = input.ShortName!.Trim();
        row.Component = Codes.Parse<SubjectComponent>(input.Component)!.Value;
        row.Area = Check.Blank(input.Area);
        row.SortOrder = input.SortOrder;
        row.GradingSystemId = input.GradingSystemId;
    }

    protected override object Snapshot(Subject s) => ToDto(s);

    public override SubjectDto ToDto(Subject s) => new(s.Id, s.Name, s.ShortName, Codes.Code(s.Component), s.Area, s.SortOrder, s.GradingSystemId);

    public override SubjectInput ToInput(Subject s) => new()
    {
        Name = s.Name, ShortName = s.ShortName, Component = Codes.Code(s.Component), Area = s.Area, SortOrder = s.SortOrder,
        GradingSystemId = s.GradingSystemId,
    };

    protected override async Task<string?> InUseAsync(Subject s, CancellationToken ct)
    {
        var groups = await Db.TeachingGroups.CountAsync(g => g.SubjectId == s.Id, ct);
        if (groups > 0) return $"По предмету «{s.Name}» есть учебные группы ({groups}) с журналами. Удалите сначала группы или оставьте предмет.";
        if (await Db.CurriculumLines.AnyAsync(l => l.SubjectId == s.Id, ct))
            return $"Предмет «{s.Name}» входит в учебный план. Уберите его сначала из учебных планов.";
        if (await Db.ControlWorks.AnyAsync(w => w.SubjectId == s.Id, ct))
            return $"По предмету «{s.Name}» запланированы контрольные работы (ВШК).";
        return null;
    }

    public override (string File, string Sheet, string[] Headers, IEnumerable<IReadOnlyList<object?>> Rows) Export(IReadOnlyList<SubjectDto> items) =>
        ("Предметы.xlsx", "Предметы", ["Название", "Краткое название", "Часть учебного плана", "Предметная область", "Порядок"],
            items.Select(s =>
                (IReadOnlyList<object?>)[s.Name, s.ShortName, Codes.Components[Codes.Parse<SubjectComponent>(s.Component)!.Value], s.Area,
                    s.SortOrder]));
}
