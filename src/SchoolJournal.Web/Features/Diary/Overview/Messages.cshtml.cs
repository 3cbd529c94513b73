using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Messages;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Diary.Overview;

/// <summary>
/// «Сообщения»: the teachers' messages and recommendations about the student (R-JRN-10), as <see cref="MessagesApi.ReadableAsync"/>
/// lets the caller read them: a parent those addressed to parents, the student those addressed to him.
/// </summary>
public sealed class MessagesModel(DiaryStudent diary, [FromKeyedServices(ReadRouting.Reads)] AccessService access, CurrentUser user,
    [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db,
    SchoolCalendar calendar) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? StudentId { get; set; }

    public sealed record Row(int Id, DateTimeOffset At, bool Recommendation, string Sender, string? Subject, string Text, bool ToParents,
        bool ToStudent);

    public DiaryNav Nav { get; private set; } = null!;
    public IReadOnlyList<Row> Messages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var selection = await diary.SelectAsync(StudentId, ct);
        if (selection is null) return Forbid();
        Nav = new DiaryNav("/Diary/Messages", selection.StudentId, selection.Children);
        var readable = await MessagesApi.ReadableAsync(selection.StudentId, access, user, db, ct);
        if (readable is null) return Forbid();
        var offset = (await calendar.NowAsync(ct)).Now.Offset;
        var rows = await readable
            // Newest first by id: rows are appended in time order, and SQLite cannot sort a DateTimeOffset.
            .OrderByDescending(m => m.Id)
            .Take(MessagesApi.MaxTake)
            .Select(m => new
            {
                m.Id, m.CreatedAt, m.Kind, m.SenderName, m.Text, m.ToParents, m.ToStudent,
                Subject = db.TeachingGroups.Where(g => g.Id == m.TeachingGroupId).Select(g => g.Subject!.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        Messages = [
            .. rows.Select(m =>
                new Row(m.Id, m.CreatedAt.ToOffset(offset), m.Kind == MessageKind.Recommendation, m.SenderName, m.Subject, m.Text, m.ToParents,
                    m.ToStudent))];
        return Page();
    }
}
