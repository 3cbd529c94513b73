using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Api;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// The journal routes of API.md: the grid of a group and period, marks, attendance, topic and homework, and the
/// period lock. Every write answers in the same order: 403 for anyone who is not a teacher, 404 unknown (or another
/// school's) record, 403 not his journal, 409 closed period, 400 bad input; and every accepted write lands with its audit event in one transaction.
/// </summary>
public static class JournalApi
{
    public sealed record JournalDto(PeriodRef Period, IReadOnlyList<LessonDto> Lessons, IReadOnlyList<StudentRow> Students);
    public sealed record PeriodRef(int Id, string Name, DateOnly Start, DateOnly End, bool Locked);
    public sealed record LessonDto(int Id, DateOnly Date, string? Topic, string? Homework);
    public sealed record StudentRow(int Id, string DisplayName, DateOnly From, DateOnly? To, IReadOnlyList<CellMark> Marks,
        IReadOnlyList<Absence> Absences, decimal? Average, string? PeriodGrade, string? SuggestedGrade);
    public sealed record CellMark(int Id, int LessonId, string Value, string WorkType, decimal Weight);
    public sealed record Absence(int LessonId, string Code);

    public sealed record MarkInput(int StudentId, string? Value, string? WorkType, string? Comment);
    public sealed record MarkChange(string? Value, string? WorkType, string? Comment);
    public sealed record MarkDto(int Id, int LessonId, int StudentId, string Value, string WorkType, int WorkTypeId, decimal Weight,
        string? Comment, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt);
    public sealed record AttendanceInput(int StudentId, string? Code, int? LateMinutes);
    public sealed record AttendanceDto(int LessonId, int StudentId, string? Code, int? LateMinutes);
    public sealed record LessonInput(string? Topic, string? Homework);
    public sealed record ReopenInput(string? Reason);
    public sealed record LockDto(int GroupId, int PeriodId, bool Locked, DateTimeOffset? LockedAt, DateTimeOffset? ReopenedAt, string? ReopenReason);

    public const int TopicMax = 500;
    public const int HomeworkMax = 4000;
    public const int CommentMax = 500;
    public const int ReasonMax = 1000;

    public static WebApplication MapJournalApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Журнал");
        api.MapGet("/groups/{groupId:int}/journal", JournalAsync)
            .WithSummary("Журнал группы за период: уроки, отметки, пропуски, средний балл. periodId по умолчанию — период, в который входит сегодняшний день, иначе последний.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/lessons/{lessonId:int}/marks", CreateMarkAsync)
            .WithSummary("Поставить отметку. workType — название, краткое название или id вида работы (строкой); по умолчанию первый вид работы школы.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/marks/{id:int}", ChangeMarkAsync)
            .WithSummary("Исправить отметку: значение, вид работы (название, краткое название или id), комментарий (пустая строка удаляет его).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/marks/{id:int}", DeleteMarkAsync)
            .WithSummary("Удалить отметку; журнал аудита хранит, что было.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/lessons/{lessonId:int}/attendance", SetAttendanceAsync)
            .WithSummary("Отметить посещаемость ученика на уроке: Н, Б, У, ОП (с минутами опоздания) или null, чтобы снять отметку.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/lessons/{lessonId:int}", ChangeLessonAsync)
            .WithSummary("Тема урока и домашнее задание; не переданное поле не меняется, пустая строка его очищает.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/groups/{groupId:int}/periods/{periodId:int}/lock", LockAsync)
            .WithSummary("Закрыть период группы: журнал становится только для чтения. Учитель группы, заместитель директора, директор.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/groups/{groupId:int}/periods/{periodId:int}/reopen", ReopenAsync)
            .WithSummary("Открыть закрытый период с письменной причиной (попадает в журнал аудита). Заместитель директора, директор.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    // ---- the grid ----

    /// <summary>
    /// Three round trips whatever the size of the class: the group's header (access, school settings, periods and
    /// locks), the period's lessons with their marks, and the members with their absences and period grade.
    /// </summary>
    private static async Task<IResult> JournalAsync(int groupId, int? periodId, AccessService access,
        JournalDbContext db, TimeProvider time, CancellationToken ct)
    {
        var header = await GroupPeriods.HeaderAsync(db, access, groupId, ct);
        if (header is null) return NotFound("Группа не найдена");
        if (!header.CanRead)
            return Problem(StatusCodes.Status403Forbidden, "Нет доступа к журналу",
                "Журнал группы видят её учителя, классный руководитель и администрация школы.");
        var period = header.Pick(periodId, SchoolClock.Today(time, header.TimeZone));
        if (period is null) return NotFound("Учебный период не найден", "У группы нет такого периода в её учебном году.");

        var inPeriod = db.Lessons.Where(l => l.TeachingGroupId == groupId && l.Date >= period.Start && l.Date <= period.End && l.Status != LessonStatus.Cancelled);
        var lessons = await inPeriod.AsNoTracking()
            .OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Id)
            .Select(l => new
            {
                Lesson = new LessonDto(l.Id, l.Date, l.Topic, l.Homework != null ? l.Homework.Text : null),
                Marks = l.Marks.OrderBy(m => m.Id).Select(m => new { m.Id, m.StudentId, m.Value, m.WorkTypeId }).ToList(),
            })
            .ToListAsync(ct);
        var members = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.TeachingGroupId == groupId && m.From <= period.End && (m.To == null || m.To >= period.Start))
            .OrderBy(m => m.Id)
            .Select(m => new
            {
                m.StudentId, m.From, m.To, m.Student!.LastName, m.Student.FirstName, m.Student.MiddleName,
                Grade = db.PeriodGrades
                    .Where(g => g.TeachingGroupId == groupId && g.StudyPeriodId == period.Id && g.Kind == PeriodGradeKind.Period && g.StudentId == m.StudentId)
                    .OrderByDescending(g => g.Id).Select(g => g.Value).FirstOrDefault(),
                Absences = db.Attendance.Where(a => a.StudentId == m.StudentId && inPeriod.Any(l => l.Id == a.LessonId))
                    .Select(a => new { a.LessonId, a.Code }).ToList(),
            })
            .ToListAsync(ct);

        var marksOf = lessons.SelectMany(l => l.Marks, (l, m) => (m.StudentId, Type: header.WorkTypes[m.WorkTypeId], Mark: m, LessonId: l.Lesson.Id))
            .ToLookup(x => x.StudentId, x => new CellMark(x.Mark.Id, x.LessonId, x.Mark.Value, x.Type.Name, x.Type.Weight));
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        // A student who left and came back has two memberships but one row: from his first day to his last.
        var rows = members.GroupBy(m => m.StudentId)
            .Select(g => new
            {
                Id = g.Key, g.First().LastName, g.First().FirstName, g.First().MiddleName, g.First().Grade, g.First().Absences,
                From = g.Min(m => m.From), To = g.Any(m => m.To == null) ? null : g.Max(m => m.To),
            })
            .OrderBy(s => s.LastName, ru).ThenBy(s => s.FirstName, ru)
            .Select(s =>
            {
                var own = marksOf[s.Id].ToList();
                var average = Averages.Weighted(own.Select(m => (m.Value, m.Weight)));
                return new StudentRow(s.Id, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), s.From, s.To, own,
                    [.. s.Absences.Select(a => new Absence(a.LessonId, a.Code.ToRussian()))], average, s.Grade,
                    Averages.SuggestedGrade(average, header.Thresholds));
            })
            .ToList();
        return Results.Ok(new JournalDto(new PeriodRef(period.Id, period.Name, period.Start, period.End, period.Locked),
            [.. lessons.Select(l => l.Lesson)], rows));
    }

    // ---- marks ----

    private static async Task<IResult> CreateMarkAsync(int lessonId, MarkInput input, AccessService access, CurrentUser user,
        JournalDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var (lesson, refusal) = await WritableLessonAsync(lessonId, access, db, ct);
        if (lesson is null) return refusal!;
        var value = MarkScale.Normalize(lesson.Kind, input.Value);
        if (value is null) return BadRequest("Недопустимая отметка", MarkScale.Error(lesson.Kind, input.Value));
        var workType = await WorkTypeAsync(input.WorkType, db, ct);
        if (workType is null) return UnknownWorkType(input.WorkType);
        if (input.Comment is { Length: > CommentMax }) return TooLong("Комментарий", CommentMax);
        if (!await IsMemberAsync(lesson, input.StudentId, db, ct)) return NotAMember();

        var mark = new Mark
        {
            SchoolId = lesson.SchoolId, LessonId = lesson.Id, StudentId = input.StudentId, Value = value, WorkTypeId = workType.Id,
            Comment = Blank(input.Comment), CreatedAt = time.GetUtcNow(), CreatedById = user.Id,
            IsLate = await LateEntries.MarkAsync(db, time, lesson.Id, workType, ct),
        };
        db.Marks.Add(mark);
        await SaveAuditedAsync(db, audit, ct, () => audit.RecordAsync(AuditEventType.MarkCreated, "mark", mark.Id, null, Snapshot(mark, workType), ct: ct));
        return Results.Created($"/api/v1/marks/{mark.Id}", ToDto(mark, workType));
    }

    private static async Task<IResult> ChangeMarkAsync(int id, MarkChange input, AccessService access, JournalDbContext db,
        AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        if (!access.WritesJournals) return NotHisJournal();
        var mark = await db.Marks.Include(m => m.WorkType).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (mark is null) return NotFound("Отметка не найдена");
        var (lesson, refusal) = await WritableLessonAsync(mark.LessonId, access, db, ct);
        if (lesson is null) return refusal!;
        var value = input.Value is null ? mark.Value : MarkScale.Normalize(lesson.Kind, input.Value);
        if (value is null) return BadRequest("Недопустимая отметка", MarkScale.Error(lesson.Kind, input.Value));
        var workType = input.WorkType is null ? mark.WorkType! : await WorkTypeAsync(input.WorkType, db, ct);
        if (workType is null) return UnknownWorkType(input.WorkType);
        if (input.Comment is { Length: > CommentMax }) return TooLong("Комментарий", CommentMax);

        var before = Snapshot(mark, mark.WorkType!);
        mark.Value = value;
        mark.WorkTypeId = workType.Id;
        mark.WorkType = workType;
        if (input.Comment is not null) mark.Comment = Blank(input.Comment);
        var after = Snapshot(mark, workType);
        if (before == after) return Results.Ok(ToDto(mark, workType));
        mark.UpdatedAt = time.GetUtcNow();
        mark.IsLate |= await LateEntries.MarkAsync(db, time, lesson.Id, workType, ct);
        await SaveAuditedAsync(db, audit, ct, () => audit.RecordAsync(AuditEventType.MarkChanged, "mark", mark.Id, before, after, ct: ct));
        return Results.Ok(ToDto(mark, workType));
    }

    private static async Task<IResult> DeleteMarkAsync(int id, AccessService access, JournalDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (!access.WritesJournals) return NotHisJournal();
        var mark = await db.Marks.Include(m => m.WorkType).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (mark is null) return NotFound("Отметка не найдена");
        var (lesson, refusal) = await WritableLessonAsync(mark.LessonId, access, db, ct);
        if (lesson is null) return refusal!;

        var before = Snapshot(mark, mark.WorkType!);
        db.Marks.Remove(mark);
        await SaveAuditedAsync(db, audit, ct, () => audit.RecordAsync(AuditEventType.MarkDeleted, "mark", id, before, null, ct: ct));
        return Results.NoContent();
    }

    /// <summary>What the audit log keeps of a mark: enough to show and to restore it.</summary>
    private sealed record MarkSnapshot(int StudentId, int LessonId, string Value, string WorkType, string? Comment);

    private static MarkSnapshot Snapshot(Mark m, WorkType w) => new(m.StudentId, m.LessonId, m.Value, w.Name, m.Comment);

    private static MarkDto ToDto(Mark m, WorkType w) =>
        new(m.Id, m.LessonId, m.StudentId, m.Value, w.Name, w.Id, w.Weight, m.Comment, m.CreatedAt, m.UpdatedAt);

    /// <summary>By id, name or short name; none given means the school's first work type.</summary>
    private static Task<WorkType?> WorkTypeAsync(string? given, JournalDbContext db, CancellationToken ct)
    {
        var types = db.WorkTypes.OrderBy(w => w.SortOrder).ThenBy(w => w.Id);
        if (string.IsNullOrWhiteSpace(given)) return types.FirstOrDefaultAsync(ct);
        var name = given.Trim();
        var id = int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        return types.FirstOrDefaultAsync(w => w.Id == id || w.Name == name || w.ShortName == name, ct);
    }

    private static IResult UnknownWorkType(string? given) =>
        BadRequest("Неизвестный вид работы", $"Вида работы «{given}» в школе нет. Укажите его название, краткое название или номер из справочника видов работ.");

    // ---- attendance ----

    private static async Task<IResult> SetAttendanceAsync(int lessonId, AttendanceInput input, AccessService access,
        JournalDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var (lesson, refusal) = await WritableLessonAsync(lessonId, access, db, ct);
        if (lesson is null) return refusal!;
        AttendanceCode? code = null;
        if (!string.IsNullOrWhiteSpace(input.Code))
        {
            code = AttendanceCodes.Parse(input.Code);
            if (code is null)
                return BadRequest("Неизвестная отметка посещаемости",
                    $"Отметки «{input.Code}» нет. Допустимые: «Н» — отсутствовал без уважительной причины, «Б» — болел, «У» — по уважительной причине, «ОП» — опоздал; null снимает отметку.");
        }
        if (input.LateMinutes is int minutes && (code != AttendanceCode.Late || minutes < 1 || minutes > 90))
            return BadRequest("Неверные минуты опоздания", "Минуты опоздания (от 1 до 90) указываются только с отметкой «ОП».");
        if (!await IsMemberAsync(lesson, input.StudentId, db, ct)) return NotAMember();

        var row = await db.Attendance.FirstOrDefaultAsync(a => a.LessonId == lessonId && a.StudentId == input.StudentId, ct);
        var before = row is null ? null : new AttendanceDto(lessonId, input.StudentId, row.Code.ToRussian(), row.LateMinutes);
        var after = code is null ? null : new AttendanceDto(lessonId, input.StudentId, code.Value.ToRussian(), input.LateMinutes);
        if (before == after) return Results.Ok(after ?? new AttendanceDto(lessonId, input.StudentId, null, null));

        if (code is null)
        {
            db.Attendance.Remove(row!);
            await SaveAuditedAsync(db, audit, ct, () => audit.RecordAsync(AuditEventType.AttendanceCleared, "attendance", row!.Id, before, null, ct: ct));
            return Results.Ok(new AttendanceDto(lessonId, input.StudentId, null, null));
        }
        if (row is null)
        {
            row = new Attendance { SchoolId = lesson.SchoolId, LessonId = lessonId, StudentId = input.StudentId };
            db.Attendance.Add(row);
        }
        row.Code = code.Value;
        row.LateMinutes = input.LateMinutes;
        row.UpdatedAt = time.GetUtcNow();
        row.IsLate = await LateEntries.AttendanceAsync(db, time, lessonId, ct);
        await SaveAuditedAsync(db, audit, ct, () => audit.RecordAsync(AuditEventType.AttendanceSet, "attendance", row.Id, before, after, ct: ct));
        return Results.Ok(after);
    }

    // ---- topic and homework ----

    private static async Task<IResult> ChangeLessonAsync(int lessonId, LessonInput input, AccessService access,
        JournalDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var (found, refusal) = await WritableLessonAsync(lessonId, access, db, ct);
        if (found is null) return refusal!;
        if (input.Topic is { Length: > TopicMax }) return TooLong("Тема урока", TopicMax);
        if (input.Homework is { Length: > HomeworkMax }) return TooLong("Домашнее задание", HomeworkMax);

        var lesson = await db.Lessons.Include(l => l.Homework).FirstAsync(l => l.Id == lessonId, ct);
        var topicBefore = lesson.Topic;
        var homeworkBefore = lesson.Homework?.Text;
        if (input.Topic is not null) lesson.Topic = Blank(input.Topic);
        var homework = input.Homework is null ? homeworkBefore : Blank(input.Homework);
        var homeworkLate = homework is not null && homework != homeworkBefore && await LateEntries.HomeworkAsync(db, time, lessonId, ct);
        if (homework is null && lesson.Homework is not null)
            db.Homework.Remove(lesson.Homework);
        else if (homework is not null && lesson.Homework is null)
            lesson.Homework = new Homework { SchoolId = lesson.SchoolId, LessonId = lesson.Id, Text = homework, CreatedAt = time.GetUtcNow(), IsLate = homeworkLate };
        else if (homework is not null && homework != homeworkBefore)
            (lesson.Homework!.Text, lesson.Homework.IsLate) = (homework, homeworkLate);

        if (lesson.Topic != topicBefore || homework != homeworkBefore)
            await SaveAuditedAsync(db, audit, ct, async () =>
            {
                if (lesson.Topic != topicBefore)
                    await audit.RecordAsync(AuditEventType.LessonChanged, "lesson", lesson.Id, new { topic = topicBefore }, new { topic = lesson.Topic }, ct: ct);
                if (homework != homeworkBefore)
                    await audit.RecordAsync(homework is null ? AuditEventType.HomeworkCleared : AuditEventType.HomeworkSet, "lesson", lesson.Id,
                        homeworkBefore is null ? null : new { homework = homeworkBefore }, homework is null ? null : new { homework }, ct: ct);
            });
        return Results.Ok(new LessonDto(lesson.Id, lesson.Date, lesson.Topic, homework));
    }

    // ---- period lock ----

    private static async Task<IResult> LockAsync(int groupId, int periodId, AccessService access, CurrentUser user,
        JournalDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var (found, refusal) = await GroupPeriodAsync(groupId, periodId, db, ct);
        if (!found) return refusal!;
        if (!await access.CanLockPeriodAsync(groupId, ct))
            return Problem(StatusCodes.Status403Forbidden, "Нет права закрыть период",
                "Период группы закрывают её учитель, заместитель директора или директор.");

        var active = await ActiveLockAsync(groupId, periodId, db, ct);
        if (active is not null) return Results.Ok(ToDto(active));
        var lockRow = new PeriodLock
        {
            SchoolId = user.SchoolId!.Value, TeachingGroupId = groupId, StudyPeriodId = periodId,
            LockedAt = time.GetUtcNow(), LockedById = user.Id,
        };
        db.PeriodLocks.Add(lockRow);
        await SaveAuditedAsync(db, audit, ct, () => audit.RecordAsync(AuditEventType.PeriodLocked, "periodLock", lockRow.Id,
            null, new { groupId, periodId, locked = true }, ct: ct));
        return Results.Ok(ToDto(lockRow));
    }

    private static async Task<IResult> ReopenAsync(int groupId, int periodId, ReopenInput? input, AccessService access, CurrentUser user,
        JournalDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var (found, refusal) = await GroupPeriodAsync(groupId, periodId, db, ct);
        if (!found) return refusal!;
        if (!access.CanReopenPeriod)
            return Problem(StatusCodes.Status403Forbidden, "Нет права открыть период",
                "Закрытый период открывают только заместитель директора или директор, с указанием причины.");
        var reason = Blank(input?.Reason);
        if (reason is null) return BadRequest("Не указана причина", "Напишите, почему период открывается: причина попадёт в журнал аудита.");
        if (reason.Length > ReasonMax) return TooLong("Причина", ReasonMax);

        var active = await ActiveLockAsync(groupId, periodId, db, ct);
        if (active is null) return Results.Ok(new LockDto(groupId, periodId, false, null, null, null));
        active.ReopenedAt = time.GetUtcNow();
        active.ReopenedById = user.Id;
        active.ReopenReason = reason;
        await SaveAuditedAsync(db, audit, ct, () => audit.RecordAsync(AuditEventType.PeriodReopened, "periodLock", active.Id,
            new { groupId, periodId, locked = true }, new { groupId, periodId, locked = false }, reason, ct: ct));
        return Results.Ok(ToDto(active));
    }

    private static Task<PeriodLock?> ActiveLockAsync(int groupId, int periodId, JournalDbContext db, CancellationToken ct) =>
        db.PeriodLocks.FirstOrDefaultAsync(l => l.TeachingGroupId == groupId && l.StudyPeriodId == periodId && l.ReopenedAt == null, ct);

    private static LockDto ToDto(PeriodLock l) => new(l.TeachingGroupId, l.StudyPeriodId, l.IsActive, l.LockedAt, l.ReopenedAt, l.ReopenReason);

    private static async Task<(bool Found, IResult? Refusal)> GroupPeriodAsync(int groupId, int periodId, JournalDbContext db, CancellationToken ct)
    {
        var year = await db.TeachingGroups.Where(g => g.Id == groupId).Select(g => (int?)g.AcademicYearId).FirstOrDefaultAsync(ct);
        if (year is null) return (false, NotFound("Группа не найдена"));
        if (!await db.StudyPeriods.AnyAsync(p => p.Id == periodId && p.AcademicYearId == year, ct))
            return (false, NotFound("Учебный период не найден", "В учебном году группы нет такого периода."));
        return (true, null);
    }

    // ---- shared ----

    private sealed record WritableLesson(int Id, int SchoolId, int GroupId, int? PeriodId, DateOnly Date, GradingKind Kind);

    /// <summary>The lesson a write is about, or the refusal: 404 unknown, 403 not his journal, 409 closed period.</summary>
    private static async Task<(WritableLesson? Lesson, IResult? Refusal)> WritableLessonAsync(int lessonId, AccessService access, JournalDbContext db, CancellationToken ct)
    {
        if (!access.WritesJournals) return (null, NotHisJournal());
        var lesson = await db.Lessons.AsNoTracking().Where(l => l.Id == lessonId)
            .Select(l => new WritableLesson(l.Id, l.SchoolId, l.TeachingGroupId, l.StudyPeriodId, l.Date, l.TeachingGroup!.GradingSystem!.Kind))
            .FirstOrDefaultAsync(ct);
        if (lesson is null) return (null, NotFound("Урок не найден"));
        if (!await access.CanWriteLessonAsync(lessonId, ct)) return (null, NotHisJournal());
        if (await access.IsPeriodLockedAsync(lesson.GroupId, lesson.PeriodId, ct))
            return (null, Problem(StatusCodes.Status409Conflict, "Период закрыт",
                "Период закрыт: отметки, посещаемость, темы и домашние задания в нём не меняются. Открыть его может заместитель директора или директор."));
        return (lesson, null);
    }

    private static IResult NotHisJournal() => Problem(StatusCodes.Status403Forbidden, "Нет права писать в этот журнал",
        "Записи в журнал делают учитель группы и учитель, заменяющий этот урок. Классный руководитель и администрация журнал только просматривают.");

    /// <summary>Marks and attendance only for a student who belongs to the group on the lesson's date.</summary>
    private static Task<bool> IsMemberAsync(WritableLesson lesson, int studentId, JournalDbContext db, CancellationToken ct) =>
        db.GroupMemberships.AnyAsync(m => m.TeachingGroupId == lesson.GroupId && m.StudentId == studentId
            && m.From <= lesson.Date && (m.To == null || m.To >= lesson.Date), ct);

    private static IResult NotAMember() =>
        BadRequest("Ученик не в группе", "Этот ученик не учится в группе в день урока: отметку и посещаемость ему здесь поставить нельзя.");

    /// <summary>
    /// The one write pattern of the journal: the change is saved first, so a new row has its id, then its audit
    /// event is appended; one transaction holds both, so neither lands without the other.
    /// </summary>
    private static async Task SaveAuditedAsync(JournalDbContext db, AuditLog audit, CancellationToken ct, Func<Task> record)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await record();
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static IResult TooLong(string what, int max) => BadRequest($"{what}: слишком длинный текст", $"{what} — не больше {max} символов.");

    private static IResult NotFound(string title, string? detail = null) => Problem(StatusCodes.Status404NotFound, title, detail);

    private static IResult BadRequest(string title, string detail) => Problem(StatusCodes.Status400BadRequest, title, detail);

    private static IResult Problem(int status, string title, string? detail) => Results.Problem(title: title, detail: detail, statusCode: status);
}
