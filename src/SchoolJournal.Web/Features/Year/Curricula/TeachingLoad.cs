using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Year.Groups;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Year.Curricula;

/// <summary>
/// Распределение нагрузки (R-YEAR-9): teacher × group × hours of the current year, the sums per teacher against his
/// rate, and the warnings of <see cref="LoadCheck"/>. The load is not secret inside a school: every member of the staff
/// reads the whole table; those who manage the year write it. The journal follows the assignments (AccessService).
/// </summary>
public sealed class TeachingLoad(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit, SchoolCalendar calendar)
{
    /// <summary>Hours a week of one teacher's rate (ставка) of a school teacher.</summary>
    public const decimal HoursPerRate = 18m;
    public const decimal MaxHours = 40m;

    public sealed record AssignmentInput(int TeachingGroupId, int StaffMemberId, decimal HoursPerWeek, DateOnly? From = null, DateOnly? To = null,
        int? ReplacesId = null);

    public sealed record AssignmentChange(decimal HoursPerWeek, DateOnly? From, DateOnly? To);

    public sealed record RowDto(int Id, int TeacherId, string Teacher, int GroupId, string Group, int SubjectId, string Subject,
        string Kind, IReadOnlyList<string> Classes, decimal HoursPerWeek, DateOnly From, DateOnly? To, bool Active);

    public sealed record TeacherDto(int TeacherId, string Teacher, string? Position, decimal Rate, decimal Hours, decimal NormHours,
        decimal Difference);

    public sealed record LoadDto(DateOnly Date, IReadOnlyList<RowDto> Rows, IReadOnlyList<TeacherDto> Teachers,
        IReadOnlyList<LoadCheck.Warning> Warnings);

    public sealed record Choice(int Id, string Name);

    public static readonly Problem NotAllowed = new(StatusCodes.Status403Forbidden, "Нет права менять нагрузку",
        "Нагрузку распределяют заместитель директора, директор или администратор.");

    public static readonly Problem NotFound = Problem.NotFound("Назначение не найдено", "В нагрузке текущего учебного года нет такой строки.");

    private sealed record YearInfo(int Id, DateOnly Start, DateOnly End, bool IsClosed);

    private async Task<YearInfo?> YearAsync(CancellationToken ct) =>
        await db.AcademicYears.AsNoTracking().Where(y => y.IsCurrent).OrderByDescending(y => y.Start)
            .Select(y => new YearInfo(y.Id, y.Start, y.End, y.IsClosed)).FirstOrDefaultAsync(ct);

    /// <summary>The day the load is counted on: the given one, or today, kept inside the year (in August, its first day).</summary>
    private async Task<DateOnly> DayAsync(YearInfo year, DateOnly? date, CancellationToken ct)
    {
        var day = date ?? (await calendar.NowAsync(ct)).Today;
        return day < year.Start ? year.Start : day > year.End ? year.End : day;
    }

    // ---- the table ----

    public async Task<Outcome<LoadDto>> LoadAsync(DateOnly? date, CancellationToken ct)
    {
        if (!access.IsStaff) return CurriculumBook.NotStaff;
        var year = await YearAsync(ct);
        if (year is null) return Outcome<LoadDto>.Ok(new LoadDto(date ?? default, [], [], []));
        var day = await DayAsync(year, date, ct);

        var assignments = await db.TeachingAssignments.AsNoTracking()
            .Where(a => a.TeachingGroup!.AcademicYearId == year.Id)
            .Select(a => new
            {
                a.Id, a.StaffMemberId, a.StaffMember!.LastName, a.StaffMember.FirstName, a.StaffMember.MiddleName,
                a.TeachingGroupId, a.HoursPerWeek, a.From, a.To,
            })
            .ToListAsync(ct);
        var groups = await db.TeachingGroups.AsNoTracking().Where(g => g.AcademicYearId == year.Id)
            .Select(g => new
            {
                g.Id, g.Name, g.SubjectId, Subject = g.Subject!.Name, SubjectOrder = g.Subject.SortOrder, g.Kind,
                Classes = g.Classes.Select(c => new { c.SchoolClassId, c.SchoolClass!.Grade, c.SchoolClass.Letter }).ToList(),
            })
            .ToListAsync(ct);
        var teacherIds = assignments.Select(a => a.StaffMemberId).Distinct().ToList();
        var staff = await db.StaffMembers.AsNoTracking()
            .Where(s => teacherIds.Contains(s.Id) || (s.DismissedOn == null && s.Positions.Any(p => p.Kind == PositionKind.Teacher)))
            .Select(s => new
            {
                s.Id, s.LastName, s.FirstName, s.MiddleName,
                Positions = s.Positions.Where(p => p.Kind == PositionKind.Teacher).Select(p => new { p.Title, p.Rate }).ToList(),
            })
            .ToListAsync(ct);

        bool Active(DateOnly from, DateOnly? to) => from <= day && (to == null || to >= day);
        var groupById = groups.ToDictionary(g => g.Id);
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        var rows = assignments
            .Select(a =>
            {
                var g = groupById[a.TeachingGroupId];
                return new RowDto(a.Id, a.StaffMemberId, PersonName.Full(a.LastName, a.FirstName, a.MiddleName), g.Id, g.Name, g.SubjectId, g.Subject,
                    GroupRules.Kinds.CodeOf(g.Kind), [.. g.Classes.OrderBy(c => c.Grade).ThenBy(c => c.Letter).Select(c => $"{c.Grade}{c.Letter}")],
                    a.HoursPerWeek, a.From, a.To, Active(a.From, a.To));
            })
            .OrderBy(r => r.Teacher, ru)
            .ThenBy(r => r.TeacherId).ThenBy(r => groupById[r.GroupId].SubjectOrder).ThenBy(r => r.Group, ru).ThenBy(r => r.From)
            .ToList();
        var teachers = staff
            .Select(s =>
            {
                var rate = s.Positions.Sum(p => p.Rate);
                var hours = rows.Where(r => r.TeacherId == s.Id && r.Active).Sum(r => r.HoursPerWeek);
                var norm = rate * HoursPerRate;
                return new TeacherDto(s.Id, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), s.Positions.FirstOrDefault()?.Title, rate, hours,
                    norm, hours - norm);
            })
            .OrderBy(t => t.Teacher, ru).ThenBy(t => t.TeacherId)
            .ToList();

        var (classes, plans, individual, members) = await CheckInputAsync(year, day, ct);
        var warnings = LoadCheck.Check(classes, plans,
            groups.Select(g => new LoadCheck.Group(g.Id, g.Name, g.SubjectId, g.Subject, g.Kind, [.. g.Classes.Select(c => c.SchoolClassId)],
                assignments.Where(a => a.TeachingGroupId == g.Id && Active(a.From, a.To)).Sum(a => a.HoursPerWeek),
                assignments.Count(a => a.TeachingGroupId == g.Id && Active(a.From, a.To)),
                members.TryGetValue(g.Id, out var m) ? m : [])).ToList(),
            individual);
        return Outcome<LoadDto>.Ok(new LoadDto(day, rows, teachers, warnings));
    }

    /// <summary>The classes and curricula of the year, the students on individual curricula and the groups they belong to on
    /// <paramref name="day"/>.</summary>
    private async Task<(List<LoadCheck.ClassInfo>, List<LoadCheck.Plan>, List<LoadCheck.IndividualStudent>,
        Dictionary<int, List<int>>)> CheckInputAsync(
        YearInfo year, DateOnly day, CancellationToken ct)
    {
        var classes = await db.SchoolClasses.AsNoTracking().Where(c => c.AcademicYearId == year.Id)
            .OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .Select(c => new { c.Id, c.Grade, c.Letter, c.CurriculumId }).ToListAsync(ct);
        var plans = await db.Curricula.AsNoTracking().Where(c => c.AcademicYearId == year.Id)
            .Select(c => new
            {
                c.Id, c.Name, c.StudentId,
                Lines = c.Lines.Select(l => new { l.SubjectId, l.Subject!.Name, SortOrder = l.Subject.SortOrder, l.HoursPerWeek, l.Divided })
                    .ToList(),
            })
            .ToListAsync(ct);
        var planStudents = plans.Where(p => p.StudentId != null).Select(p => p.StudentId!.Value).ToList();
        var individual = await db.Enrolments.AsNoTracking()
            .Where(e => planStudents.Contains(e.StudentId)
                && e.SchoolClass!.AcademicYearId == year.Id && e.From <= day && (e.To == null || e.To >= day))
            .Select(e => new { e.StudentId, e.SchoolClassId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName })
            .ToListAsync(ct);
        var members = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.TeachingGroup!.AcademicYearId == year.Id && m.From <= day && (m.To == null || m.To >= day)
                && (planStudents.Contains(m.StudentId) || m.TeachingGroup.Kind == GroupKind.Individual))
            .Select(m => new { m.TeachingGroupId, m.StudentId })
            .ToListAsync(ct);
        return (
            [.. classes.Select(c => new LoadCheck.ClassInfo(c.Id, $"{c.Grade}{c.Letter}", c.CurriculumId))],
            [.. plans.Select(p => new LoadCheck.Plan(p.Id, p.Name, p.StudentId,
                [.. p.Lines.OrderBy(l => l.SortOrder)
                    .ThenBy(l => l.Name).Select(l => new LoadCheck.Line(l.SubjectId, l.Name, l.HoursPerWeek, l.Divided))]))],
            [.. individual.Select(e =>
                new LoadCheck.IndividualStudent(e.StudentId, PersonName.Short(e.LastName, e.FirstName, e.MiddleName), e.SchoolClassId,
                plans.First(p => p.StudentId == e.StudentId).Id))],
            members.GroupBy(m => m.TeachingGroupId).ToDictionary(g => g.Key, g => g.Select(m => m.StudentId).ToList()));
    }

    /// <summary>Teachers and groups of the current year for the page's forms.</summary>
    public async Task<(List<Choice> Teachers, List<Choice> Groups)> ChoicesAsync(CancellationToken ct)
    {
        var year = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var staff = await db.StaffMembers.AsNoTracking().Where(s => s.DismissedOn == null)
            .OrderBy(s => s.LastName).ThenBy(s => s.FirstName)
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName }).ToListAsync(ct);
        var groups = await db.TeachingGroups.AsNoTracking().Where(g => g.AcademicYearId == year)
            .OrderBy(g => g.Subject!.SortOrder).ThenBy(g => g.Name)
            .Select(g => new Choice(g.Id, g.Name)).ToListAsync(ct);
        return ([.. staff.Select(s => new Choice(s.Id, PersonName.Full(s.LastName, s.FirstName, s.MiddleName)))], groups);
    }

    // ---- writes ----

    public async Task<Outcome<RowDto>> CreateAsync(AssignmentInput input, CancellationToken ct)
    {
        if (!access.CanManageYear) return NotAllowed;
        var year = await YearAsync(ct);
        if (year is null) return Problem.BadRequest("Нет текущего учебного года", "Сначала создайте учебный год.");
        if (year.IsClosed) return CurriculumBook.YearClosed;
        if (!await db.TeachingGroups.AnyAsync(g => g.Id == input.TeachingGroupId && g.AcademicYearId == year.Id, ct))
            return Problem.BadRequest("Группа не найдена", "Выберите учебную группу текущего учебного года.");
        var teacher = await db.StaffMembers.AsNoTracking()
            .Where(s => s.Id == input.StaffMemberId).Select(s => new { s.DismissedOn }).FirstOrDefaultAsync(ct);
        if (teacher is null) return Problem.BadRequest("Сотрудник не найден", "Выберите учителя из сотрудников школы.");
        var from = input.From ?? year.Start;
        if (Invalid(input.HoursPerWeek, from, input.To, year) is { } bad) return bad;
        if (teacher.DismissedOn is DateOnly gone && gone < from)
            return Problem.BadRequest("Сотрудник уволен", $"Сотрудник уволен {gone:dd.MM.yyyy}: нагрузку ему не назначить.");

        TeachingAssignment? replaced = null;
        if (input.ReplacesId is int replacesId)
        {
            replaced = await db.TeachingAssignments.FirstOrDefaultAsync(a => a.Id == replacesId, ct);
            if (replaced is null || replaced.TeachingGroupId != input.TeachingGroupId)
                return Problem.BadRequest("Заменяемое назначение не найдено", "Передать можно только назначение этой же группы.");
            if (replaced.From >= from || (replaced.To is DateOnly end && end < from.AddDays(-1)))
                return Problem.BadRequest("Неверная дата передачи",
                    $"Прежний учитель ведёт группу с {replaced.From:dd.MM.yyyy}{(replaced.To is DateOnly t ? $" по {t:dd.MM.yyyy}" : "")}: новый " +
                        "начинает после его первого дня и не позже следующего дня после последнего.");
            if (replaced.StaffMemberId == input.StaffMemberId)
                return Problem.BadRequest("Тот же учитель", "Группа передаётся другому учителю; чтобы поменять часы, измените назначение.");
        }
        if (await OverlapsAsync(input.TeachingGroupId, input.StaffMemberId, from, input.To, null, ct))
            return Overlap;

        var before = replaced is null ? null : Snapshot(replaced);
        if (replaced is not null) replaced.To = from.AddDays(-1);
        var row = new TeachingAssignment
        {
            SchoolId = user.SchoolId!.Value, TeachingGroupId = input.TeachingGroupId, StaffMemberId = input.StaffMemberId,
            HoursPerWeek = input.HoursPerWeek, From = from, To = input.To,
        };
        db.TeachingAssignments.Add(row);
        await audit.SaveAuditedAsync(db, async () =>
        {
            if (replaced is not null)
                await audit.RecordAsync(AuditEventType.SetupChanged, "teachingAssignment", replaced.Id, before,
                    Snapshot(replaced), $"передано с {from:dd.MM.yyyy}", ct: ct);
            await audit.RecordAsync(AuditEventType.SetupCreated, "teachingAssignment", row.Id, null, Snapshot(row), ct: ct);
        }, ct);
        return await RowAsync(row.Id, ct);
    }

    /// <summary>A row of the current year's load that the user may change, or why not.</summary>
    private async Task<(YearInfo? Year, TeachingAssignment? Row, Problem? Refused)> EditableAsync(int id, CancellationToken ct)
    {
        if (!access.CanManageYear) return (null, null, NotAllowed);
        var year = await YearAsync(ct);
        var row = year is null ? null
            : await db.TeachingAssignments.FirstOrDefaultAsync(a => a.Id == id && a.TeachingGroup!.AcademicYearId == year.Id, ct);
        if (row is null) return (null, null, NotFound);
        return year!.IsClosed ? (null, null, CurriculumBook.YearClosed) : (year, row, null);
    }

    public async Task<Outcome<RowDto>> UpdateAsync(int id, AssignmentChange input, CancellationToken ct)
    {
        var editable = await EditableAsync(id, ct);
        if (editable is not ({ } year, { } row, _)) return editable.Refused!;
        var from = input.From ?? row.From;
        if (Invalid(input.HoursPerWeek, from, input.To, year) is { } bad) return bad;
        if (await OverlapsAsync(row.TeachingGroupId, row.StaffMemberId, from, input.To, id, ct)) return Overlap;
        var before = Snapshot(row);
        (row.HoursPerWeek, row.From, row.To) = (input.HoursPerWeek, from, input.To);
        await audit.SaveAuditedAsync(db,
            () => audit.RecordAsync(AuditEventType.SetupChanged, "teachingAssignment", id, before, Snapshot(row), ct: ct), ct);
        return await RowAsync(id, ct);
    }

    public async Task<Problem?> DeleteAsync(int id, CancellationToken ct)
    {
        var editable = await EditableAsync(id, ct);
        if (editable is not (_, { } row, _)) return editable.Refused;
        var before = Snapshot(row);
        db.TeachingAssignments.Remove(row);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SetupDeleted, "teachingAssignment", id, before, null, ct: ct), ct);
        return null;
    }

    private static readonly Problem Overlap = new(StatusCodes.Status409Conflict, "Учитель уже ведёт эту группу",
        "У этого учителя уже есть назначение в этой группе на эти даты: измените его вместо нового.");

    private static Problem? Invalid(decimal hours, DateOnly from, DateOnly? to, YearInfo year)
    {
        if (hours < 0.5m || hours > MaxHours || hours * 2 != decimal.Truncate(hours * 2))
            return Problem.BadRequest("Неверное число часов", "Часов в неделю — от 0,5 до 40, с шагом 0,5.");
        if (from < year.Start || from > year.End || (to is DateOnly t && (t < from || t > year.End)))
            return Problem.BadRequest("Неверные даты",
                $"Даты назначения — внутри учебного года ({year.Start:dd.MM.yyyy}–{year.End:dd.MM.yyyy}), окончание не раньше начала.");
        return null;
    }

    private Task<bool> OverlapsAsync(int groupId, int staffId, DateOnly from, DateOnly? to, int? except, CancellationToken ct) =>
        db.TeachingAssignments.AnyAsync(a => a.TeachingGroupId == groupId && a.StaffMemberId == staffId && a.Id != except
            && (a.To == null || a.To >= from) && (to == null || a.From <= to), ct);

    private async Task<Outcome<RowDto>> RowAsync(int id, CancellationToken ct)
    {
        var load = await LoadAsync(null, ct);
        return load.Value?.Rows.FirstOrDefault(r => r.Id == id) is { } row ? Outcome<RowDto>.Ok(row) : NotFound;
    }

    private static object Snapshot(TeachingAssignment a) => new
    {
        groupId = a.TeachingGroupId, staffMemberId = a.StaffMemberId, hours = a.HoursPerWeek, from = a.From, to = a.To,
    };

    public static string KindName(string code) => code switch
    {
        "wholeClass" => "класс",
        "subGroup" => "подгруппа",
        "stream" => "поток",
        "individual" => "ИУП",
        _ => "внеурочная",
    };
}
