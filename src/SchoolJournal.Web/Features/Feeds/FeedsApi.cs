using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Feeds;

// Private iCalendar feeds of a student's or a teacher's lessons (R-X-3).
public static class FeedsSetup
{
    public sealed record FeedInput(int? StudentId);

    public sealed record CreatedDto(int Id, string Url);

    public static IServiceCollection AddFeeds(this IServiceCollection services)
    {
        services.AddScoped<CalendarFeeds>();
        // The feed's URL is its only credential: request paths must not reach the logs (the host logs them at Information).
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        return services;
    }

    public static RouteGroupBuilder MapFeedsApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Календарь");
        api.MapGet("/calendar-feeds", async (CalendarFeeds feeds, CancellationToken ct) => Results.Ok(await feeds.MineAsync(ct)))
            .WithSummary("Мои действующие ссылки календаря (для кого, когда созданы); сами ссылки показываются только при создании.");
        api.MapPost("/calendar-feeds", CreateAsync)
            .WithSummary(
                "Создать частную ссылку iCalendar: ученик — для себя, родитель — для своего ребёнка (studentId), учитель — для своих уроков (без " +
                    "studentId). Ответ 201 { id, url }; ссылка показывается один раз.")
            .Produces<CreatedDto>(StatusCodes.Status201Created)
            .ProducesProblems(400, 403);
        api.MapDelete("/calendar-feeds/{id:int}",
            async (int id, CalendarFeeds feeds, CancellationToken ct) => await feeds.RevokeAsync(id, ct) ?? Results.NoContent())
            .WithSummary("Отозвать ссылку календаря: её создатель или администрация. После этого ссылка отвечает 404.")
            .ProducesProblems(403, 404);
        return v1;
    }

    /// <summary>The feeds themselves, outside the API: the token in the path is their only credential.</summary>
    public static IEndpointRouteBuilder MapIcalFeeds(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ical/{token}.ics", IcalAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> CreateAsync(FeedInput? input, CalendarFeeds feeds, HttpContext http, CancellationToken ct)
    {
        var result = await feeds.CreateAsync(input?.StudentId, http.Request, ct);
        return result.Problem ?? Results.Created($"/api/v1/calendar-feeds/{result.Id}", new CreatedDto(result.Id, result.Url));
    }

    private static async Task<IResult> IcalAsync(string token, JournalDbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var ics = token.Length is > 0 and <= 100 ? await IcalFeed.BuildAsync(db, CalendarFeeds.HashOf(token), time, ct) : null;
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        if (ics is null) return Results.NotFound();
        return Results.Text(ics, "text/calendar; charset=utf-8");
    }
}
