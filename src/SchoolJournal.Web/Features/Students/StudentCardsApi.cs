using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Students;

/// <summary>/api/v1/students/{id}/card: a student's personal file, read and corrected by his class teacher and the administration.</summary>
public static class StudentCardsApi
{
    public static IServiceCollection AddStudentCards(this IServiceCollection services) =>
        services.AddScoped<StudentCards>().AddScoped<StaffDuties>();

    public static RouteGroupBuilder MapStudentCardsApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Личные дела и ответственные");
        api.MapGet("/students/{studentId:int}/card", async (int studentId, StudentCards cards, CancellationToken ct) =>
                (await cards.GetAsync(studentId, ct)).ToResult())
            .WithSummary("Личное дело ученика: ФИО, дата рождения, пол, СНИЛС, адрес, документ, группа здоровья, физкультурная группа, родители.")
            .Produces<StudentCards.CardDto>()
            .ProducesProblems(403, 404);
        api.MapPut("/students/{studentId:int}/card", async (int studentId, StudentCards.CardInput input, StudentCards cards,
                CancellationToken ct) => (await cards.SaveAsync(studentId, input, ct)).ToResult())
            .WithSummary("Исправить личное дело (классный руководитель своего класса, директор, заместитель): все поля, пустые — null.")
            .Produces<StudentCards.CardDto>()
            .ProducesProblems(400, 403, 404);
        api.MapGet("/staff-duties", async (StaffDuties duties, CancellationToken ct) => (await duties.ListAsync(ct)).ToResult())
            .WithSummary("Ответственные: за ведение электронного журнала, за резервное копирование, за выдачу логинов — действующие и прежние.")
            .Produces<IReadOnlyList<StaffDuties.DutyDto>>()
            .ProducesProblems(403);
        api.MapPost("/staff-duties", async (StaffDuties.AppointInput input, StaffDuties duties, CancellationToken ct) =>
                (await duties.AppointAsync(input, ct)).ToResult(d => Results.Created($"/api/v1/staff-duties/{d.Id}", d)))
            .WithSummary("Назначить ответственного (директор): { staffMemberId, duty: journal|backups|credentials, from, order? }.")
            .Produces<StaffDuties.DutyDto>(StatusCodes.Status201Created)
            .ProducesProblems(400, 403, 409);
        api.MapPost("/staff-duties/{id:int}/end", async (int id, StaffDuties.EndInput input, StaffDuties duties, CancellationToken ct) =>
                (await duties.EndAsync(id, input, ct)).ToResult())
            .WithSummary("Прекратить назначение (директор) с даты { to }: с её следующего дня права ответственного не действуют.")
            .Produces<StaffDuties.DutyDto>()
            .ProducesProblems(400, 403, 404, 409);
        return v1;
    }
}
