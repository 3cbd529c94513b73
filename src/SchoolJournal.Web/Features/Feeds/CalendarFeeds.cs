using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Feeds;

/// <summary>
/// Making, listing and revoking private calendar feeds (R-X-3), for the API and the page alike. The token is shown once
/// in the URL and only its SHA-256 is kept: a stolen database yields no working URL.
/// </summary>
public sealed class CalendarFeeds(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit, TimeProvider time)
{
    public sealed record FeedDto(int Id, int? StudentId, int? StaffMemberId, string ForWhom, DateTimeOffset CreatedAt);

    public sealed record Created(IResult? Problem, int Id = 0, string Url = "");

    /// <summary>Whom the user may make a feed for: himself (a student, a teacher), or each of his children (a parent).</summary>
    public sealed record Option(int? StudentId, string Name);

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string UrlOf(HttpRequest request, string token) => $"{request.Scheme}://{request.Host}/ical/{token}.ics";

    public async Task<List<Option>> OptionsAsync(CancellationToken ct)
    {
        var links = await access.LinksAsync(ct);
        var options = new List<Option>();
        if (access.HasOwnLessonsFeed && links.StaffMemberId is int staffId)
        {
            var s = await db.StaffMembers.Where(x => x.Id == staffId).Select(x => new { x.LastName, x.FirstName, x.MiddleName }).FirstAsync(ct);
            options.Add(new Option(null, $"Мои уроки ({PersonName.Short(s.LastName, s.FirstName, s.MiddleName)})"));
        }
        foreach (var (id, name) in await access.OwnStudentsAsync(ct))
            options.Add(new Option(id, name));
        return options;
    }

    public bool MayHaveFeeds => access.MayHaveCalendarFeeds;

    public async Task<Created> CreateAsync(int? studentId, HttpRequest request, CancellationToken ct)
    {
        var links = await access.LinksAsync(ct);
        int? forStudent = null, forStaff = null;
        if (studentId is int sid)
        {
            var own = (user.IsInRole(Roles.Student) && links.StudentId == sid)
                || (user.IsInRole(Roles.Parent) && links.ParentId is int pid
                    && await db.StudentParents.AnyAsync(p => p.ParentId == pid && p.StudentId == sid, ct));
            if (!own) return new(CannotCreate());
            forStudent = sid;
        }
        else if (user.IsInRole(Roles.Student) && links.StudentId is int self)
            forStudent = self;
        else if (access.HasOwnLessonsFeed && links.StaffMemberId is int staffId)
            forStaff = staffId;
        else if (user.IsInRole(Roles.Parent))
            return new(ApiProblem.BadRequest("Не выбран ребёнок", "Укажите, для кого из детей нужен календарь (studentId)."));
        else
            return new(CannotCreate());

        var schoolId = forStudent is int st
            ? await db.Students.Where(s => s.Id == st).Select(s => s.SchoolId).FirstAsync(ct)
            : await db.StaffMembers.Where(s => s.Id == forStaff).Select(s => s.SchoolId).FirstAsync(ct);
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var feed = new CalendarFeed
        {
            SchoolId = schoolId, StudentId = forStudent, StaffMemberId = forStaff, TokenHash = HashOf(token),
            CreatedById = user.Id!, CreatedAt = time.GetUtcNow(),
        };
        db.CalendarFeeds.Add(feed);
        // The audit keeps whose feed it is, never the token or its URL.
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.CalendarFeedCreated, "calendar-feed", feed.Id, null,
            new { feed.StudentId, feed.StaffMemberId }, schoolId: schoolId, ct: ct), ct);
        return new(null, feed.Id, UrlOf(request, token));
    }

    /// <summary>The user's feeds still in force, oldest first.</summary>
    public async Task<List<FeedDto>> MineAsync(CancellationToken ct)
    {
        var id = user.Id;
        var rows = await db.CalendarFeeds.AsNoTracking().Where(f => id != null && f.CreatedById == id && f.RevokedAt == null)
            .OrderBy(f => f.Id)
            .Select(f => new
            {
                f.Id, f.StudentId, f.StaffMemberId, f.CreatedAt,
                Student = db.Students.Where(s => s.Id == f.StudentId).Select(s => new { s.LastName, s.FirstName }).FirstOrDefault(),
                Staff = db.StaffMembers.Where(s => s.Id == f.StaffMemberId)
                    .Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(f => new FeedDto(f.Id, f.StudentId, f.StaffMemberId,
            f.Student is not null ? $"{f.Student.LastName} {f.Student.FirstName}"
                : f.Staff is not null ? $"Уроки учителя {PersonName.Short(f.Staff.LastName, f.Staff.FirstName, f.Staff.MiddleName)}" : "",
            f.CreatedAt)).ToList();
    }

    /// <summary>Revokes a feed: its creator, or the administration. Revoking a revoked feed changes nothing.</summary>
    public async Task<IResult?> RevokeAsync(int id, CancellationToken ct)
    {
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (feed is null) return ApiProblem.NotFound("Ссылка календаря не найдена");
        if (feed.CreatedById != user.Id && !access.RevokesAnyCalendarFeed)
            return ApiProblem.Forbidden("Нет права отозвать эту ссылку", "Ссылку календаря отзывает тот, кто её создал, или администрация школы.");
        if (feed.RevokedAt is not null) return null;
        feed.RevokedAt = time.GetUtcNow();
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.CalendarFeedRevoked, "calendar-feed", feed.Id,
            new { feed.StudentId, feed.StaffMemberId }, new { feed.RevokedAt }, schoolId: feed.SchoolId, ct: ct), ct);
        return null;
    }

    public static IResult CannotCreate() => ApiProblem.Forbidden("Нет права создать эту ссылку",
        "Календарь уроков создают ученик для себя, родитель для своего ребёнка и учитель для своих уроков.");
}
