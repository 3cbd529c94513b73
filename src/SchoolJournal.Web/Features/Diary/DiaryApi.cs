using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Diary;

/// <summary>The diary's week and day views (Index.cshtml) and GET /api/v1/students/{studentId}/diary (API.md).</summary>
public static class DiarySetup
{
    public const int MaxDays = 62;

    public static RouteGroupBuilder MapDiaryApi(this RouteGroupBuilder v1)
    {
        v1.MapGroup("").WithTags("Дневник")
            .MapGet("/students/{studentId:int}/diary", GetAsync)
            .WithSummary(
                "Дневник ученика за даты from–to (ГГГГ-ММ-ДД, не больше 62 дней): по дням — уроки с предметом, учителем (заменяющим, если была " +
                    "замена), " +
                         "темой, домашним заданием (только если оно задано этому ученику), отметками с видом работы и пропуском (Н, Б, У, ОП). " +
                         "Дни без уроков не выводятся. substitution есть только у изменённого урока: kind — «substitute» (замена учителя; teacher, " +
                             "originalTeacher), " +
                         "«moved» (перенесён; fromDate, fromNumber — где стоял по расписанию), «cancelled» (отменён) или «room» (другой кабинет; " +
                             "room); " +
                         "kind называет главное изменение (отмена, затем перенос, затем замена), остальные поля заполнены, если относятся к уроку. " +
                         "Ученику, его родителям и сотрудникам, которые у него работают.")
            .Produces<DiaryDto>()
            .ProducesProblems(400, 403);
        return v1;
    }

    public sealed record DiaryDto(IReadOnlyList<DayDto> Days);

    public sealed record DayDto(DateOnly Date, IReadOnlyList<LessonDto> Lessons);

    public sealed record LessonDto(int LessonId, string Subject, string Teacher, string? Topic, string? Homework,
        IReadOnlyList<MarkDto> Marks, string? Absence,
        [property: System.Text.Json.Serialization.JsonIgnore(
            Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] SubstitutionDto? Substitution);

    public sealed record MarkDto(string Value, string WorkType);

    /// <param name="Kind">substitute, moved, cancelled or room.</param>
    public sealed record SubstitutionDto(string Kind, string? Teacher, string? OriginalTeacher, DateOnly? FromDate, int? FromNumber, string? Room);

    private static async Task<IResult> GetAsync(int studentId, string? from, string? to,
        [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db, [FromKeyedServices(ReadRouting.Reads)] AccessService access,
        CurrentUser user, CancellationToken ct)
    {
        if (!TryDate(from, out var start) || !TryDate(to, out var end))
            return ApiProblem.BadRequest("Неверные даты", "Укажите даты from и to в виде ГГГГ-ММ-ДД, например from=2026-11-23&to=2026-11-29.");
        if (start > end)
            return ApiProblem.BadRequest("Неверные даты", "Дата from должна быть не позже даты to.");
        if (end.DayNumber - start.DayNumber + 1 > MaxDays)
            return ApiProblem.BadRequest("Слишком большой период", $"Дневник выдаётся не больше чем за {MaxDays} дня за один запрос.");

        var diary = await DiaryWeek.LoadAsync(db, user.SchoolId, access.DiaryReadableStudents(), access.OwnStudents(), studentId, start, end, ct);
        if (diary is null)
            return ApiProblem.Forbidden("Нет доступа", "Дневник этого ученика вам недоступен.");
        return Results.Ok(ToDto(diary));
    }

    public static DiaryDto ToDto(DiaryWeek diary) => new(
        [.. diary.Days.Select(d => new DayDto(d.Date, [.. d.Lessons.Where(l => l.MovedTo is null).Select(ToDto)])).Where(d => d.Lessons.Count > 0)]);

    private static LessonDto ToDto(DiaryWeek.LessonRow l) => new(l.LessonId, l.Subject, l.Teacher, l.Topic, l.Homework?.Text,
        [.. l.Marks.Select(m => new MarkDto(m.Value, m.WorkType))], l.Absence?.Code, Substitution(l));

    private static SubstitutionDto? Substitution(DiaryWeek.LessonRow l)
    {
        var kind = l.Cancelled ? "cancelled" : l.MovedFrom is not null ? "moved" : l.Substituted ? "substitute" : l.RoomChanged ? "room" : null;
        return kind is null ? null : new SubstitutionDto(kind, l.Substituted ? l.Teacher : null, l.RegularTeacher,
            l.MovedFrom?.Date, l.MovedFrom?.Number, l.RoomChanged ? l.Room : null);
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
