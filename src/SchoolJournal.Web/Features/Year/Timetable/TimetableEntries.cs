using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Year.Timetable;

/// <summary>
/// The timetable's reads and writes, shared by the page and the API: entries of the current year, the clash check
/// a new or changed entry goes through before it is saved, saving with the version check, deleting, generating lessons.
/// </summary>
public sealed class TimetableEntries(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit, LessonGenerator generator,
    Plans.SavePlan plans)
{
    public sealed record Input(int GroupId, int Day, int Number, int? TeacherId, int? RoomId, string? Parity, string? Activity,
        DateOnly? ValidFrom, DateOnly? ValidTo, int? Version);

    public sealed record EntryDto(int Id, int GroupId, string Group, string Subject, IReadOnlyList<int> ClassIds, string Classes, int Day, int Number,
        int TeacherId, string Teacher, int? RoomId, string? Room, string Parity, string Activity, DateOnly ValidFrom, DateOnly ValidTo, int Version);

    public sealed record ClashDto(string Kind, int? EntryId, string Message);

    /// <summary>An answer: a value, or a problem (status, Russian title and detail) with the clashes that caused it.</summary>
    public sealed record Outcome<T>(T? Value, int Status = 200, string? Title = null, string? Detail = null, IReadOnlyList<ClashDto>? Clashes = null)
    {
        public bool Ok => Title is null;
    }

    public static readonly string[] Parities = ["every", "odd", "even"];
    public static readonly string[] Activities = ["main", "extracurricular", "additional"];

    public static string ParityName(WeekParity p) => p switch { WeekParity.Odd => "odd", WeekParity.Even => "even", _ => "every" };
    public static string ActivityName(ActivityKind a) =>
        a switch { ActivityKind.Extracurricular => "extracurricular", ActivityKind.Additional => "additional", _ => "main" };
    public static string ParityTitle(WeekParity p) =>
        p switch { WeekParity.Odd => "нечётные недели", WeekParity.Even => "чётные недели", _ => "каждую неделю" };
    public static string ActivityTitle(ActivityKind a) =>
        a switch { ActivityKind.Extracurricular => "внеурочная", ActivityKind.Additional => "дополнительное образование", _ => "урочная" };

    public static readonly string[] DayNames = ["", "Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"];
    private static readonly string[] DayOn = ["", "в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу", "в воскресенье"];

    public Task<AcademicYear?> CurrentYearAsync(CancellationToken ct) => db.AcademicYears.AsNoTracking().FirstOrDefaultAsync(y => y.IsCurrent, ct);

    /// <summary>Staff read the whole timetable; a student or a parent his (his children's) classes only.</summary>
    public bool ReadsEverything => access.IsStaff;

    public async Task<List<int>> OwnClassIdsAsync(CancellationToken ct) =>
        await (await access.VisibleClassesAsync(ct)).Select(c => c.Id).ToListAsync(ct);

    // ---- read ----

    public async Task<List<EntryDto>> ListAsync(int yearId, int? classId, int? teacherId, int? roomId, DateOnly? on, CancellationToken ct)
    {
        var q = db.TimetableEntries.AsNoTracking().Where(e => e.AcademicYearId == yearId);
        if (classId is { } c) q = q.Where(e => e.TeachingGroup!.Classes.Any(x => x.SchoolClassId == c));
        if (teacherId is { } t) q = q.Where(e => e.StaffMemberId == t);
        if (roomId is { } r) q = q.Where(e => e.RoomId == r);
        if (on is { } d) q = q.Where(e => e.ValidFrom <= d && e.ValidTo >= d);
        var rows = await q.OrderBy(e => e.DayOfWeek).ThenBy(e => e.LessonNumber).ThenBy(e => e.Id)
            .Select(e => new
            {
                e.Id, e.TeachingGroupId, Group = e.TeachingGroup!.Name, Subject = e.TeachingGroup.Subject!.Name,
                Classes = e.TeachingGroup.Classes.Select(x => new { x.SchoolClassId, x.SchoolClass!.Grade, x.SchoolClass.Letter }).ToList(),
                e.DayOfWeek, e.LessonNumber, e.StaffMemberId, e.RoomId, e.Parity, e.Activity, e.ValidFrom, e.ValidTo, e.Version,
            }).ToListAsync(ct);
        var staffIds = rows.Select(r => r.StaffMemberId).Distinct().ToList();
        var staff = await db.StaffMembers.AsNoTracking().Where(s => staffIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName })
            .ToDictionaryAsync(s => s.Id, s => PersonName.Short(s.LastName, s.FirstName, s.MiddleName), ct);
        var rooms = await db.Rooms.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Number, ct);
        return [.. rows.Select(r => new EntryDto(r.Id, r.TeachingGroupId, r.Group, r.Subject,
            [.. r.Classes.Select(x => x.SchoolClassId)],
            string.Join(", ", r.Classes.OrderBy(x => x.Grade).ThenBy(x => x.Letter).Select(x => $"{x.Grade}{x.Letter}")),
            r.DayOfWeek, r.LessonNumber, r.StaffMemberId, staff.GetValueOrDefault(r.StaffMemberId, "?"), r.RoomId,
            r.RoomId is { } id ? rooms.GetValueOrDefault(id) : null, ParityName(r.Parity), ActivityName(r.Activity), r.ValidFrom, r.ValidTo,
            r.Version))];
    }

    // ---- check and write ----

    private sealed record Prepared(TimetableEntry Entry, AcademicYear Year);

    /// <summary>Validates the input into an unsaved entry (the current one's id when editing); a problem when the input is bad.</summary>
    private async Task<Outcome<Prepared>> PrepareAsync(int? id, Input input, CancellationToken ct)
    {
        if (!access.CanManageYear)
            return new(null, 403, "Нет доступа к расписанию", "Расписание составляют директор, заместитель директора и системный администратор.");
        var year = await CurrentYearAsync(ct);
        if (year is null) return new(null, 404, "Нет текущего учебного года", "Сначала создайте учебный год.");
        if (year.IsClosed) return new(null, 409, "Учебный год закрыт", "Расписание закрытого учебного года не меняется.");
        var group = await db.TeachingGroups.AsNoTracking().Where(g => g.Id == input.GroupId && g.AcademicYearId == year.Id)
            .Select(g => new { g.Id, g.DaysPerWeek, ClassDays = g.Classes.Select(c => c.SchoolClass!.DaysPerWeek).ToList() })
            .FirstOrDefaultAsync(ct);
        if (group is null) return Bad("Группа не найдена", "Выберите учебную группу текущего года.");
        var days = group.DaysPerWeek ?? (group.ClassDays.Count > 0 ? group.ClassDays.Max() : 5);
        if (input.Day < 1 || input.Day > days)
            return Bad("Неверный день недели",
                days == 6 ? "День недели — от 1 (понедельник) до 6 (суббота)."
                    : "У класса пятидневная неделя: день — от 1 (понедельник) до 5 (пятница).");
        if (input.Number < 1 || input.Number > 12) return Bad("Неверный номер урока", "Номер урока — от 1 до 12.");
        var parity = (input.Parity ?? "every") switch { "every" => WeekParity.Every, "odd" => WeekParity.Odd, "even" => WeekParity.Even,
            _ => (WeekParity?)null };
        if (parity is null) return Bad("Неверная чётность недели", "Чётность — every (каждую неделю), odd (нечётные) или even (чётные).");
        var activity = (input.Activity ?? "main") switch { "main" => ActivityKind.Main, "extracurricular" => ActivityKind.Extracurricular,
            "additional" => ActivityKind.Additional, _ => (ActivityKind?)null };
        if (activity is null)
            return Bad("Неверный вид деятельности",
                "Вид — main (урочная), extracurricular (внеурочная) или additional (дополнительное образование).");
        var from = input.ValidFrom ?? year.Start;
        var to = input.ValidTo ?? year.End;
        if (from > to) return Bad("Неверный срок действия", "Дата «с» не может быть позже даты «по».");
        if (from < year.Start || to > year.End)
            return Bad("Неверный срок действия", $"Срок действия — в пределах учебного года: с {year.Start:dd.MM.yyyy} по {year.End:dd.MM.yyyy}.");
        var teacherId = input.TeacherId ?? await DefaultTeacherAsync(group.Id, ct);
        if (teacherId is null) return Bad("Не указан учитель", "У группы нет нагрузки: выберите учителя.");
        if (!await db.StaffMembers.AnyAsync(s => s.Id == teacherId, ct)) return Bad("Учитель не найден", "Выберите сотрудника школы.");
        if (input.RoomId is { } room && !await db.Rooms.AnyAsync(r => r.Id == room, ct)) return Bad("Кабинет не найден", "Выберите кабинет школы.");
        return new(new Prepared(new TimetableEntry
        {
            Id = id ?? 0, SchoolId = user.SchoolId ?? 0, AcademicYearId = year.Id, TeachingGroupId = group.Id, DayOfWeek = input.Day,
            LessonNumber = input.Number, StaffMemberId = teacherId.Value, RoomId = input.RoomId, Parity = parity.Value, Activity = activity.Value,
            ValidFrom = from, ValidTo = to,
        }, year));

        static Outcome<Prepared> Bad(string title, string detail) => new(null, 400, title, detail);
    }

    /// <summary>The teacher of the group's current assignment (the latest one when none is current).</summary>
    public async Task<int?> DefaultTeacherAsync(int groupId, CancellationToken ct)
    {
        var today = access.Today();
        var list = await db.TeachingAssignments.AsNoTracking().Where(a => a.TeachingGroupId == groupId)
            .Select(a => new { a.StaffMemberId, a.From, a.To, a.Id }).ToListAsync(ct);
        return list.OrderByDescending(a => a.From <= today && (a.To == null || a.To >= today))
            .ThenByDescending(a => a.From).ThenByDescending(a => a.Id)
            .Select(a => (int?)a.StaffMemberId).FirstOrDefault();
    }

    /// <summary>The clashes the entry would bring, in Russian, before anything is saved.</summary>
    public async Task<Outcome<IReadOnlyList<ClashDto>>> CheckAsync(int? id, Input input, CancellationToken ct)
    {
        var prepared = await PrepareAsync(id, input, ct);
        if (!prepared.Ok) return new(null, prepared.Status, prepared.Title, prepared.Detail);
        return new(await ClashesAsync(prepared.Value!.Entry, ct));
    }

    private async Task<IReadOnlyList<ClashDto>> ClashesAsync(TimetableEntry e, CancellationToken ct)
    {
        var cell = await db.TimetableEntries.AsNoTracking()
            .Where(x => x.AcademicYearId == e.AcademicYearId && x.DayOfWeek == e.DayOfWeek && x.LessonNumber == e.LessonNumber && x.Id != e.Id)
            .ToListAsync(ct);
        var groupIds = cell.Select(x => x.TeachingGroupId).Append(e.TeachingGroupId).Distinct().ToList();
        var groups = await db.TeachingGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id))
            .Select(g => new { g.Id, g.Kind, g.SubjectId, g.Name, Classes = g.Classes.Select(c => c.SchoolClassId).ToList() })
            .ToDictionaryAsync(g => g.Id, ct);
        var members = await db.GroupMemberships.AsNoTracking().Where(m => groupIds.Contains(m.TeachingGroupId))
            .Select(m => new { m.TeachingGroupId, m.StudentId, m.From, m.To }).ToListAsync(ct);
        var info = groups.ToDictionary(g => g.Key, g => new GroupInfo(g.Key, g.Value.Kind, g.Value.SubjectId, g.Value.Classes));
        Placement Of(TimetableEntry x) => new(x.TeachingGroupId, x.DayOfWeek, x.LessonNumber, x.StaffMemberId, x.RoomId)
        { Parity = x.Parity, From = x.ValidFrom, To = x.ValidTo, EntryId = x.Id };
        IEnumerable<int> StudentsOf(Placement p) => members
            .Where(m => m.TeachingGroupId == p.GroupId && m.From <= p.To && (m.To == null || m.To >= p.From)).Select(m => m.StudentId);
        var clashes = TimetableClashes.For(Of(e), cell.Select(Of), info, StudentsOf);
        if (clashes.Count == 0) return [];

        var staffIds = clashes.Where(c => c.Kind == ClashKind.Teacher).Select(c => c.Who).ToList();
        var staff = await db.StaffMembers.AsNoTracking().Where(s => staffIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName })
            .ToDictionaryAsync(s => s.Id, s => PersonName.Short(s.LastName, s.FirstName, s.MiddleName), ct);
        var studentIds = clashes.Where(c => c.Kind == ClashKind.Student).Select(c => c.Who).ToList();
        var students = await db.Students.AsNoTracking().Where(s => studentIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName })
            .ToDictionaryAsync(s => s.Id, s => PersonName.Short(s.LastName, s.FirstName, s.MiddleName), ct);
        var roomIds = clashes.Where(c => c.Kind == ClashKind.Room).Select(c => c.Who).ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => roomIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Number, ct);
        var classIds = clashes.Where(c => c.Kind == ClashKind.Class).Select(c => c.Who).ToList();
        var classes = await db.SchoolClasses.AsNoTracking()
            .Where(c => classIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => $"{c.Grade}{c.Letter}", ct);

        var when = $"{DayOn[e.DayOfWeek]} на {e.LessonNumber}-м уроке";
        return [.. clashes.Select(c =>
        {
            var other = c.Items[1];
            var weeks = other.Parity == WeekParity.Every ? "" : $" ({ParityTitle(other.Parity)})";
            var what = $"«{groups[other.GroupId].Name}»{weeks}";
            var (kind, text) = c.Kind switch
            {
                ClashKind.Teacher => ("teacher", $"Учитель {staff.GetValueOrDefault(c.Who, "?")} {when} уже ведёт {what}"),
                ClashKind.Room => ("room", $"Кабинет {rooms.GetValueOrDefault(c.Who, "?")} {when} уже занят: {what}"),
                ClashKind.Student => ("student", $"Ученик {students.GetValueOrDefault(c.Who, "?")} {when} уже занимается в группе {what}"),
                _ => ("class", $"У класса {classes.GetValueOrDefault(c.Who, "?")} {when} уже стоит {what}"),
            };
            return new ClashDto(kind, other.EntryId, text);
        })];
    }

    public const string StaleTitle = "Запись расписания изменил другой пользователь";
    public const string StaleDetail =
        "Запись расписания изменил другой пользователь, пока вы её редактировали. Откройте её заново: ваши изменения не сохранены, его — на месте.";

    /// <summary>Creates (id null) or changes an entry; refuses one with clashes (409 with the list) and a stale version (409).</summary>
    public async Task<Outcome<EntryDto>> SaveAsync(int? id, Input input, CancellationToken ct)
    {
        var prepared = await PrepareAsync(id, input, ct);
        if (!prepared.Ok) return new(null, prepared.Status, prepared.Title, prepared.Detail);
        var wanted = prepared.Value!.Entry;
        TimetableEntry? current = null;
        if (id is { } existingId)
        {
            current = await db.TimetableEntries.FirstOrDefaultAsync(e => e.Id == existingId && e.AcademicYearId == wanted.AcademicYearId, ct);
            if (current is null) return new(null, 404, "Запись расписания не найдена");
            if (input.Version is null) return new(null, 400, "Не указана версия", "Передайте version записи, которую вы редактировали.");
            if (input.Version != current.Version) return new(null, 409, StaleTitle, StaleDetail);
        }
        var clashes = await ClashesAsync(wanted, ct);
        if (clashes.Count > 0)
            return new(null, 409, "Конфликт в расписании", string.Join("; ", clashes.Select(c => c.Message)) + ".", clashes);

        var before = current is null ? null : Snapshot(current);
        if (current is null)
        {
            current = wanted;
            db.TimetableEntries.Add(current);
        }
        else
        {
            current.TeachingGroupId = wanted.TeachingGroupId;
            current.DayOfWeek = wanted.DayOfWeek;
            current.LessonNumber = wanted.LessonNumber;
            current.StaffMemberId = wanted.StaffMemberId;
            current.RoomId = wanted.RoomId;
            current.Parity = wanted.Parity;
            current.Activity = wanted.Activity;
            current.ValidFrom = wanted.ValidFrom;
            current.ValidTo = wanted.ValidTo;
            current.Version++;
        }
        try
        {
            await audit.SaveAuditedAsync(db, async () =>
                await audit.RecordAsync(before is null ? AuditEventType.SetupCreated : AuditEventType.SetupChanged, "timetable-entry", current.Id,
                    before, Snapshot(current), ct: ct), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(null, 409, StaleTitle, StaleDetail);
        }
        var dto = (await ListAsync(current.AcademicYearId, null, null, null, null, ct)).First(x => x.Id == current.Id);
        return new(dto, before is null ? 201 : 200);
    }

    /// <summary>Deletes an entry; its lessons nobody has worked on go with it, the others stay (their entry link is cleared).</summary>
    public async Task<Outcome<bool>> DeleteAsync(int id, int? version, CancellationToken ct)
    {
        if (!access.CanManageYear)
            return new(false, 403, "Нет доступа к расписанию", "Расписание составляют директор, заместитель директора и системный администратор.");
        var entry = await db.TimetableEntries.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null) return new(false, 404, "Запись расписания не найдена");
        if (version is { } v && v != entry.Version) return new(false, 409, StaleTitle, StaleDetail);
        var before = Snapshot(entry);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.Lessons.Where(l => l.TimetableEntryId == id && l.OriginalDate == null && l.SubstituteTeacherId == null
                && l.Status == LessonStatus.Planned && !l.Marks.Any() && !l.Attendance.Any() && l.Homework == null
                && (l.Topic == null || l.Topic == "" || l.TopicFromPlan) && !db.LessonChanges.Any(c => c.LessonId == l.Id))
            .ExecuteDeleteAsync(ct);
        db.TimetableEntries.Remove(entry);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditEventType.SetupDeleted, "timetable-entry", id, before, null, reason: $"удалено пустых уроков: {removed}",
            ct: ct);
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return new(true, 204);
    }

    /// <summary>Lessons of the current year's timetable over [from, to] (default: the whole year), for one class or all.</summary>
    public async Task<Outcome<LessonGenerator.Result>> GenerateAsync(DateOnly? from, DateOnly? to, int? classId, CancellationToken ct)
    {
        if (!access.CanManageYear)
            return new(null, 403, "Нет доступа к расписанию",
                "Уроки по расписанию создают директор, заместитель директора и системный администратор.");
        var year = await CurrentYearAsync(ct);
        if (year is null) return new(null, 404, "Нет текущего учебного года", "Сначала создайте учебный год.");
        if (year.IsClosed) return new(null, 409, "Учебный год закрыт", "Уроки закрытого учебного года не меняются.");
        var start = from ?? year.Start;
        var end = to ?? year.End;
        if (start > end) return new(null, 400, "Неверный период", "Дата «с» не может быть позже даты «по».");
        if (classId is { } c && !await db.SchoolClasses.AnyAsync(x => x.Id == c && x.AcademicYearId == year.Id, ct))
            return new(null, 404, "Класс не найден", "Выберите класс текущего учебного года.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await generator.RunAsync(year.SchoolId, year.Id, start, end, classId, ct);
        // New lessons take their topics from the groups' КТП in order (R-YEAR-10), as if the plans were saved again.
        var planned = await db.ThematicPlans.AsNoTracking()
            .Where(p => db.TeachingGroups.Any(g => g.Id == p.TeachingGroupId && g.AcademicYearId == year.Id
                && (classId == null || g.Classes.Any(c => c.SchoolClassId == classId))))
            .Select(p => p.TeachingGroupId).ToListAsync(ct);
        var topicsFilled = 0;
        foreach (var groupId in planned) topicsFilled += (await plans.SpreadAsync(groupId, ct)).Filled;
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await audit.RecordAsync(AuditEventType.LessonsGenerated, "timetable", year.Id, null,
            new { from = start, to = end, classId, result.Created, result.Updated, result.Removed, result.Kept, result.Unchanged, topicsFilled },
            ct: ct);
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return new(result);
    }

    private static object Snapshot(TimetableEntry e) => new
    {
        groupId = e.TeachingGroupId, day = e.DayOfWeek, number = e.LessonNumber, teacherId = e.StaffMemberId, roomId = e.RoomId,
        parity = ParityName(e.Parity), activity = ActivityName(e.Activity), validFrom = e.ValidFrom, validTo = e.ValidTo, version = e.Version,
    };
}
