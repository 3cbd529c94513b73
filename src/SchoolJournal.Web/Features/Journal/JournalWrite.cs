using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>The refusals every journal write shares.</summary>
public static class JournalProblems
{
    public static readonly Problem NotHisJournal = new(StatusCodes.Status403Forbidden, "Нет права писать в этот журнал",
        "Записи в журнал делают учитель группы и учитель, заменяющий этот урок. Классный руководитель и администрация журнал только просматривают.");

    public static readonly Problem Locked = new(StatusCodes.Status409Conflict, "Период закрыт",
        "Период закрыт: отметки, посещаемость, темы и домашние задания в нём не меняются. Открыть его может заместитель директора или директор.");

    /// <summary>The year rollover closed the lesson's or group's academic year (R-YEAR-16): its journal is read-only.</summary>
    public static readonly Problem YearClosed = new(StatusCodes.Status409Conflict, "Учебный год закрыт",
        "Учебный год закрыт: после перехода на новый год его журнал только для просмотра — отметки, посещаемость, темы, задания, отметки за период " +
            "и закрытие периодов не меняются.");

    /// <summary>Marks and attendance record what happened: the school's rule is "during the lesson or the same school day".</summary>
    public static Problem NotYetHeld(DateOnly date) => Problem.BadRequest("Урок ещё впереди",
        $"Урок {date:dd.MM.yyyy} ещё не прошёл: отметки и посещаемость ставятся в день урока или позже. "
        + "Тему и домашнее задание можно записать заранее.");

    public static readonly Problem NotAMember = Problem.BadRequest("Ученик не в группе",
        "Этот ученик не учится в группе в день урока: отметку и посещаемость ему здесь поставить нельзя.");
}

/// <summary>The checks and the save every journal write shares, whether it comes from the API or a page.</summary>
public static class JournalWrite
{
    /// <summary>
    /// The lesson a write is about, with what its checks and its lateness need: the school's clock and deadline rules and the
    /// group's top grade (R-JRN-8).
    /// </summary>
    public sealed record WritableLesson(int Id, int SchoolId, int GroupId, int? PeriodId, DateOnly Date, GradingKind Kind)
    {
        public string TimeZone { get; init; } = "Europe/Moscow";
        public int TopGrade { get; init; }
        public DeadlineRules Rules { get; init; } = DeadlineRules.Default;

        /// <summary>The student a mark or an attendance code is for, and whether he belongs to the group on the lesson's date.</summary>
        public (int Id, bool IsMember)? Student { get; init; }
    }

    /// <summary>
    /// The lesson a write is about, or the refusal: 403 not a teacher, 404 unknown, 403 not his journal, 409 closed year or period.
    /// One query reads the lesson, its school's clock and rules, its substitute, and whether its year or period is closed
    /// (issue 16: five round trips before), and for a write about a student, whether he is in the group that day.
    /// </summary>
    public static Task<(WritableLesson? Lesson, Problem? Refusal)> WritableLessonAsync(int lessonId, AccessService access, JournalDbContext db,
        CancellationToken ct) => WritableLessonAsync(lessonId, null, access, db, ct);

    public static async Task<(WritableLesson? Lesson, Problem? Refusal)> WritableLessonAsync(int lessonId, int? studentId, AccessService access,
        JournalDbContext db, CancellationToken ct)
    {
        if (!access.WritesJournals) return (null, JournalProblems.NotHisJournal);
        var row = await LessonRowOf(db, lessonId, studentId, ct);
        if (row is null) return (null, Problem.NotFound("Урок не найден"));
        if (!await access.CanWriteLessonAsync(row.TeachingGroupId, row.SubstituteTeacherId, ct)) return (null, JournalProblems.NotHisJournal);
        if (row.YearClosed) return (null, JournalProblems.YearClosed);
        if (row.StudyPeriodId is not null && row.PeriodLocked) return (null, JournalProblems.Locked);
        return (new WritableLesson(row.Id, row.SchoolId, row.TeachingGroupId, row.StudyPeriodId, row.Date, row.Kind)
        {
            TimeZone = row.School?.TimeZone ?? "Europe/Moscow",
            TopGrade = row.TopGrade ?? 0,
            Rules = row.School?.Rules ?? DeadlineRules.Default,
            Student = studentId is int id ? (id, row.IsMember) : null,
        }, null);
    }

    private sealed record SchoolRow(string TimeZone, DeadlineRules Rules);

    private sealed record LessonRow(int Id, int SchoolId, int TeachingGroupId, int? StudyPeriodId, DateOnly Date, int? SubstituteTeacherId,
        GradingKind Kind, SchoolRow? School, int? TopGrade, bool YearClosed, bool PeriodLocked, bool IsMember);

    // Every journal write reads it: compiled once, it skips building the LINQ tree and looking it up in EF's cache each time, which
    // was four fifths of the query's CPU (issue 16, perf of one writer flat out).
    private static readonly Func<JournalDbContext, int, int?, CancellationToken, Task<LessonRow?>> LessonRowOf = EF.CompileAsyncQuery(
        (JournalDbContext db, int lessonId, int? studentId, CancellationToken ct) => db.Lessons.AsNoTracking().Where(l => l.Id == lessonId)
            .Select(l => new LessonRow(l.Id, l.SchoolId, l.TeachingGroupId, l.StudyPeriodId, l.Date, l.SubstituteTeacherId,
                l.TeachingGroup!.GradingSystem!.Kind,
                db.Schools.Where(s => s.Id == l.SchoolId).Select(s => new SchoolRow(s.TimeZone,
                    new DeadlineRules(s.ControlWorkMarkDays, s.EssayMarkDays, s.HomeworkGraceMinutes))).FirstOrDefault(),
                l.TeachingGroup.Classes.Max(c => (int?)c.SchoolClass!.Grade),
                db.AcademicYears.Any(y => y.Id == l.TeachingGroup.AcademicYearId && y.IsClosed),
                db.PeriodLocks.Any(p => p.TeachingGroupId == l.TeachingGroupId && p.StudyPeriodId == l.StudyPeriodId && p.ReopenedAt == null),
                studentId != null && db.GroupMemberships.Any(m => m.TeachingGroupId == l.TeachingGroupId && m.StudentId == studentId
                    && m.From <= l.Date && (m.To == null || m.To >= l.Date))))
            .FirstOrDefault());

    /// <summary>
    /// A mark or an attendance code for a lesson whose day has not come on the school's clock is refused; a moved lesson
    /// counts on its new date. Topics and homework are planned ahead and do not ask.
    /// </summary>
    public static Problem? NotYetHeld(WritableLesson lesson, TimeProvider time) =>
        Deadlines.DayHasCome(lesson.Date, SchoolClock.Now(time, lesson.TimeZone)) ? null : JournalProblems.NotYetHeld(lesson.Date);

    /// <summary>Whether the group belongs to an academic year the rollover has closed: every journal write checks it.</summary>
    public static Task<bool> IsYearClosedAsync(int groupId, JournalDbContext db, CancellationToken ct) =>
        db.TeachingGroups.AnyAsync(g => g.Id == groupId && db.AcademicYears.Any(y => y.Id == g.AcademicYearId && y.IsClosed), ct);

    /// <summary>Marks and attendance only for a student who belongs to the group on the lesson's date (read with the lesson).</summary>
    public static bool IsMember(WritableLesson lesson, int studentId) =>
        lesson.Student is { } s && s.Id == studentId ? s.IsMember
            : throw new InvalidOperationException("Урок прочитан без этого ученика: передайте его в WritableLessonAsync.");

    /// <summary>
    /// The one write pattern of the journal: the change is saved first, so a new row has its id, then its audit
    /// event is appended; one transaction holds both, so neither lands without the other.
    /// </summary>
    public static Task SaveAuditedAsync(JournalDbContext db, AuditLog audit, CancellationToken ct, Func<Task> record) =>
        audit.SaveAuditedAsync(db, record, ct);

    /// <summary>
    /// A mark's write: the change is staged on a context and its audit event described after the save. On SQLite the group commit
    /// saves it with the other marks of that moment (decision 0026); without one (PostgreSQL) it is staged on the request's own
    /// context and saved in its transaction, as every other journal write is.
    /// </summary>
    public static async Task SaveAuditedAsync(JournalDbContext db, AuditLog audit, GroupCommit? commit, int schoolId, GroupCommit.Stage stage,
        CancellationToken ct)
    {
        if (commit is not null)
        {
            await commit.WriteAsync(audit.Actor(schoolId), stage);
            return;
        }
        var describe = stage(db);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(describe(), ct: ct), ct);
    }

    /// <summary>By id, name or short name; none given means the school's first work type.</summary>
    public static Task<WorkType?> WorkTypeAsync(string? given, JournalDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(given)) return FirstWorkType(db, ct);
        var name = given.Trim();
        var id = int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        return WorkTypeNamed(db, id, name, ct);
    }

    // Compiled, as the lesson's query: a mark write asks one of them.
    private static readonly Func<JournalDbContext, CancellationToken, Task<WorkType?>> FirstWorkType = EF.CompileAsyncQuery(
        (JournalDbContext db, CancellationToken ct) => db.WorkTypes.OrderBy(w => w.SortOrder).ThenBy(w => w.Id).FirstOrDefault());

    private static readonly Func<JournalDbContext, int, string, CancellationToken, Task<WorkType?>> WorkTypeNamed = EF.CompileAsyncQuery(
        (JournalDbContext db, int id, string name, CancellationToken ct) => db.WorkTypes.OrderBy(w => w.SortOrder).ThenBy(w => w.Id)
            .FirstOrDefault(w => w.Id == id || w.Name == name || w.ShortName == name));

    public static Problem UnknownWorkType(string? given) =>
        Problem.BadRequest(
            "Неизвестный вид работы",
            $"Вида работы «{given}» в школе нет. Укажите его название, краткое название или номер из справочника видов работ.");

    /// <summary>What the audit log keeps of a mark: enough to show and to restore it.</summary>
    public sealed record MarkSnapshot(int StudentId, int LessonId, string Value, string WorkType, string? Comment);

    public static MarkSnapshot Snapshot(Mark m, WorkType w) => new(m.StudentId, m.LessonId, m.Value, w.Name, m.Comment);

    public static JournalApi.MarkDto ToDto(Mark m, WorkType w) =>
        new(m.Id, m.LessonId, m.StudentId, m.Value, w.Name, w.Id, w.Weight, m.Comment, m.CreatedAt, m.UpdatedAt, m.IsMakeUp);

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
