using SchoolJournal.Web.Infrastructure.Audit;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Catalogue;

public sealed class ClassInput
{
    public int Grade { get; set; }
    public string? Letter { get; set; }
    /// <summary>«none», «science», «humanities», «socioEconomic», «technological», «universal»: only 10–11 have one.</summary>
    public string? Profile { get; set; } = "none";
    public int Shift { get; set; } = 1;
    public int DaysPerWeek { get; set; } = 5;
    public int? BellScheduleId { get; set; }
    public int? RoomId { get; set; }
    public int? GradingSystemId { get; set; }
}

public sealed record ClassTeacherDto(int StaffMemberId, string Name, DateOnly From);

/// <summary>A class of the current year with its regime, its class teacher today and its students today.</summary>
public sealed record ClassDto(int Id, string Name, int Grade, string Letter, string Profile, int Shift, int DaysPerWeek,
    int? BellScheduleId, string? BellSchedule, int? RoomId, string? Room, int? GradingSystemId, string? GradingSystem,
    ClassTeacherDto? ClassTeacher, int Students);

public sealed class ClassTeacherInput
{
    /// <summary>Null ends the current class teacher's link without a successor.</summary>
    public int? StaffMemberId { get; set; }
    public string? From { get; set; }
}

/// <summary>Классы-комплекты (R-YEAR-5) of the current year and their work regime (R-YEAR-8); grade and letter are unique in a year.</summary>
public sealed class Classes(CatalogueContext c) : SetupResource<SchoolClass, ClassInput, ClassDto>(c)
{
    public const int MaxLetter = 10;

    public override string Entity => "class";
    protected override string NotFoundTitle => "Класс не найден";

    protected override IQueryable<SchoolClass> Rows => Db.SchoolClasses.Include(s => s.ClassTeachers);

    /// <summary>The list is the school's structure with head counts: the staff's.</summary>
    public override bool CanRead => Access.IsStaff;

    public async Task<DateOnly> TodayAsync(CancellationToken ct) => await SchoolCalendar.TodayAsync(Db, User.SchoolId, Time, ct);

    public override async Task<List<ClassDto>> ListAsync(CancellationToken ct)
    {
        var year = await SchoolCalendar.CurrentYearIdAsync(Db, ct);
        return await QueryAsync(Db.SchoolClasses.Where(s => s.AcademicYearId == year), ct);
    }

    /// <summary>One round trip: the regime's names, the class teacher on today's date, the students enrolled today.</summary>
    private async Task<List<ClassDto>> QueryAsync(IQueryable<SchoolClass> classes, CancellationToken ct)
    {
        var today = await TodayAsync(ct);
        var rows = await classes.AsNoTracking().OrderBy(s => s.Grade).ThenBy(s => s.Letter)
            .Select(s => new
            {
                Class = s,
                Bells = Db.BellSchedules.Where(b => b.Id == s.BellScheduleId).Select(b => b.Name).FirstOrDefault(),
                Room = Db.Rooms.Where(r => r.Id == s.RoomId).Select(r => r.Number).FirstOrDefault(),
                Grading = Db.GradingSystems.Where(g => g.Id == s.GradingSystemId).Select(g => g.Name).FirstOrDefault(),
                Teacher = s.ClassTeachers.Where(t => t.From <= today && (t.To == null || t.To >= today)).OrderBy(t => t.Id)
                    .Select(t => new { t.StaffMemberId, t.StaffMember!.LastName, t.StaffMember.FirstName, t.StaffMember.MiddleName, t.From })
                    .FirstOrDefault(),
                Students = Db.Enrolments.Count(e => e.SchoolClassId == s.Id && e.From <= today && (e.To == null || e.To >= today)),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new ClassDto(r.Class.Id, r.Class.Name, r.Class.Grade, r.Class.Letter, Codes.Code(r.Class.Profile), r.Class.Shift,
            r.Class.DaysPerWeek, r.Class.BellScheduleId, r.Bells, r.Class.RoomId, r.Room, r.Class.GradingSystemId, r.Grading,
            r.Teacher is { } t ? new ClassTeacherDto(t.StaffMemberId, PersonName.Short(t.LastName, t.FirstName, t.MiddleName), t.From) : null,
            r.Students))];
    }

    protected override async Task<ClassDto> ResultAsync(SchoolClass row, CancellationToken ct) =>
        (await QueryAsync(Db.SchoolClasses.Where(s => s.Id == row.Id), ct)).Single();

    protected override async Task BeforeCreateAsync(SchoolClass row, CancellationToken ct) =>
        row.AcademicYearId = await SchoolCalendar.CurrentYearIdAsync(Db, ct);

    protected override async Task<Problem?> ValidateAsync(ClassInput input, SchoolClass? existing, CancellationToken ct)
    {
        var year = existing?.AcademicYearId ?? await SchoolCalendar.CurrentYearIdAsync(Db, ct);
        if (year == 0) return Check.Conflict("Нет текущего учебного года", "Сначала создайте учебный год: классы относятся к году.");
        if (await Db.AcademicYears.AnyAsync(y => y.Id == year && y.IsClosed, ct))
            return Check.Conflict("Учебный год закрыт", "Классы закрытого учебного года не меняются.");
        if (input.Grade is < 1 or > 11) return Check.Bad("Неверная параллель", "Параллель класса — число от 1 до 11.");
        if (Check.Required(input.Letter, "Буква класса", MaxLetter) is { } bad) return bad;
        if (Codes.Parse<StudyProfile>(input.Profile) is not { } profile)
            return Check.Bad("Неизвестный профиль", $"«{input.Profile}» — такого профиля нет. {Codes.Allowed(Codes.Profiles)}");
        if (profile != StudyProfile.None && input.Grade < 10)
            return Check.Bad("Профиль только в 10–11 классах", "Профиль обучения выбирают только 10 и 11 классы (среднее общее образование).");
        if (input.Shift is not (1 or 2)) return Check.Bad("Неверная смена", "Смена — 1 или 2.");
        if (input.DaysPerWeek is not (5 or 6)) return Check.Bad("Неверная учебная неделя", "Учебная неделя — 5 или 6 дней.");
        if (input.BellScheduleId is int b && !await Db.BellSchedules.AnyAsync(x => x.Id == b, ct))
            return Check.Bad("Нет такого расписания звонков", "Выберите расписание звонков из справочника школы.");
        if (input.RoomId is int r && !await Db.Rooms.AnyAsync(x => x.Id == r, ct))
            return Check.Bad("Нет такого кабинета", "Выберите кабинет из справочника школы.");
        if (input.GradingSystemId is int g && !await Db.GradingSystems.AnyAsync(x => x.Id == g, ct))
            return Check.Bad("Нет такой системы оценивания", "Выберите систему оценивания из справочника школы.");
        var letter = Letter(input.Letter);
        if (await Db.SchoolClasses.AnyAsync(s => s.AcademicYearId == year && s.Grade == input.Grade && s.Letter == letter
                && s.Id != (existing == null ? 0 : existing.Id), ct))
            return Check.Conflict("Такой класс уже есть", $"Класс {input.Grade}{letter} в этом учебном году уже есть.");
        return null;
    }

    /// <summary>Letters are upper case: «а» and «А» are one class.</summary>
    private static string Letter(string? text) => text!.Trim().ToUpperInvariant();

    protected override SchoolClass New() => new() { Letter = "" };

    protected override void Apply(ClassInput input, SchoolClass row)
    {
        row.Grade = input.Grade;
        row.Letter = Letter(input.Letter);
        row.Profile = Codes.Parse<StudyProfile>(input.Profile)!.Value;
        row.Shift = input.Shift;
        row.DaysPerWeek = input.DaysPerWeek;
        row.BellScheduleId = input.BellScheduleId;
        row.RoomId = input.RoomId;
        row.GradingSystemId = input.GradingSystemId;
    }

    protected override object Snapshot(SchoolClass s) => new
    {
        Name = s.Name, s.Grade, s.Letter, Profile = Codes.Code(s.Profile), s.Shift, s.DaysPerWeek, s.BellScheduleId, s.RoomId, s.GradingSystemId,
        ClassTeachers = s.ClassTeachers.OrderBy(t => t.From).Select(t => new { t.StaffMemberId, t.From, t.To }).ToList(),
    };

    public override ClassDto ToDto(SchoolClass s) => new(s.Id, s.Name, s.Grade, s.Letter, Codes.Code(s.Profile), s.Shift, s.DaysPerWeek,
        s.BellScheduleId, null, s.RoomId, null, s.GradingSystemId, null, null, 0);

    public override ClassInput ToInput(SchoolClass s) => new()
    {
        Grade = s.Grade, Letter = s.Letter, Profile = Codes.Code(s.Profile), Shift = s.Shift, DaysPerWeek = s.DaysPerWeek,
        BellScheduleId = s.BellScheduleId, RoomId = s.RoomId, GradingSystemId = s.GradingSystemId,
    };

    protected override async Task<string?> InUseAsync(SchoolClass s, CancellationToken ct)
    {
        var why = new List<string>();
        var students = await Db.Enrolments.Where(e => e.SchoolClassId == s.Id).Select(e => e.StudentId).Distinct().CountAsync(ct);
        if (students > 0) why.Add($"в нём учились или учатся ученики ({students})");
        var groups = await Db.GroupClasses.CountAsync(g => g.SchoolClassId == s.Id, ct);
        if (groups > 0) why.Add($"у него есть учебные группы ({groups})");
        if (await Db.Lessons.AnyAsync(l => Db.GroupClasses.Any(g => g.SchoolClassId == s.Id && g.TeachingGroupId == l.TeachingGroupId), ct))
            why.Add("у него есть уроки");
        if (await Db.ControlWorks.AnyAsync(w => w.SchoolClassId == s.Id, ct)) why.Add("для него запланированы контрольные работы");
        if (await Db.DailyAbsences.AnyAsync(a => a.SchoolClassId == s.Id, ct)) why.Add("в нём отмечались пропуски");
        return why.Count == 0 ? null : $"Класс {s.Name} удалить нельзя: {string.Join(", ", why)}.";
    }

    /// <summary>
    /// Назначение классного руководителя с даты: the old link ends the day before (<see cref="ClassTeacherRule"/>). A teacher
    /// leads one class at a time (and may teach any number of others); a dismissed member cannot be appointed.
    /// </summary>
    public async Task<Outcome<ClassDto>> SetClassTeacherAsync(int classId, ClassTeacherInput input, CancellationToken ct)
    {
        if (!CanWrite) return NotManager;
        var cls = await FindAsync(classId, ct);
        if (cls is null) return Problem.NotFound(NotFoundTitle);
        if (!Check.TryDate(input.From, out var parsed) || parsed is not { } from)
            return string.IsNullOrWhiteSpace(input.From)
                ? Check.Bad("Не указана дата", "Укажите, с какой даты сотрудник — классный руководитель.")
                : Check.BadDate("дата назначения", input.From);
        if (input.StaffMemberId is int staffId)
        {
            var staff = await Db.StaffMembers.AsNoTracking()
                .Where(s => s.Id == staffId).Select(s => new { s.LastName, s.FirstName, s.MiddleName, s.DismissedOn }).FirstOrDefaultAsync(ct);
            if (staff is null) return Check.Bad("Нет такого сотрудника", "Выберите сотрудника школы из списка.");
            if (staff.DismissedOn is { } gone && gone < from)
                return Check.Bad(
                    "Сотрудник уволен",
                    $"{PersonName.Short(staff.LastName, staff.FirstName, staff.MiddleName)} уволен(а) {gone:dd.MM.yyyy} и не может быть классным " +
                        "руководителем.");
            var other = await Db.ClassTeachers.AsNoTracking()
                .Where(t => t.StaffMemberId == staffId && t.SchoolClassId != classId && (t.To == null || t.To >= from)
                    && Db.SchoolClasses.Any(s => s.Id == t.SchoolClassId && s.AcademicYearId == cls.AcademicYearId))
                .Select(t => new { t.SchoolClass!.Grade, t.SchoolClass.Letter }).FirstOrDefaultAsync(ct);
            if (other is not null)
                return Check.Conflict("Сотрудник уже классный руководитель",
                    $"{PersonName.Short(staff.LastName, staff.FirstName, staff.MiddleName)} — классный руководитель {other.Grade}{other.Letter}. " +
                        "Сначала назначьте тому классу другого руководителя.");
        }
        var plan = ClassTeacherRule.Replace(
            [.. cls.ClassTeachers.Select(t => new ClassTeacherRule.Link(t.Id, t.StaffMemberId, t.From, t.To))], input.StaffMemberId, from);
        if (plan.Error is { } error) return Check.Bad("Неверная дата назначения", error);
        if (plan.Unchanged) return Outcome<ClassDto>.Ok(await ResultAsync(cls, ct));
        var before = Snapshot(cls);
        if (plan.End is { } end) cls.ClassTeachers.Single(t => t.Id == end.Id).To = plan.EndOn;
        if (plan.Remove is { } remove) Db.ClassTeachers.Remove(cls.ClassTeachers.Single(t => t.Id == remove.Id));
        if (plan.Add) cls.ClassTeachers.Add(new ClassTeacher { SchoolId = cls.SchoolId, StaffMemberId = input.StaffMemberId!.Value, From = from });
        await Audit.SaveAuditedAsync(Db,
            async () => await Audit.RecordAsync(AuditEventType.SetupChanged, "classTeacher", classId, before, Snapshot(cls), ct: ct), ct);
        return Outcome<ClassDto>.Ok(await ResultAsync(cls, ct));
    }

    public override (string File, string Sheet, string[] Headers, IEnumerable<IReadOnlyList<object?>> Rows) Export(IReadOnlyList<ClassDto> items) =>
        ("Классы.xlsx", "Классы",
            ["Класс", "Профиль", "Классный руководитель", "Учеников", "Смена", "Дней в неделю", "Звонки", "Кабинет", "Система оценивания"],
            items.Select(s =>
                (IReadOnlyList<object?>)[s.Name, Codes.Profiles[Codes.Parse<StudyProfile>(s.Profile)!.Value], s.ClassTeacher?.Name, s.Students,
                s.Shift, s.DaysPerWeek, s.BellSchedule, s.Room, s.GradingSystem]));
}
