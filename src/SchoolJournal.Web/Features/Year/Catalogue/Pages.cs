using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Year.Catalogue;

public sealed record Option(int Id, string Name);

/// <summary>/Year/Subjects: the subjects, and the button that gives a subject's default grading system to its groups.</summary>
public sealed class SubjectsModel(Subjects subjects, ApplyDefaultGrading apply, JournalDbContext db)
    : SetupPage<Subjects, Subject, SubjectInput, SubjectDto>(subjects)
{
    public IReadOnlyList<Option> GradingSystems { get; private set; } = [];

    protected override async Task LoadOptionsAsync(CancellationToken ct) =>
        GradingSystems = await db.GradingSystems.AsNoTracking().OrderBy(g => g.Id).Select(g => new Option(g.Id, g.Name)).ToListAsync(ct);

    public async Task<IActionResult> OnPostApplyGradingAsync(int subjectId, CancellationToken ct)
    {
        var outcome = await apply.ForSubjectAsync(subjectId, ct);
        return await AfterAsync(outcome.Problem, outcome.Value?.Message ?? "", ct);
    }
}

/// <summary>/Year/Rooms.</summary>
public sealed class RoomsModel(Rooms rooms) : SetupPage<Rooms, Room, RoomInput, RoomDto>(rooms);

/// <summary>/Year/Staff: positions are rows of the form; two empty rows add positions.</summary>
public sealed class StaffModel(StaffMembers staff) : SetupPage<StaffMembers, StaffMember, StaffInput, StaffDto>(staff)
{
    public const int EmptyPositionRows = 2;
}

/// <summary>/Year/Bells: the schedule's lessons are rows of the form, up to <see cref="BellRules.MaxLessons"/>.</summary>
public sealed class BellsModel(BellSchedules bells) : SetupPage<BellSchedules, BellSchedule, BellScheduleInput, BellScheduleDto>(bells);

/// <summary>/Year/Classes: classes of the current year, their regime, the class teacher from a date, the default grading system.</summary>
public sealed class ClassesModel(Classes classes, ApplyDefaultGrading apply, JournalDbContext db)
    : SetupPage<Classes, SchoolClass, ClassInput, ClassDto>(classes)
{
    public IReadOnlyList<Option> BellSchedules { get; private set; } = [];
    public IReadOnlyList<Option> Rooms { get; private set; } = [];
    public IReadOnlyList<Option> GradingSystems { get; private set; } = [];
    public IReadOnlyList<Option> Staff { get; private set; } = [];

    [BindProperty]
    public ClassTeacherInput Teacher { get; set; } = new();

    protected override async Task LoadOptionsAsync(CancellationToken ct)
    {
        BellSchedules = await db.BellSchedules.AsNoTracking()
            .OrderBy(b => b.Shift).ThenBy(b => b.Id).Select(b => new Option(b.Id, b.Name)).ToListAsync(ct);
        Rooms = await db.Rooms.AsNoTracking().OrderBy(r => r.Number).Select(r => new Option(r.Id, "№ " + r.Number)).ToListAsync(ct);
        GradingSystems = await db.GradingSystems.AsNoTracking().OrderBy(g => g.Id).Select(g => new Option(g.Id, g.Name)).ToListAsync(ct);
        Staff = [.. (await db.StaffMembers.AsNoTracking().Where(s => s.DismissedOn == null).OrderBy(s => s.LastName).ThenBy(s => s.FirstName)
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName }).ToListAsync(ct))
            .Select(s => new Option(s.Id, PersonName.Full(s.LastName, s.FirstName, s.MiddleName)))];
        Teacher.From ??= (await Resource.TodayAsync(ct)).ToString("yyyy-MM-dd");
    }

    public async Task<IActionResult> OnPostClassTeacherAsync(CancellationToken ct)
    {
        if (Id is not int id) return NotFound();
        if (await UnreadableAsync(ct) is { } refused) return refused;
        var outcome = await Resource.SetClassTeacherAsync(id, Teacher, ct);
        return await AfterAsync(outcome.Problem, "Классный руководитель назначен.", ct);
    }

    public async Task<IActionResult> OnPostApplyGradingAsync(int classId, CancellationToken ct)
    {
        Id = null;
        var outcome = await apply.ForClassAsync(classId, ct);
        return await AfterAsync(outcome.Problem, outcome.Value?.Message ?? "", ct);
    }
}

/// <summary>/Year/Grading: grading systems with the marks each allows, and the work types with their weights.</summary>
public sealed class GradingModel(GradingSystems systems, WorkTypes workTypes) : SetupPage<GradingSystems, GradingSystem, GradingSystemInput,
    GradingSystemDto>(systems)
{
    public IReadOnlyList<WorkTypeDto> WorkTypeItems { get; private set; } = [];

    [BindProperty]
    public WorkTypeInput WorkType { get; set; } = new();

    /// <summary>The work type being changed; null adds one.</summary>
    [BindProperty(SupportsGet = true)]
    public int? WorkTypeId { get; set; }

    protected override async Task LoadOptionsAsync(CancellationToken ct)
    {
        WorkTypeItems = await workTypes.ListAsync(ct);
        if (WorkTypeId is int id && Request.Method == HttpMethods.Get && await workTypes.FindAsync(id, ct) is { } row)
            WorkType = workTypes.ToInput(row);
    }

    public async Task<IActionResult> OnPostSaveWorkTypeAsync(CancellationToken ct)
    {
        Id = null;
        if (await UnreadableAsync(ct) is { } refused) return refused;
        var outcome = WorkTypeId is int id ? await workTypes.UpdateAsync(id, WorkType, ct) : await workTypes.CreateAsync(WorkType, ct);
        return await AfterAsync(outcome.Problem, WorkTypeId is null ? "Вид работы добавлен." : "Вид работы сохранён.", ct);
    }

    public async Task<IActionResult> OnPostDeleteWorkTypeAsync(int deleteId, CancellationToken ct)
    {
        Id = WorkTypeId = null;
        return await AfterAsync((await workTypes.DeleteAsync(deleteId, ct)).Problem, "Вид работы удалён.", ct);
    }

    public async Task<IActionResult> OnGetExportWorkTypesAsync(CancellationToken ct)
    {
        if (!workTypes.IsStaff) return Forbid();
        var (file, sheet, headers, rows) = workTypes.Export(await workTypes.ListAsync(ct));
        return File(Infrastructure.Xlsx.Write(sheet, headers, rows), Infrastructure.Xlsx.ContentType, file);
    }
}
