using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Year.Curricula;

/// <summary>
/// Curricula of the current year (R-YEAR-7): the reads and the writes the API and the pages share. Refusals come in
/// the API's order: 403 not allowed, 404 unknown, 400 bad input, 409 conflict; bad input writes nothing.
/// </summary>
public sealed class CurriculumBook(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit)
{
    public const int NameMax = 200;

    public sealed record LineInput(int SubjectId, decimal Hours, string? Part, bool Divided);

    public sealed record CurriculumInput(string? Name, int Grade, string? Profile, int? StudentId, List<LineInput>? Lines, int? CopyOf = null);

    public sealed record ClassesInput(List<int>? ClassIds);

    public sealed record LineDto(int SubjectId, string Subject, string? Area, decimal Hours, string Part, string PartName, bool Divided);

    public sealed record ClassRef(int Id, string Name, int DaysPerWeek, string Profile);

    public sealed record CurriculumDto(int Id, string Name, int Grade, string Profile, string ProfileName, int? StudentId, string? Student,
        decimal TotalHours, decimal FederalHours, decimal SchoolHours, int MaxHoursFiveDay, int MaxHoursSixDay,
        IReadOnlyList<LineDto> Lines, IReadOnlyList<ClassRef> Classes, IReadOnlyList<string> Warnings);

    public static readonly Problem NotAllowed = new(StatusCodes.Status403Forbidden, "Нет права менять учебные планы",
        "Учебные планы составляют заместитель директора, директор или администратор.");

    public static readonly Problem NotStaff = new(StatusCodes.Status403Forbidden, "Нет доступа к учебным планам",
        "Учебные планы и нагрузку видят сотрудники школы.");

    public static readonly Problem NotFound = Problem.NotFound("Учебный план не найден", "В текущем учебном году школы нет такого учебного плана.");

    public static readonly Problem YearClosed = new(StatusCodes.Status409Conflict, "Учебный год закрыт",
        "Текущий учебный год закрыт: его учебные планы и нагрузка не меняются.");

    public bool CanRead => access.IsStaff;

    // ---- reads ----

    public async Task<Outcome<List<CurriculumDto>>> ListAsync(CancellationToken ct)
    {
        if (!CanRead) return NotStaff;
        return Outcome<List<CurriculumDto>>.Ok(await ReadAsync(null, ct));
    }

    public async Task<Outcome<CurriculumDto>> GetAsync(int id, CancellationToken ct)
    {
        if (!CanRead) return NotStaff;
        var found = await ReadAsync(id, ct);
        return found.Count == 0 ? NotFound : Outcome<CurriculumDto>.Ok(found[0]);
    }

    private async Task<List<CurriculumDto>> ReadAsync(int? id, CancellationToken ct)
    {
        var year = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var plans = await db.Curricula.AsNoTracking()
            .Where(c => c.AcademicYearId == year && (id == null || c.Id == id))
            .Select(c => new
            {
                c.Id, c.Name, c.Grade, c.Profile, c.StudentId,
                Student = db.Students.Where(s => s.Id == c.StudentId).Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstOrDefault(),
                Lines = c.Lines.OrderBy(l => l.Part).ThenBy(l => l.Subject!.SortOrder).ThenBy(l => l.Subject!.Name)
                    .Select(l => new { l.SubjectId, l.Subject!.Name, l.Subject.Area, l.HoursPerWeek, l.Part, l.Divided }).ToList(),
                Classes = db.SchoolClasses.Where(k => k.CurriculumId == c.Id).OrderBy(k => k.Letter)
                    .Select(k => new { k.Id, k.Grade, k.Letter, k.DaysPerWeek, k.Profile }).ToList(),
            })
            .ToListAsync(ct);
        return [.. plans.OrderBy(p => p.Grade).ThenBy(p => p.StudentId != null).ThenBy(p => p.Profile).ThenBy(p => p.Name).Select(p =>
        {
            var total = p.Lines.Sum(l => l.HoursPerWeek);
            var lines = p.Lines.Select(l =>
                new LineDto(l.SubjectId, l.Name, l.Area, l.HoursPerWeek, WeeklyLoad.PartCode(l.Part), WeeklyLoad.PartName(l.Part), l.Divided))
                    .ToList();
            var classes = p.Classes.Select(k => new ClassRef(k.Id, $"{k.Grade}{k.Letter}", k.DaysPerWeek, WeeklyLoad.ProfileCode(k.Profile)))
                .ToList();
            return new CurriculumDto(p.Id, p.Name, p.Grade, WeeklyLoad.ProfileCode(p.Profile), WeeklyLoad.ProfileName(p.Profile), p.StudentId,
                p.Student is null ? null : PersonName.Full(p.Student.LastName, p.Student.FirstName, p.Student.MiddleName),
                total, p.Lines.Where(l => l.Part == SubjectComponent.Federal).Sum(l => l.HoursPerWeek),
                p.Lines.Where(l => l.Part == SubjectComponent.School).Sum(l => l.HoursPerWeek),
                WeeklyLoad.MaxHours(p.Grade, 5), WeeklyLoad.MaxHours(p.Grade, 6), lines, classes,
                WeeklyLoad.Warnings(p.Grade, total, classes.Select(k => k.DaysPerWeek)));
        })];
    }

    // ---- writes ----

    public async Task<Outcome<CurriculumDto>> CreateAsync(CurriculumInput input, CancellationToken ct)
    {
        if (await RefusedAsync(ct) is { } refused) return refused;
        var year = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var lines = input.Lines;
        if (input.CopyOf is int source)
        {
            var from = await db.Curricula.AsNoTracking().Where(c => c.Id == source && c.AcademicYearId == year)
                .Select(c => c.Lines.Select(l => new LineInput(l.SubjectId, l.HoursPerWeek, WeeklyLoad.PartCode(l.Part), l.Divided)).ToList())
                .FirstOrDefaultAsync(ct);
            if (from is null) return Problem.NotFound("Копируемый учебный план не найден");
            lines = input.Lines is { Count: > 0 } ? input.Lines : from;
        }
        var checkedInput = await ValidateAsync(input with { Lines = lines }, year, null, ct);
        if (checkedInput.Problem is { } problem) return problem;
        var (name, profile, parsed) = checkedInput.Value!;
        var plan = new Curriculum
        {
            SchoolId = user.SchoolId!.Value, AcademicYearId = year, Name = name, Grade = input.Grade, Profile = profile, StudentId = input.StudentId,
            Lines = parsed,
        };
        db.Curricula.Add(plan);
        await audit.SaveAuditedAsync(db,
            () => audit.RecordAsync(AuditEventType.SetupCreated, "curriculum", plan.Id, null, Snapshot(plan), ct: ct), ct);
        return (await GetAsync(plan.Id, ct));
    }

    public async Task<Outcome<CurriculumDto>> UpdateAsync(int id, CurriculumInput input, CancellationToken ct)
    {
        if (await RefusedAsync(ct) is { } refused) return refused;
        var year = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var plan = await db.Curricula.Include(c => c.Lines).FirstOrDefaultAsync(c => c.Id == id && c.AcademicYearId == year, ct);
        if (plan is null) return NotFound;
        var checkedInput = await ValidateAsync(input, year, id, ct);
        if (checkedInput.Problem is { } problem) return problem;
        var (name, profile, lines) = checkedInput.Value!;
        var classes = await db.SchoolClasses.Where(k => k.CurriculumId == id).Select(k => new { k.Grade, k.Letter, k.Profile }).ToListAsync(ct);
        var misfit = classes.Where(k => k.Grade != input.Grade || (k.Profile != StudyProfile.None && k.Profile != profile))
            .Select(k => $"{k.Grade}{k.Letter}").ToList();
        if (misfit.Count > 0)
            return new Problem(StatusCodes.Status409Conflict, "План назначен классам другой параллели или профиля",
                $"По этому плану учатся {string.Join(", ", misfit)}: сначала снимите их с плана или оставьте параллель и профиль.");
        if (input.StudentId is not null && classes.Count > 0)
            return new Problem(StatusCodes.Status409Conflict, "План назначен классам",
                "Индивидуальным план класса не сделать: сначала снимите классы с плана.");
        var before = Snapshot(plan);
        plan.Name = name;
        plan.Grade = input.Grade;
        plan.Profile = profile;
        plan.StudentId = input.StudentId;
        db.CurriculumLines.RemoveRange(plan.Lines);
        plan.Lines = lines;
        await audit.SaveAuditedAsync(db,
            () => audit.RecordAsync(AuditEventType.SetupChanged, "curriculum", plan.Id, before, Snapshot(plan), ct: ct), ct);
        return await GetAsync(plan.Id, ct);
    }

    public async Task<Problem?> DeleteAsync(int id, CancellationToken ct)
    {
        if (await RefusedAsync(ct) is { } refused) return refused;
        var year = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var plan = await db.Curricula.Include(c => c.Lines).FirstOrDefaultAsync(c => c.Id == id && c.AcademicYearId == year, ct);
        if (plan is null) return NotFound;
        var classes = await db.SchoolClasses.Where(k => k.CurriculumId == id).OrderBy(k => k.Grade).ThenBy(k => k.Letter)
            .Select(k => k.Grade.ToString() + k.Letter).ToListAsync(ct);
        if (classes.Count > 0)
            return new Problem(StatusCodes.Status409Conflict, "План назначен классам",
                $"По этому плану учатся {string.Join(", ", classes)}: сначала назначьте им другой план.");
        var before = Snapshot(plan);
        db.Curricula.Remove(plan);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SetupDeleted, "curriculum", id, before, null, ct: ct), ct);
        return null;
    }

    /// <summary>«Классы по этому плану»: exactly these classes learn by the plan; classes left out lose it.</summary>
    public async Task<Outcome<CurriculumDto>> AssignClassesAsync(int id, ClassesInput input, CancellationToken ct)
    {
        if (await RefusedAsync(ct) is { } refused) return refused;
        var year = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var plan = await db.Curricula.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.AcademicYearId == year, ct);
        if (plan is null) return NotFound;
        var ids = (input.ClassIds ?? []).Distinct().ToList();
        if (plan.StudentId is not null && ids.Count > 0)
            return Problem.BadRequest("Индивидуальный план не назначается классу",
                "Индивидуальный учебный план относится к одному обучающемуся, а не к классу.");
        var chosen = await db.SchoolClasses.Where(k => ids.Contains(k.Id) && k.AcademicYearId == year).ToListAsync(ct);
        if (chosen.Count != ids.Count)
            return Problem.BadRequest("Класс не найден", "Среди выбранных есть класс, которого нет в текущем учебном году школы.");
        var wrong = chosen.Where(k => k.Grade != plan.Grade).Select(k => k.Name).ToList();
        if (wrong.Count > 0)
            return Problem.BadRequest(
                "Класс другой параллели", $"План составлен для {plan.Grade} класса, а {string.Join(", ", wrong)} — другой параллели.");
        var otherProfile = chosen.Where(k => k.Profile != StudyProfile.None && k.Profile != plan.Profile).ToList();
        if (otherProfile.Count > 0)
            return Problem.BadRequest("Класс другого профиля",
                string.Join("; ", otherProfile.Select(k => $"{k.Name} — {WeeklyLoad.ProfileName(k.Profile)} профиль")) +
                $", а план — {(plan.Profile == StudyProfile.None ? "без профиля" : WeeklyLoad.ProfileName(plan.Profile) + " профиль")}.");
        var leaving = await db.SchoolClasses.Where(k => k.CurriculumId == id && !ids.Contains(k.Id)).ToListAsync(ct);
        var before = await ClassNamesAsync(id, ct);
        foreach (var k in leaving) k.CurriculumId = null;
        foreach (var k in chosen) k.CurriculumId = id;
        var after = chosen.OrderBy(k => k.Letter).Select(k => k.Name).ToList();
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SetupChanged, "curriculum", id,
            new { classes = before }, new { classes = after }, ct: ct), ct);
        return await GetAsync(id, ct);
    }

    private Task<List<string>> ClassNamesAsync(int id, CancellationToken ct) =>
        db.SchoolClasses.Where(k => k.CurriculumId == id).OrderBy(k => k.Letter).Select(k => k.Grade.ToString() + k.Letter).ToListAsync(ct);

    private async Task<Problem?> RefusedAsync(CancellationToken ct)
    {
        if (!access.CanManageYear) return NotAllowed;
        return await db.AcademicYears.AnyAsync(y => y.IsCurrent && y.IsClosed, ct) ? YearClosed : null;
    }

    private async Task<Outcome<(string Name, StudyProfile Profile, List<CurriculumLine> Lines)>> ValidateAsync(CurriculumInput input, int year,
        int? id, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) return Problem.BadRequest("Не указано название плана", "Назовите учебный план, например «Учебный план 5-х классов».");
        if (name.Length > NameMax) return Problem.TooLong("Название плана", NameMax);
        if (input.Grade is < 1 or > 11) return Problem.BadRequest("Неверная параллель", "Параллель — число от 1 до 11.");
        if (WeeklyLoad.ParseProfile(input.Profile) is not { } profile)
            return Problem.BadRequest("Неизвестный профиль",
                "Профиль: естественнонаучный, гуманитарный, социально-экономический, технологический или универсальный.");
        if (input.Grade >= 10 && profile == StudyProfile.None)
            return Problem.BadRequest("Не указан профиль",
                "Для 10–11 классов выберите профиль: естественнонаучный, гуманитарный, социально-экономический, технологический или универсальный.");
        if (input.Grade < 10 && profile != StudyProfile.None)
            return Problem.BadRequest("Профиль только для 10–11 классов",
                "Профильное обучение — в 10–11 классах; для 1–9 классов профиль не указывается.");
        if (await db.Curricula.AnyAsync(c => c.AcademicYearId == year && c.Name == name && c.Id != id, ct))
            return new Problem(StatusCodes.Status409Conflict,
                "Такой план уже есть", $"В этом учебном году уже есть план «{name}»: выберите другое название.");
        if (input.StudentId is int studentId)
        {
            if (!await db.Students.AnyAsync(s => s.Id == studentId, ct))
                return Problem.BadRequest("Обучающийся не найден", "Индивидуальный учебный план составляется для обучающегося этой школы.");
            var grades = await db.Enrolments.Where(e => e.StudentId == studentId && e.To == null && e.SchoolClass!.AcademicYearId == year)
                .Select(e => e.SchoolClass!.Grade).ToListAsync(ct);
            if (grades.Count > 0 && !grades.Contains(input.Grade))
                return Problem.BadRequest(
                    "Обучающийся другой параллели", $"Обучающийся учится в {grades[0]} классе, а план — для {input.Grade} класса.");
        }
        var lines = input.Lines ?? [];
        var result = new List<CurriculumLine>();
        var subjectIds = lines.Select(l => l.SubjectId).Distinct().ToList();
        var subjects = await db.Subjects.Where(s => subjectIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var seen = new HashSet<(int, SubjectComponent)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            var at = $"Строка {i + 1}";
            if (!subjects.TryGetValue(l.SubjectId, out var subject))
                return Problem.BadRequest("Предмет не найден", $"{at}: такого предмета нет в списке предметов школы.");
            if (!WeeklyLoad.IsValidLineHours(l.Hours))
                return Problem.BadRequest("Неверное число часов", $"{at} ({subject}): часов в неделю — больше 0 и не больше 10, с шагом 0,5.");
            if (WeeklyLoad.ParsePart(l.Part) is not { } part)
                return Problem.BadRequest(
                    "Неизвестная часть плана",
                    $"{at} ({subject}): часть — «federal» (обязательная часть) или «school» (часть, формируемая участниками).");
            if (!seen.Add((l.SubjectId, part)))
                return Problem.BadRequest("Предмет повторяется", $"{at}: «{subject}» уже есть в этой части плана — сложите часы в одну строку.");
            result.Add(new CurriculumLine { SubjectId = l.SubjectId, HoursPerWeek = l.Hours, Part = part, Divided = l.Divided });
        }
        return Outcome<(string, StudyProfile, List<CurriculumLine>)>.Ok((name, profile, result));
    }

    private static object Snapshot(Curriculum c) => new
    {
        c.Name, c.Grade, profile = WeeklyLoad.ProfileCode(c.Profile), c.StudentId,
        lines = c.Lines.Select(l => new { l.SubjectId, hours = l.HoursPerWeek, part = WeeklyLoad.PartCode(l.Part), l.Divided }).ToList(),
    };
}
