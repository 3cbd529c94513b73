using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Live;

/// <summary>
/// The diary's live channel (R-DIARY-2). A page or an API client watches a student it may see; the connection then
/// hears "changed" (<see cref="LiveChange"/>) for that student and for the lessons of his teaching groups.
/// The message names no grade and no person: the page fetches what changed through its own access-checked route.
/// </summary>
[Authorize]
public sealed class DiaryHub(AccessService access, JournalDbContext db, IHttpContextAccessor accessor, TimeProvider time) : Hub
{
    public static string StudentGroup(int studentId) => $"student-{studentId}";

    public static string LessonGroup(int teachingGroupId) => $"lesson-group-{teachingGroupId}";

    /// <summary>Starts watching a student; false (and nothing joined) when the caller may not see him.</summary>
    public async Task<bool> Watch(int studentId)
    {
        UseConnectionUser();
        var ct = Context.ConnectionAborted;
        if (!await access.CanSeeStudentAsync(studentId, ct)) return false;
        var timeZone = await db.Schools.Where(x => db.Students.Any(s => s.Id == studentId && s.SchoolId == x.Id))
            .Select(x => x.TimeZone).FirstAsync(ct);
        var today = SchoolClock.Today(time, timeZone);
        var groups = await db.GroupMemberships
            .Where(m => m.StudentId == studentId && m.From <= today && (m.To == null || m.To >= today))
            .Select(m => m.TeachingGroupId).Distinct().ToListAsync(ct);

        await Groups.AddToGroupAsync(Context.ConnectionId, StudentGroup(studentId), ct);
        foreach (var g in groups) await Groups.AddToGroupAsync(Context.ConnectionId, LessonGroup(g), ct);
        lock (Watched) Watched[studentId] = groups;
        return true;
    }

    /// <summary>Stops watching a student; the groups another watched student still needs are kept.</summary>
    public async Task Unwatch(int studentId)
    {
        List<int> leave;
        lock (Watched)
        {
            if (!Watched.Remove(studentId, out var groups)) return;
            var kept = Watched.Values.SelectMany(g => g).ToHashSet();
            leave = [.. groups.Where(g => !kept.Contains(g))];
        }
        var ct = Context.ConnectionAborted;
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, StudentGroup(studentId), ct);
        foreach (var g in leave) await Groups.RemoveFromGroupAsync(Context.ConnectionId, LessonGroup(g), ct);
    }

    /// <summary>The students this connection watches, with their teaching groups.</summary>
    private Dictionary<int, List<int>> Watched =>
        (Dictionary<int, List<int>>)(
            Context.Items.TryGetValue(nameof(Watched), out var w) ? w! : Context.Items[nameof(Watched)] = new Dictionary<int, List<int>>());

    /// <summary>
    /// AccessService and the school filter read the user through IHttpContextAccessor, which a long-polling connection
    /// does not carry into its hub calls (its first request is over); the connection's own context has the same user.
    /// </summary>
    private void UseConnectionUser()
    {
        if (accessor.HttpContext is null) accessor.HttpContext = Context.GetHttpContext();
    }
}
