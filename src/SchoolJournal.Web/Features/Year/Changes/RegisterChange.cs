using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Year.Changes;

/// <summary>
/// One change of one lesson registered by the deputy (R-YEAR-13): substitution, move, room change or cancellation; and
/// its undo. POST/DELETE /api/v1/substitutions and the /Year/Substitutions form both come here. The lesson and its
/// <see cref="LessonChange"/> row are saved with the audit event in one transaction; a refused change writes nothing.
/// </summary>
public sealed class RegisterChange(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    public sealed record Input(int LessonId, string? Kind, int? TeacherId, DateOnly? Date, int? Number, int? RoomId, string? Reason);

    public const int ReasonMax = 500;

    public static readonly Problem NotManager = new(StatusCodes.Status403Forbidden, "Нет права регистрировать замены",
        "Замены, переносы и отмены уроков регистрируют заместитель директора, директор и системный администратор.");

    public async Task<Outcome<ChangeRegister.Row>> HandleAsync(Input input, CancellationToken ct)
    {
        if (!access.CanManageYear) return NotManager;
        var kind = ChangeRules.ParseKind(input.Kind);
        if (kind is null)
            return Problem.BadRequest("Неизвестный вид изменения",
                "Вид изменения: substitution (замена), move (перенос), room (смена кабинета) или cancel (отмена).");
        if (input.Reason is { Length: > ReasonMax }) return Problem.TooLong("Причина", ReasonMax);
        var lesson = await db.Lessons.FirstOrDefaultAsync(l => l.Id == input.LessonId, ct);
        if (lesson is null) return Problem.NotFound("Урок не найден");
        if (lesson.Status == LessonStatus.Cancelled)
            return Conflict("Урок отменён", "Отменённый урок не меняют. Чтобы вернуть его, отмените запись об отмене в журнале замен.");

        var change = new LessonChange
        {
            SchoolId = lesson.SchoolId, LessonId = lesson.Id, Kind = kind.Value, FromDate = lesson.Date, FromNumber = lesson.Number,
            Reason = JournalWrite.Blank(input.Reason), CreatedAt = time.GetUtcNow(), CreatedById = user.Id,
        };
        var refusal = kind switch
        {
            LessonChangeKind.Substitution => await SubstituteAsync(lesson, change, input.TeacherId, ct),
            LessonChangeKind.Move => await MoveAsync(lesson, change, input.Date ?? lesson.Date, input.Number ?? lesson.Number, ct),
            LessonChangeKind.RoomChange => await ChangeRoomAsync(lesson, change, input.RoomId, ct),
            _ => await CancelAsync(lesson, ct),
        };
        if (refusal is not null) return refusal;
        db.LessonChanges.Add(change);
        await audit.SaveAuditedAsync(db, () => RecordAsync(change, undo: false, ct), ct);
        return Outcome<ChangeRegister.Row>.Ok((await ChangeRegister.LoadAsync(db, new ChangeRegister.Filter(Id: change.Id), ct)).Single());
    }

    /// <summary>Reverts a change if it is the lesson's latest one; the row leaves the register, the audit log keeps both.</summary>
    public async Task<Outcome<int>> UndoAsync(int id, CancellationToken ct)
    {
        if (!access.CanManageYear) return NotManager;
        var change = await db.LessonChanges.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (change is null) return Problem.NotFound("Запись журнала замен не найдена");
        if (await db.LessonChanges.AnyAsync(c => c.LessonId == change.LessonId && c.Id > change.Id, ct))
            return Conflict("Есть более поздние изменения урока", "Отменить можно только последнее изменение урока: сначала отмените более поздние.");
        var lesson = await db.Lessons.FirstAsync(l => l.Id == change.LessonId, ct);
        switch (change.Kind)
        {
            case LessonChangeKind.Substitution:
                lesson.SubstituteTeacherId = change.FromTeacherId == lesson.TeacherId ? null : change.FromTeacherId;
                break;
            case LessonChangeKind.Move:
                var refusal = await PlaceAsync(lesson, change.FromDate!.Value, change.FromNumber!.Value, ct);
                if (refusal is not null) return refusal;
                if (lesson.Date == lesson.OriginalDate && lesson.Number == lesson.OriginalNumber)
                    (lesson.OriginalDate, lesson.OriginalNumber) = (null, null);
                break;
            case LessonChangeKind.RoomChange:
                lesson.RoomId = change.FromRoomId;
                break;
            default:
                lesson.Status = lesson.Date < access.Today() ? LessonStatus.Held : LessonStatus.Planned;
                break;
        }
        db.LessonChanges.Remove(change);
        await audit.SaveAuditedAsync(db, () => RecordAsync(change, undo: true, ct), ct);
        return Outcome<int>.Ok(change.LessonId);
    }

    private async Task<Problem?> SubstituteAsync(Lesson lesson, LessonChange change, int? teacherId, CancellationToken ct)
    {
        if (teacherId is null) return Problem.BadRequest("Не выбран учитель", "Для замены укажите учителя, который проведёт урок.");
        var teacher = await db.StaffMembers.Where(s => s.Id == teacherId && s.DismissedOn == null)
            .Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstOrDefaultAsync(ct);
        if (teacher is null) return Problem.BadRequest("Учитель не найден", "Такого работающего сотрудника в школе нет.");
        var current = lesson.SubstituteTeacherId ?? lesson.TeacherId;
        if (teacherId == current) return Problem.BadRequest("Учитель уже ведёт этот урок", "Выберите другого учителя.");
        var busy = await OccupantsAsync(lesson, lesson.Date, lesson.Number, ct);
        if (ChangeRules.Clash(lesson.Id, teacherId.Value, null, busy.Select(o => o with { RoomId = null, SharesStudents = false }),
                PersonName.Short(teacher.LastName, teacher.FirstName, teacher.MiddleName), null) is { } clash)
            return Conflict("Учитель занят", clash);
        (change.FromTeacherId, change.ToTeacherId) = (current, teacherId);
        lesson.SubstituteTeacherId = teacherId == lesson.TeacherId ? null : teacherId;
        return null;
    }

    private async Task<Problem?> MoveAsync(Lesson lesson, LessonChange change, DateOnly date, int number, CancellationToken ct)
    {
        if (date == lesson.Date && number == lesson.Number)
            return Problem.BadRequest("Урок уже стоит в это время", "Для переноса укажите другую дату или другой номер урока.");
        var refusal = await PlaceAsync(lesson, date, number, ct);
        if (refusal is not null) return refusal;
        lesson.OriginalDate ??= change.FromDate;
        lesson.OriginalNumber ??= change.FromNumber;
        (change.ToDate, change.ToNumber) = (date, number);
        return null;
    }

    /// <summary>
    /// Puts the lesson at another date and number: a school day of its class in a study period, a bell of its schedule,
    /// no clash, and no closed period on either side. A lesson's marks and attendance go with it (its data is kept).
    /// </summary>
    private async Task<Problem?> PlaceAsync(Lesson lesson, DateOnly date, int number, CancellationToken ct)
    {
        var group = await db.TeachingGroups.Where(g => g.Id == lesson.TeachingGroupId)
            .Select(g => new
            {
                g.BellScheduleId, g.DaysPerWeek, g.AcademicYearId,
                Class = g.Classes.OrderBy(c => c.SchoolClass!.Grade)
                    .Select(c => new { c.SchoolClassId, c.SchoolClass!.Grade, c.SchoolClass.DaysPerWeek, c.SchoolClass.BellScheduleId })
                    .FirstOrDefault(),
            }).FirstAsync(ct);
        if (group.Class is null) return Problem.BadRequest("Группа без класса", "Группа урока не связана ни с одним классом.");
        var level = group.Class.Grade <= 4 ? EducationLevel.Primary : group.Class.Grade <= 9 ? EducationLevel.Basic : EducationLevel.Secondary;
        var periods = await db.StudyPeriods.Where(p => p.AcademicYearId == group.AcademicYearId
                && (p.SchoolClassId == group.Class.SchoolClassId || (p.SchoolClassId == null && (p.Level == null || p.Level == level))))
            .Select(p => new { p.Id, p.Start, p.End, p.SchoolClassId, p.Level }).ToListAsync(ct);
        var holidays = await db.Holidays.Where(h => h.AcademicYearId == group.AcademicYearId && (h.Grade == null || h.Grade == group.Class.Grade))
            .Select(h => new { h.Start, h.End, h.Name }).ToListAsync(ct);
        if (ChangeRules.DayRefusal(date, group.DaysPerWeek ?? group.Class.DaysPerWeek, periods.Select(p => new ChangeRules.Span(p.Start, p.End)),
                holidays.Select(h => (new ChangeRules.Span(h.Start, h.End), h.Name))) is { } notASchoolDay)
            return Problem.BadRequest("Урок вне учебного периода", notASchoolDay);
        var bells = group.BellScheduleId ?? group.Class.BellScheduleId;
        var slot = await db.Set<BellSlot>()
            .Where(s => s.BellScheduleId == bells && s.Number == number).Select(s => new { s.Start, s.End }).FirstOrDefaultAsync(ct);
        if (slot is null) return Problem.BadRequest("Нет такого урока в расписании звонков", $"В расписании звонков класса нет {number}-го урока.");
        // The most specific period holds the lesson: the class's own, then its level's, then the school's.
        var period = periods.Where(p => p.Start <= date && date <= p.End)
            .OrderBy(p => p.SchoolClassId is not null ? 0 : p.Level is not null ? 1 : 2).First();
        foreach (var periodId in new int?[] { lesson.StudyPeriodId, period.Id }.Distinct())
            if (await access.IsPeriodLockedAsync(lesson.TeachingGroupId, periodId, ct)) return JournalProblems.Locked;

        var teacherId = lesson.SubstituteTeacherId ?? lesson.TeacherId;
        var names = await db.StaffMembers.Where(s => s.Id == teacherId).Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstAsync(ct);
        var room = lesson.RoomId is null ? null : await db.Rooms.Where(r => r.Id == lesson.RoomId).Select(r => r.Number).FirstOrDefaultAsync(ct);
        if (ChangeRules.Clash(lesson.Id, teacherId, lesson.RoomId, await OccupantsAsync(lesson, date, number, ct),
                PersonName.Short(names.LastName, names.FirstName, names.MiddleName), room) is { } clash)
            return Conflict("Накладка в расписании", clash);
        (lesson.Date, lesson.Number, lesson.Start, lesson.End, lesson.StudyPeriodId) = (date, number, slot.Start, slot.End, period.Id);
        return null;
    }

    private async Task<Problem?> ChangeRoomAsync(Lesson lesson, LessonChange change, int? roomId, CancellationToken ct)
    {
        if (roomId is null) return Problem.BadRequest("Не выбран кабинет", "Для смены кабинета укажите новый кабинет.");
        var room = await db.Rooms.Where(r => r.Id == roomId).Select(r => r.Number).FirstOrDefaultAsync(ct);
        if (room is null) return Problem.BadRequest("Кабинет не найден", "Такого кабинета в школе нет.");
        if (roomId == lesson.RoomId) return Problem.BadRequest("Урок уже в этом кабинете", "Выберите другой кабинет.");
        var busy = await OccupantsAsync(lesson, lesson.Date, lesson.Number, ct);
        if (ChangeRules.Clash(lesson.Id, -1, roomId, busy.Select(o => o with { SharesStudents = false }), "", room) is { } clash)
            return Conflict("Кабинет занят", clash);
        (change.FromRoomId, change.ToRoomId) = (lesson.RoomId, roomId);
        lesson.RoomId = roomId;
        return null;
    }

    private async Task<Problem?> CancelAsync(Lesson lesson, CancellationToken ct)
    {
        if (await db.Marks.AnyAsync(m => m.LessonId == lesson.Id, ct) || await db.Attendance.AnyAsync(a => a.LessonId == lesson.Id, ct))
            return Conflict("В уроке есть отметки или посещаемость",
                "Урок, в котором уже стоят отметки или пропуски, не отменяют: их пришлось бы удалить. Перенесите урок или исправьте журнал.");
        lesson.Status = LessonStatus.Cancelled;
        return null;
    }

    /// <summary>The lessons (not cancelled) at a date and number, with whether they share students with this lesson's group then.</summary>
    private async Task<List<ChangeRules.Occupant>> OccupantsAsync(Lesson lesson, DateOnly date, int number, CancellationToken ct)
    {
        var members = db.GroupMemberships.Where(m => m.TeachingGroupId == lesson.TeachingGroupId && m.From <= date && (m.To == null || m.To >= date))
            .Select(m => m.StudentId);
        var rows = await db.Lessons.AsNoTracking()
            .Where(l => l.Date == date && l.Number == number && l.Status != LessonStatus.Cancelled && l.Id != lesson.Id)
            .OrderBy(l => l.Id)
            .Select(l => new
            {
                l.Id, Teacher = l.SubstituteTeacherId ?? l.TeacherId, l.RoomId, Group = l.TeachingGroup!.Name,
                Shares = db.GroupMemberships.Any(m => m.TeachingGroupId == l.TeachingGroupId && m.From <= date && (m.To == null || m.To >= date)
                    && members.Contains(m.StudentId)),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new ChangeRules.Occupant(r.Id, r.Teacher, r.RoomId, r.Shares, $"{r.Group}, {date:dd.MM}, {number}-й урок"))];
    }

    private Task RecordAsync(LessonChange change, bool undo, CancellationToken ct)
    {
        var (type, before, after) = change.Kind switch
        {
            LessonChangeKind.Substitution =>
                (AuditEventType.LessonSubstituted, (object?)new { teacherId = change.FromTeacherId },
                    (object?)new { teacherId = change.ToTeacherId }),
            LessonChangeKind.Move =>
                (AuditEventType.LessonMoved, new { date = change.FromDate, number = change.FromNumber },
                    new { date = change.ToDate, number = change.ToNumber }),
            LessonChangeKind.RoomChange => (AuditEventType.LessonRoomChanged, new { roomId = change.FromRoomId }, new { roomId = change.ToRoomId }),
            _ => (AuditEventType.LessonCancelled, new { status = "planned" }, new { status = "cancelled" }),
        };
        var reason = undo ? $"Отменена запись журнала замен № {change.Id}" : change.Reason;
        return audit.RecordAsync(type, "lesson", change.LessonId, undo ? after : before, undo ? before : after, reason, ct: ct);
    }

    private static Problem Conflict(string title, string detail) => new(StatusCodes.Status409Conflict, title, detail);
}
