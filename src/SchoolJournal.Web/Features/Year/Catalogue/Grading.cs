using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Infrastructure.Audit;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Catalogue;

public sealed class GradingSystemInput
{
    public string? Name { get; set; }
    /// <summary>«fivePoint», «tenPoint», «passFail» or «unmarked».</summary>
    public string? Kind { get; set; } = "fivePoint";
}

/// <summary><see cref="Allowed"/>: the values a mark may take in it, special marks included (MarkScale).</summary>
public sealed record GradingSystemDto(int Id, string Name, string Kind, IReadOnlyList<string> Allowed);

/// <summary>Системы оценивания (R-YEAR-15): the school names its scales; each is of one kind, which fixes its marks.</summary>
public sealed class GradingSystems(CatalogueContext c) : SetupResource<GradingSystem, GradingSystemInput, GradingSystemDto>(c)
{
    public override string Entity => "gradingSystem";
    protected override string NotFoundTitle => "Система оценивания не найдена";

    public override async Task<List<GradingSystemDto>> ListAsync(CancellationToken ct) =>
        [.. (await Db.GradingSystems.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct)).Select(ToDto)];

    protected override async Task<Problem?> ValidateAsync(GradingSystemInput input, GradingSystem? existing, CancellationToken ct)
    {
        if (Check.Required(input.Name, "Название системы оценивания", 100) is { } bad) return bad;
        if (Codes.Parse<GradingKind>(input.Kind) is not { } kind)
            return Check.Bad("Неизвестный вид системы оценивания", $"«{input.Kind}» — такого вида нет. {Codes.Allowed(Codes.GradingKinds)}");
        var name = input.Name!.Trim();
        if (await Db.GradingSystems.AnyAsync(s => s.Name == name && s.Id != (existing == null ? 0 : existing.Id), ct))
            return Check.Conflict("Такая система оценивания уже есть", $"Система оценивания «{name}» уже есть в справочнике школы.");
        if (existing is not null
            && existing.Kind != kind && await Db.Marks.AnyAsync(m => m.Lesson!.TeachingGroup!.GradingSystemId == existing.Id, ct))
            return Check.Conflict("Вид системы оценивания не меняется",
                $"По системе «{existing.Name}» уже выставлены отметки: смена вида сделала бы их недопустимыми. Создайте новую систему и назначьте " +
                    "её группам без отметок.");
        return null;
    }

    protected override GradingSystem New() => new() { Name = "" };

    protected override void Apply(GradingSystemInput input, GradingSystem row)
    {
        row.Name = input.Name!.Trim();
        row.Kind = Codes.Parse<GradingKind>(input.Kind)!.Value;
    }

    protected override object Snapshot(GradingSystem s) => new { s.Name, Kind = Codes.Code(s.Kind) };

    public override GradingSystemDto ToDto(GradingSystem s) => new(s.Id, s.Name, Codes.Code(s.Kind), MarkScale.Allowed(s.Kind));

    public override GradingSystemInput ToInput(GradingSystem s) => new() { Name = s.Name, Kind = Codes.Code(s.Kind) };

    protected override async Task<string?> InUseAsync(GradingSystem s, CancellationToken ct)
    {
        var groups = await Db.TeachingGroups.CountAsync(g => g.GradingSystemId == s.Id, ct);
        return groups > 0 ? $"По системе «{s.Name}» ведутся журналы учебных групп ({groups}). Назначьте группам другую систему." : null;
    }

    public override (string File, string Sheet, string[] Headers,
        IEnumerable<IReadOnlyList<object?>> Rows) Export(IReadOnlyList<GradingSystemDto> items) =>
        ("Системы оценивания.xlsx", "Системы оценивания", ["Название", "Вид", "Допустимые отметки"],
            items.Select(s =>
                (IReadOnlyList<object?>)[s.Name, Codes.GradingKinds[Codes.Parse<GradingKind>(s.Kind)!.Value], string.Join(", ", s.Allowed)]));
}

public sealed class WorkTypeInput
{
    public string? Name { get; set; }
    public string? ShortName { get; set; }
    public decimal Weight { get; set; } = 1m;
    public bool IsControl { get; set; }
    public int SortOrder { get; set; }
}

public sealed record WorkTypeDto(int Id, string Name, string ShortName, decimal Weight, bool IsControl, int SortOrder);

/// <summary>Виды работ (R-YEAR-15) with their weight in the weighted average (0.1–10).</summary>
public sealed class WorkTypes(CatalogueContext c) : SetupResource<WorkType, WorkTypeInput, WorkTypeDto>(c)
{
    public const decimal MinWeight = 0.1m;
    public const decimal MaxWeight = 10m;

    public override string Entity => "workType";
    protected override string NotFoundTitle => "Вид работы не найден";

    public override Task<List<WorkTypeDto>> ListAsync(CancellationToken ct) =>
        Db.WorkTypes.AsNoTracking().OrderBy(w => w.SortOrder).ThenBy(w => w.Id)
            .Select(w => new WorkTypeDto(w.Id, w.Name, w.ShortName, w.Weight, w.IsControl, w.SortOrder)).ToListAsync(ct);

    protected override async Task<Problem?> ValidateAsync(WorkTypeInput input, WorkType? existing, CancellationToken ct)
    {
        if (Check.First(Check.Required(input.Name, "Название вида работы", 100), Check.Required(input.ShortName, "Краткое название", 20)) is { } bad)
            return bad;
        if (input.Weight < MinWeight || input.Weight > MaxWeight || decimal.Round(input.Weight, 2) != input.Weight)
            return Check.Bad("Неверный вес", "Вес вида работы — число от 0,1 до 10 (не больше двух знаков после запятой).");
        var name = input.Name!.Trim();
        if (await Db.WorkTypes.AnyAsync(w => w.Name == name && w.Id != (existing == null ? 0 : existing.Id), ct))
            return Check.Conflict("Такой вид работы уже есть", $"Вид работы «{name}» уже есть в справочнике школы.");
        return null;
    }

    protected override WorkType New() => new() { Name = "", ShortName = "" };

    protected override void Apply(WorkTypeInput input, WorkType row)
    {
        row.Name = input.Name!.Trim();
        row.ShortName = input.ShortName!.Trim();
        row.Weight = input.Weight;
        row.IsControl = input.IsControl;
        row.SortOrder = input.SortOrder;
    }

    protected override object Snapshot(WorkType w) => ToDto(w);

    public override WorkTypeDto ToDto(WorkType w) => new(w.Id, w.Name, w.ShortName, w.Weight, w.IsControl, w.SortOrder);

    public override WorkTypeInput ToInput(WorkType w) =>
        new() { Name = w.Name, ShortName = w.ShortName, Weight = w.Weight, IsControl = w.IsControl, SortOrder = w.SortOrder };

    protected override async Task<string?> InUseAsync(WorkType w, CancellationToken ct)
    {
        var marks = await Db.Marks.CountAsync(m => m.WorkTypeId == w.Id, ct);
        return marks > 0 ? $"С видом работы «{w.Name}» выставлены отметки ({marks}): удалить его нельзя, можно переименовать." : null;
    }

    public override (string File, string Sheet, string[] Headers,
        IEnumerable<IReadOnlyList<object?>> Rows) Export(IReadOnlyList<WorkTypeDto> items) =>
        ("Виды работ.xlsx", "Виды работ", ["Название", "Краткое название", "Вес", "Контрольная", "Порядок"],
            items.Select(w => (IReadOnlyList<object?>)[w.Name, w.ShortName, w.Weight, w.IsControl, w.SortOrder]));
}

/// <summary>How a default grading system was applied: groups switched, groups that keep theirs because they have marks, and the rest.</summary>
public sealed record ApplyGradingDto(int GradingSystemId, string GradingSystem, int Changed, int KeptWithMarks, int AlreadySet, int SubjectOwnDefault,
    string Message);

/// <summary>
/// The button «применить к группам» (R-YEAR-15): the subject's (or class's) default system goes to the current year's groups of
/// that subject (class) that have no marks yet; a group with marks keeps its system, so no mark falls outside its scale.
/// A class's default does not override a subject that names its own.
/// </summary>
public sealed class ApplyDefaultGrading(CatalogueContext c)
{
    public async Task<Outcome<ApplyGradingDto>> ForSubjectAsync(int subjectId, CancellationToken ct)
    {
        if (!c.Access.CanManageYear) return GradingSystems.NotManager;
        var subject = await c.Db.Subjects.AsNoTracking()
            .Where(s => s.Id == subjectId).Select(s => new { s.Name, s.GradingSystemId }).FirstOrDefaultAsync(ct);
        if (subject is null) return Problem.NotFound("Предмет не найден");
        if (subject.GradingSystemId is not int systemId)
            return Check.Bad(
                "Не задана система оценивания",
                $"У предмета «{subject.Name}» не выбрана система оценивания по умолчанию: выберите её и сохраните предмет.");
        var year = await SchoolCalendar.CurrentYearIdAsync(c.Db, ct);
        return await ApplyAsync(systemId, c.Db.TeachingGroups.Where(g => g.AcademicYearId == year && g.SubjectId == subjectId),
            skipSubjectDefault: false, ct);
    }

    public async Task<Outcome<ApplyGradingDto>> ForClassAsync(int classId, CancellationToken ct)
    {
        if (!c.Access.CanManageYear) return GradingSystems.NotManager;
        var cls = await c.Db.SchoolClasses.AsNoTracking()
            .Where(s => s.Id == classId).Select(s => new { s.Grade, s.Letter, s.AcademicYearId, s.GradingSystemId }).FirstOrDefaultAsync(ct);
        if (cls is null) return Problem.NotFound("Класс не найден");
        if (cls.GradingSystemId is not int systemId)
            return Check.Bad(
                "Не задана система оценивания",
                $"У класса {cls.Grade}{cls.Letter} не выбрана система оценивания по умолчанию: выберите её и сохраните класс.");
        var groups = c.Db.TeachingGroups.Where(g => g.AcademicYearId == cls.AcademicYearId && g.Classes.Any(x => x.SchoolClassId == classId));
        return await ApplyAsync(systemId, groups, skipSubjectDefault: true, ct);
    }

    private async Task<Outcome<ApplyGradingDto>> ApplyAsync(int systemId, IQueryable<TeachingGroup> groups, bool skipSubjectDefault,
        CancellationToken ct)
    {
        var system = await c.Db.GradingSystems.AsNoTracking().Where(s => s.Id == systemId).Select(s => s.Name).FirstAsync(ct);
        var rows = await groups.Select(g => new
        {
            Group = g,
            HasMarks = c.Db.Marks.Any(m => m.Lesson!.TeachingGroupId == g.Id),
            SubjectDefault = g.Subject!.GradingSystemId,
        }).ToListAsync(ct);
        int changed = 0, kept = 0, already = 0, own = 0;
        var changes = new List<(int Id, int Before)>();
        foreach (var r in rows)
        {
            if (r.Group.GradingSystemId == systemId) already++;
            else if (skipSubjectDefault && r.SubjectDefault is not null) own++;
            else if (r.HasMarks) kept++;
            else
            {
                changes.Add((r.Group.Id, r.Group.GradingSystemId));
                r.Group.GradingSystemId = systemId;
                changed++;
            }
        }
        if (changes.Count > 0)
            await c.Audit.SaveAuditedAsync(c.Db, async () =>
            {
                foreach (var (id, before) in changes)
                    await c.Audit.RecordAsync(AuditEventType.SetupChanged, "group", id, new { GradingSystemId = before },
                        new { GradingSystemId = systemId }, ct: ct);
            }, ct);
        var message =
            $"Система «{system}»: назначена группам — {changed}; оставлена прежняя у групп с отметками — {kept}; уже была у групп — {already}"
            + (skipSubjectDefault ? $"; у групп предметов со своей системой — {own}." : ".");
        return Outcome<ApplyGradingDto>.Ok(new ApplyGradingDto(systemId, system, changed, kept, already, own, message));
    }
}
