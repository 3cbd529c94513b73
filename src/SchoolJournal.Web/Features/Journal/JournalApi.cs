using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Journal.JournalWrite;

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
    /// <summary><see cref="FromPaper"/>: entered after a registered outage of its lesson's day, from the paper form (R-ARCH-5).</summary>
    public sealed record CellMark(int Id, int LessonId, string Value, string WorkType, decimal Weight, bool MakeUp = false, bool FromPaper = false);
    /// <summary><see cref="Source"/>: «lesson» for the subject teacher's mark, «daily» for the class teacher's mark for the day.</summary>
    public sealed record Absence(int LessonId, string Code, string Source = "lesson");

    public sealed record MarkInput(int StudentId, string? Value, string? WorkType, string? Comment, bool MakeUp = false);
    public sealed record MarkChange(string? Value, string? WorkType, string? Comment);
    public sealed record MarkDto(int Id, int LessonId, int StudentId, string Value, string WorkType, int WorkTypeId, decimal Weight,
        string? Comment, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt, bool MakeUp = false);
    public sealed record AttendanceInput(int StudentId, string? Code, int? LateMinutes);
    public sealed record AttendanceDto(int LessonId, int StudentId, string? Code, int? LateMinutes);
    public sealed record LessonInput(string? Topic, string? Homework);
    public sealed record ReopenInput(string? Reason);
    public sealed record LockDto(int GroupId, int PeriodId, bool Locked, DateTimeOffset? LockedAt, DateTimeOffset? ReopenedAt, string? ReopenReason);

    public const int TopicMax = 500;
    public const int HomeworkMax = 4000;
    public const int CommentMax = 500;
    public const int ReasonMax = 1000;

    public static RouteGroupBuilder MapJournalApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Журнал");
        api.MapGet("/groups/{groupId:int}/journal", JournalAsync)
            .WithSummary(
                "Журнал группы за период: уроки, отметки, пропуски, средний балл. periodId по умолчанию — период, в который входит сегодняшний " +
                    "день, иначе последний.")
            .ProducesProblems(403, 404);
        api.MapPost("/lessons/{lessonId:int}/marks", CreateMarkAsync)
            .WithSummary(
                "Поставить отметку. workType — название, краткое название или id вида работы (строкой); по умолчанию первый вид работы школы.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapPut("/marks/{id:int}", ChangeMarkAsync)
            .WithSummary("Исправить отметку: значение, вид работы (название, краткое название или id), комментарий (пустая строка удаляет его).")
            .ProducesProblems(400, 403, 404, 409);
        api.MapDelete("/marks/{id:int}", DeleteMarkAsync)
            .WithSummary("Удалить отметку; журнал аудита хранит, что было.")
            .ProducesProblems(403, 404, 409);
        api.MapPut("/lessons/{lessonId:int}/attendance", SetAttendanceAsync)
            .WithSummary("Отметить посещаемость ученика на уроке: Н, Б, У, ОП (с минутами опоздания) или null, чтобы снять отметку.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapPut("/lessons/{lessonId:int}", ChangeLessonAsync)
            .WithSummary("Тема урока и домашнее задание; не переданное поле не меняется, пустая строка его очищает.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapPost("/groups/{groupId:int}/periods/{periodId:int}/lock", LockAsync)
            .WithSummary("Закрыть период группы: журнал становится только для чтения. Учитель группы, заместитель директора, директор.")
            .ProducesProblems(403, 404);
        api.MapPost("/groups/{groupId:int}/periods/{periodId:int}/reopen", ReopenAsync)
            .WithSummary("Открыть закрытый период с письменной причиной (попадает в журнал аудита). Заместитель директора, директор.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/classes/{classId:int}/summary-sheet", SummarySheetAsync)
            .WithSummary(
                "Сводная ведомость итоговых отметок класса: годовые, экзаменационные и итоговые отметки, скопированные из журналов. Классный " +
                    "руководитель, заместитель директора, директор.")
            .ProducesProblems(403, 404);
        return v1;
    }

    private static async Task<IResult> SummarySheetAsync(int classId, SummarySheetView reader, CancellationToken ct)
    {
        var sheet = await reader.LoadAsync(classId, ct);
        return sheet.ToResult();
    }

    public static IServiceCollection AddJournal(this IServiceCollection services) => services
        .AddScoped<JournalGrid>().AddScoped<RecordMark>().AddScoped<RemoveMark>().AddScoped<SetAttendance>().AddScoped<ChangeLesson>()
        .AddScoped<MarkDailyAbsence>().AddScoped<OverdueList>().AddScoped<ClassJournal>()
        .AddScoped<SetPeriodGrade>().AddScoped<LockPeriod>().AddScoped<AttachHomeworkFile>()
        .AddScoped<SummarySheetView>().AddScoped<SetHomeworkStudents>();

    // ---- the grid ----

    private static async Task<IResult> JournalAsync(int groupId, int? periodId, JournalGrid reader, CancellationToken ct)
    {
        var grid = await reader.LoadAsync(groupId, periodId, ct);
        return grid.ToResult(v => Results.Ok(v.Journal));
    }

    // ---- marks ----

    private static async Task<IResult> CreateMarkAsync(int lessonId, MarkInput input, RecordMark write, CancellationToken ct) =>
        (await write.HandleAsync(lessonId, input, ct)).ToResult(mark => Results.Created($"/api/v1/marks/{mark.Id}", mark));

    private static async Task<IResult> ChangeMarkAsync(int id, MarkChange input, AccessService access, JournalDbContext db,
        AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        if (!access.WritesJournals) return JournalProblems.NotHisJournal.ToResult();
        var mark = await db.Marks.Include(m => m.WorkType).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (mark is null) return Problem.NotFound("Отметка не найдена").ToResult();
        var (lesson, refusal) = await WritableLessonAsync(mark.LessonId, access, db, ct);
        if (lesson is null) return refusal!.ToResult();
        if (NotYetHeld(lesson, time) is { } notYet) return notYet.ToResult();
        var value = input.Value is null ? mark.Value : MarkScale.Normalize(lesson.Kind, input.Value);
        if (value is null) return Problem.BadRequest("Недопустимая отметка", MarkScale.Error(lesson.Kind, input.Value)).ToResult();
        var workType = input.WorkType is null ? mark.WorkType! : await WorkTypeAsync(input.WorkType, db, ct);
        if (workType is null) return UnknownWorkType(input.WorkType).ToResult();
        if (input.Comment is { Length: > CommentMax }) return Problem.TooLong("Комментарий", CommentMax).ToResult();

        var before = Snapshot(mark, mark.WorkType!);
        mark.Value = value;
        mark.WorkTypeId = workType.Id;
        mark.WorkType = workType;
        if (input.Comment is not null) mark.Comment = Blank(input.Comment);
        var after = Snapshot(mark, workType);
        if (before == after) return Results.Ok(JournalWrite.ToDto(mark, workType));
        mark.UpdatedAt = time.GetUtcNow();
        mark.IsLate |= !mark.IsMakeUp && LateEntries.Mark(lesson, workType, time);
        await SaveAuditedAsync(db, audit, ct, () => audit.RecordAsync(AuditEventType.MarkChanged, "mark", mark.Id, before, after, ct: ct));
        return Results.Ok(JournalWrite.ToDto(mark, workType));
    }

    private static async Task<IResult> DeleteMarkAsync(int id, RemoveMark write, CancellationToken ct) =>
        (await write.HandleAsync(id, ct)).ToResult(_ => Results.NoContent());

    // ---- attendance ----

    private static async Task<IResult> SetAttendanceAsync(int lessonId, AttendanceInput input, SetAttendance write, CancellationToken ct) =>
        (await write.HandleAsync(lessonId, input, ct)).ToResult();

    // ---- topic and homework ----

    private static async Task<IResult> ChangeLessonAsync(int lessonId, LessonInput input, ChangeLesson write, CancellationToken ct) =>
        (await write.HandleAsync(lessonId, input, ct)).ToResult();

    // ---- period lock ----

    private static async Task<IResult> LockAsync(int groupId, int periodId, LockPeriod write, CancellationToken ct) =>
        (await write.LockAsync(groupId, periodId, ct)).ToResult();

    private static async Task<IResult> ReopenAsync(int groupId, int periodId, ReopenInput? input, LockPeriod write, CancellationToken ct) =>
        (await write.ReopenAsync(groupId, periodId, input?.Reason, ct)).ToResult();
}
