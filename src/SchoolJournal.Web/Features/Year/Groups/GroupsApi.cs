using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Groups;

/// <summary>
/// The year set-up's groups (R-YEAR-6, R-YEAR-8) and student movement (R-YEAR-14). GET /api/v1/groups (the list) is
/// SchoolApi's fixed route; these are the card, the writes and the members with dates.
/// </summary>
public static class GroupsApi
{
    public static IServiceCollection AddGroups(this IServiceCollection services) => services
        .AddScoped<SaveGroup>().AddScoped<GroupMembers>().AddScoped<SplitClass>().AddScoped<StudentMovement>();

    public static RouteGroupBuilder MapGroupsApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Группы и потоки")
            .ProducesProblems(403, 404);
        api.MapPost("/groups", async (GroupInput input, SaveGroup save, CancellationToken ct) =>
                (await save.CreateAsync(input, ct)).ToResult(g => Results.Created($"/api/v1/groups/{g.Id}", g)))
            .WithSummary(
                "Создать группу: весь класс, подгруппа, поток, ИУП, внеурочная. Система оценивания по умолчанию — предмета, иначе класса, иначе " +
                    "пятибалльная. Управляющие годом; классный руководитель — подгруппы своего класса.")
            .ProducesProblems(400);
        api.MapGet("/groups/{id:int}", GetAsync)
            .WithSummary("Карточка группы: предмет, вид, классы, система оценивания, режим, учителя, число учеников.");
        api.MapPut("/groups/{id:int}", async (int id, GroupInput input, SaveGroup save, CancellationToken ct) =>
                (await save.UpdateAsync(id, input, ct)).ToResult())
            .WithSummary("Изменить группу (все поля, как при создании).").ProducesProblems(400);
        api.MapDelete("/groups/{id:int}", async (int id, SaveGroup save, CancellationToken ct) =>
                (await save.DeleteAsync(id, ct)).ToResult(_ => Results.NoContent()))
            .WithSummary("Удалить группу без уроков; у группы с уроками — 409.").ProducesProblems(409);
        api.MapGet("/groups/{id:int}/members", MembersAsync).WithSummary("Состав группы с датами участия: каждый срок — строка.");
        api.MapPost("/groups/{id:int}/members", async (int id, MemberInput input, GroupMembers members, CancellationToken ct) =>
                (await members.AddAsync(id, input, ct)).ToResult(m => Results.Created($"/api/v1/groups/{id}/members", m)))
            .WithSummary(
                "Включить ученика в группу с даты: { studentId, from }. Только ученик класса группы на эту дату; сроки не пересекаются (409).")
            .ProducesProblems(400, 409);
        api.MapPost("/groups/{id:int}/members/{studentId:int}/end",
            async (int id, int studentId, EndInput input, GroupMembers members, CancellationToken ct) =>
                (await members.EndAsync(id, studentId, input, ct)).ToResult())
            .WithSummary("Завершить участие ученика в группе: { date } — последний день в группе.").ProducesProblems(400);
        api.MapPost("/classes/{classId:int}/split", async (int classId, SplitInput input, SplitClass split, CancellationToken ct) =>
                (await split.HandleAsync(classId, input, ct)).ToResult(g => Results.Created($"/api/v1/groups/{g[0].Id}", g)))
            .WithSummary(
                "Разделить класс на две подгруппы по предмету: { subjectId, by: alphabet|gender, from }. Названия «Предмет 5А (1 гр.)» и «(2 гр.)».")
            .ProducesProblems(400, 409);

        var movement = v1.MapGroup("").WithTags("Движение обучающихся")
            .ProducesProblems(400, 403, 404);
        movement.MapPost("/students", async (ArrivalInput input, StudentMovement move, CancellationToken ct) =>
                (await move.ArriveAsync(input, ct)).ToResult(m => Results.Created($"/api/v1/students/{m.StudentId}/movements", m)))
            .WithSummary(
                "Прибытие: { lastName, firstName, middleName?, birthDate, gender: male|female, classId, date, order? }. Ученик входит в группы " +
                    "«весь класс» с даты; подгруппы — в ответе (subGroupsToChoose).");
        movement.MapPost("/students/{id:int}/transfer", async (int id, TransferInput input, StudentMovement move, CancellationToken ct) =>
                (await move.TransferAsync(id, input, ct)).ToResult())
            .WithSummary(
                "Перевод в другой класс: { classId, date, order? }. Прежний класс и его группы — по день накануне; группы нового класса «весь " +
                    "класс» — с даты; общие потоки продолжаются.");
        movement.MapPost("/students/{id:int}/withdrawal", async (int id, WithdrawalInput input, StudentMovement move, CancellationToken ct) =>
                (await move.WithdrawAsync(id, input, ct)).ToResult())
            .WithSummary("Выбытие: { date, order?, reason? } — последний день обучения; все группы завершаются этой датой.");
        movement.MapGet("/students/{id:int}/movements", HistoryAsync)
            .WithSummary("История зачислений ученика: классы с датами, основания и приказы.");
        return v1;
    }

    private static async Task<IResult> GetAsync(int id, AccessService access, JournalDbContext db, CancellationToken ct)
    {
        if (!await db.TeachingGroups.AnyAsync(g => g.Id == id, ct)) return ApiProblem.NotFound("Группа не найдена");
        if (!await GroupAccess.CanReadAsync(access, id, ct)) return ReadRefused;
        return Results.Ok(await GroupQueries.GroupAsync(db, id, ct));
    }

    private static async Task<IResult> MembersAsync(int id, AccessService access, JournalDbContext db, CancellationToken ct)
    {
        if (!await db.TeachingGroups.AnyAsync(g => g.Id == id, ct)) return ApiProblem.NotFound("Группа не найдена");
        if (!await GroupAccess.CanReadAsync(access, id, ct)) return ReadRefused;
        return Results.Ok(await GroupQueries.MembersAsync(db, id, ct));
    }

    private static async Task<IResult> HistoryAsync(int id, AccessService access, JournalDbContext db, CancellationToken ct)
    {
        if (!await db.Students.AnyAsync(s => s.Id == id, ct)) return ApiProblem.NotFound("Ученик не найден");
        if (!access.CanManageYear && !await access.CanSeeStudentAsStaffAsync(id, ct))
            return ApiProblem.Forbidden("Нет доступа к ученику",
                "Историю движения видят администрация школы, классный руководитель и учителя ученика.");
        return Results.Ok(await StudentMovement.HistoryAsync(db, id, ct));
    }

    private static IResult ReadRefused => ApiProblem.Forbidden("Нет доступа к группе",
        "Группу видят администрация школы, её учителя и классные руководители её классов.");
}
