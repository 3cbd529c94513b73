using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Changes;

/// <summary>
/// The deputy's changes of the year: the schedule of control works (ВШК, R-YEAR-12) and the register of substitutions
/// and moves of lessons (R-YEAR-13). Writes: those who manage the year; the register is read by staff; control works
/// by staff and, for their own classes, by students and parents.
/// </summary>
public static class ChangesApi
{
    public static IServiceCollection AddChanges(this IServiceCollection services) =>
        services.AddScoped<RegisterChange>().AddScoped<SaveControlWork>();

    public static RouteGroupBuilder MapChangesApi(this RouteGroupBuilder v1)
    {
        var works = v1.MapGroup("").WithTags("График контрольных работ (ВШК)");
        works.MapGet("/control-works", ListWorksAsync)
            .WithSummary(
                "Контрольные работы за период дат (from, to) по классу (classId). Сотрудники видят все классы, ученик и родитель — только свои.")
            .ProducesProblems(400, 403);
        works.MapPost("/control-works", CreateWorkAsync)
            .WithSummary(
                "Добавить контрольную работу: classId, groupId?, subjectId, date, lessonNumber?, form, title?. Перегрузка класса не мешает " +
                    "сохранить, но возвращается в warnings.")
            .ProducesProblems(400, 403);
        works.MapPut("/control-works/{id:int}", ChangeWorkAsync)
            .WithSummary("Изменить контрольную работу; предупреждения о перегрузке — в warnings.")
            .ProducesProblems(400, 403, 404);
        works.MapDelete("/control-works/{id:int}", DeleteWorkAsync)
            .WithSummary("Удалить контрольную работу из графика.")
            .ProducesProblems(403, 404);

        var changes = v1.MapGroup("").WithTags("Замены и переносы");
        changes.MapGet("/substitutions", ListChangesAsync)
            .WithSummary(
                "Журнал замен: замены, переносы, смены кабинета и отмены уроков за даты from–to (по умолчанию текущий месяц), по учителю или классу.")
            .ProducesProblems(400, 403);
        changes.MapPost("/substitutions", RegisterAsync)
            .WithSummary(
                "Зарегистрировать изменение урока: kind = substitution (teacherId), move (date и/или number), room (roomId) или cancel; reason — " +
                    "причина.")
            .ProducesProblems(400, 403, 404, 409);
        changes.MapDelete("/substitutions/{id:int}", UndoAsync)
            .WithSummary("Отменить изменение урока: урок возвращается как было. Только последнее изменение урока.")
            .ProducesProblems(403, 404, 409);
        return v1;
    }

    // ---- control works ----

    private static async Task<IResult> ListWorksAsync(int? classId, DateOnly? from, DateOnly? to, AccessService access,
        JournalDbContext db, CancellationToken ct)
    {
        var classes = await ControlWorkList.ReadableClassesAsync(access, db, ct);
        if (classId is int id && !await classes.AnyAsync(c => c.Id == id, ct))
            return ApiProblem.Forbidden("Нет доступа к графику класса", "Ученик и родитель видят контрольные работы только своего класса.");
        if (from > to) return ApiProblem.BadRequest("Неверный период", "Дата «с» позже даты «по».");
        var ids = classId is int one ? [one] : await classes.Select(c => c.Id).ToListAsync(ct);
        return Results.Ok(await ControlWorkList.LoadAsync(db, ids, from, to, ct));
    }

    private static async Task<IResult> CreateWorkAsync(SaveControlWork.Input input, SaveControlWork write, CancellationToken ct) =>
        (await write.HandleAsync(null, input, dryRun: false, ct)).ToResult(work => Results.Created($"/api/v1/control-works/{work.Id}", work));

    private static async Task<IResult> ChangeWorkAsync(int id, SaveControlWork.Input input, SaveControlWork write, CancellationToken ct) =>
        (await write.HandleAsync(id, input, dryRun: false, ct)).ToResult();

    private static async Task<IResult> DeleteWorkAsync(int id, SaveControlWork write, CancellationToken ct) =>
        (await write.DeleteAsync(id, ct)).ToResult(_ => Results.NoContent());

    // ---- substitutions and moves ----

    private static async Task<IResult> ListChangesAsync(DateOnly? from, DateOnly? to, int? teacherId, int? classId,
        AccessService access, JournalDbContext db, CancellationToken ct)
    {
        if (!access.IsStaff)
            return ApiProblem.Forbidden("Нет доступа к журналу замен", "Журнал замен читают сотрудники школы.");
        if (from > to) return ApiProblem.BadRequest("Неверный период", "Дата «с» позже даты «по».");
        var (first, last) = DefaultMonth(access.Today(), from, to);
        return Results.Ok(await ChangeRegister.LoadAsync(db, new ChangeRegister.Filter(first, last, teacherId, classId), ct));
    }

    /// <summary>The month of today when no dates are given; one given date is kept with the other end of its month.</summary>
    public static (DateOnly From, DateOnly To) DefaultMonth(DateOnly today, DateOnly? from, DateOnly? to)
    {
        var anchor = from ?? to ?? today;
        var first = new DateOnly(anchor.Year, anchor.Month, 1);
        return (from ?? first, to ?? first.AddMonths(1).AddDays(-1));
    }

    private static async Task<IResult> RegisterAsync(RegisterChange.Input input, RegisterChange write, CancellationToken ct) =>
        (await write.HandleAsync(input, ct)).ToResult(row => Results.Created($"/api/v1/substitutions/{row.Id}", row));

    private static async Task<IResult> UndoAsync(int id, RegisterChange write, CancellationToken ct) =>
        (await write.UndoAsync(id, ct)).ToResult(_ => Results.NoContent());
}

/// <summary>Reading the schedule of control works: who sees which classes, and the entries of some classes over some dates.</summary>
public static class ControlWorkList
{
    /// <summary>Staff read every class's schedule; a student his own class's, a parent his children's classes'.</summary>
    public static async Task<IQueryable<SchoolClass>> ReadableClassesAsync(AccessService access, JournalDbContext db, CancellationToken ct) =>
        access.IsStaff ? db.SchoolClasses : await access.VisibleClassesAsync(ct);

    public static async Task<List<SaveControlWork.Dto>> LoadAsync(JournalDbContext db, IReadOnlyCollection<int> classIds, DateOnly? from,
        DateOnly? to, CancellationToken ct)
    {
        var q = db.ControlWorks.AsNoTracking().Where(w => classIds.Contains(w.SchoolClassId));
        if (from is DateOnly f) q = q.Where(w => w.Date >= f);
        if (to is DateOnly t) q = q.Where(w => w.Date <= t);
        var rows = await q.OrderBy(w => w.Date)
            .ThenBy(w => w.SchoolClass!.Grade).ThenBy(w => w.SchoolClass!.Letter).ThenBy(w => w.LessonNumber).ThenBy(w => w.Id)
            .Select(w => new
            {
                w.Id, w.SchoolClassId, w.SchoolClass!.Grade, w.SchoolClass.Letter, w.TeachingGroupId,
                Group = db.TeachingGroups.Where(g => g.Id == w.TeachingGroupId).Select(g => g.Name).FirstOrDefault(),
                w.SubjectId, Subject = w.Subject!.Name, w.Date, w.LessonNumber, w.Form, w.Title,
            })
            .ToListAsync(ct);
        return [.. rows.Select(w => new SaveControlWork.Dto(w.Id, w.SchoolClassId, $"{w.Grade}{w.Letter}", w.TeachingGroupId, w.Group, w.SubjectId,
            w.Subject, w.Date, w.LessonNumber, ChangeRules.Forms.CodeOf(w.Form), ChangeRules.Forms.NameOf(w.Form), w.Title))];
    }
}
