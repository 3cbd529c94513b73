using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Support;

/// <summary>/api/v1/support-requests: send, read one's own, and (administrators) read all and answer.</summary>
public static class SupportApi
{
    public static IServiceCollection AddSupport(this IServiceCollection services) => services.AddScoped<SupportRequests>();

    public static RouteGroupBuilder MapSupportApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Обращения в поддержку");
        api.MapGet("/support-requests", async (bool? all, string? status, SupportRequests support, CancellationToken ct) =>
                status is not null && SupportStatuses.Parse(status) is null
                    ? new Problem(StatusCodes.Status400BadRequest, "Неизвестное состояние",
                        "Состояние обращения — new (новое), in-progress (в работе) или resolved (решено).").ToResult()
                    : (await support.ListAsync(all == true, SupportStatuses.Parse(status), ct)).ToResult())
            .WithSummary("Мои обращения; all=true — все обращения школы (системный администратор, директор); status=new|in-progress|resolved.")
            .Produces<IReadOnlyList<SupportRequestDto>>()
            .ProducesProblems(400, 403);
        api.MapGet("/support-requests/{id:int}", async (int id, SupportRequests support, CancellationToken ct) =>
                (await support.GetAsync(id, ct)).ToResult())
            .WithSummary("Одно обращение: автору и администраторам.")
            .Produces<SupportRequestDto>()
            .ProducesProblems(403, 404);
        api.MapPost("/support-requests", async (SupportInput input, SupportRequests support, CancellationToken ct) =>
                (await support.SendAsync(input, ct)).ToResult(dto => Results.Created($"/api/v1/support-requests/{dto.Id}", dto)))
            .WithSummary("Отправить обращение { subject, text, page? } администраторам школы; состояние — «новое».")
            .Produces<SupportRequestDto>(StatusCodes.Status201Created)
            .ProducesProblems(400, 403);
        api.MapPut("/support-requests/{id:int}", async (int id, SupportUpdate input, SupportRequests support, CancellationToken ct) =>
                (await support.UpdateAsync(id, input, ct)).ToResult())
            .WithSummary("Состояние и ответ { status, answer } (системный администратор, директор); «решено» — только с ответом.")
            .Produces<SupportRequestDto>()
            .ProducesProblems(400, 403, 404);
        return v1;
    }
}
