using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Messages;

/// <summary>
/// Messages and recommendations of teachers about one student (R-JRN-10), shown in the diary: the parents read
/// what is addressed to parents, the student what is addressed to him, the staff who see the student read all.
/// </summary>
public static class MessagesApi
{
    public sealed record MessageInput(string? Kind, string? Text, int? GroupId, bool? ToParents, bool? ToStudent);
    public sealed record MessageDto(int Id, int StudentId, string Kind, string Text, int? GroupId, string? Subject,
        bool ToParents, bool ToStudent, string SenderName, DateTimeOffset CreatedAt);

    public const int TextMax = 4000;
    public const int DefaultTake = 50;
    public const int MaxTake = 200;

    public static IServiceCollection AddMessages(this IServiceCollection services) => services.AddScoped<SendMessage>();

    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Сообщения");
        api.MapPost("/students/{studentId:int}/messages", SendAsync)
            .WithSummary(
                "Сообщение или рекомендация педагога (kind: message | recommendation) родителям (toParents, по умолчанию да) и/или ученику " +
                    "(toStudent). Учитель ученика или его классный руководитель.")
            .ProducesProblems(400, 403, 404);
        api.MapGet("/students/{studentId:int}/messages", ListAsync)
            .WithSummary(
                "Сообщения и рекомендации об ученике, новые первыми: родителям — адресованные родителям, ученику — ему, сотрудникам с доступом — " +
                    "все.")
            .ProducesProblems(403, 404);
        return v1;
    }

    private static async Task<IResult> SendAsync(int studentId, MessageInput input, SendMessage send, CancellationToken ct) =>
        await send.HandleAsync(studentId, input, ct) switch
        {
            { Problem: { } problem } => problem,
            { Message: var m } => Results.Created($"/api/v1/students/{studentId}/messages", m),
        };

    private static async Task<IResult> ListAsync(int studentId, int? take, AccessService access, CurrentUser user, JournalDbContext db,
        CancellationToken ct)
    {
        if (!await db.Students.AnyAsync(s => s.Id == studentId, ct)) return ApiProblem.NotFound("Ученик не найден");
        var messages = await ReadableAsync(studentId, access, user, db, ct);
        if (messages is null)
            return ApiProblem.Forbidden("Нет доступа к сообщениям",
                "Сообщения об ученике читают он сам (адресованные ему), его родители (адресованные родителям) и педагоги ученика.");
        var rows = await messages
            // Newest first by id: rows are appended in time order, and SQLite cannot sort a DateTimeOffset.
            .OrderByDescending(m => m.Id)
            .Take(Math.Clamp(take ?? DefaultTake, 1, MaxTake))
            .Select(m => new
            {
                m.Id, m.Kind, m.Text, m.TeachingGroupId, m.ToParents, m.ToStudent, m.SenderName, m.CreatedAt,
                Subject = db.TeachingGroups.Where(g => g.Id == m.TeachingGroupId).Select(g => g.Subject!.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return Results.Ok(rows.Select(m => new MessageDto(m.Id, studentId, KindName(m.Kind), m.Text, m.TeachingGroupId, m.Subject,
            m.ToParents, m.ToStudent, m.SenderName, m.CreatedAt)));
    }

    /// <summary>
    /// The messages about a student the caller may read, or null when none: staff involved in his education read
    /// all, the student those addressed to him, his parents those addressed to parents.
    /// </summary>
    public static async Task<IQueryable<TeacherMessage>?> ReadableAsync(int studentId, AccessService access, CurrentUser user,
        JournalDbContext db, CancellationToken ct)
    {
        var about = db.TeacherMessages.AsNoTracking().Where(m => m.StudentId == studentId);
        if (await access.CanSeeStudentAsStaffAsync(studentId, ct)) return about;
        var links = await access.LinksAsync(ct);
        if (user.IsInRole(Roles.Student) && links.StudentId == studentId) return about.Where(m => m.ToStudent);
        if (user.IsInRole(Roles.Parent) && links.ParentId is int parentId
            && await db.StudentParents.AnyAsync(p => p.ParentId == parentId && p.StudentId == studentId, ct))
            return about.Where(m => m.ToParents);
        return null;
    }

    public static string KindName(MessageKind kind) => kind == MessageKind.Recommendation ? "recommendation" : "message";

    internal static MessageKind? ParseKind(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        null or "" or "message" or "сообщение" => MessageKind.Message,
        "recommendation" or "рекомендация" => MessageKind.Recommendation,
        _ => null,
    };

    internal static IResult CannotWrite() => ApiProblem.Forbidden("Нет права писать об этом ученике",
        "Сообщения и рекомендации ученику и его родителям пишут учителя, которые его учат, и его классный руководитель.");
}
