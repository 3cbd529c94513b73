using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Messages;

/// <summary>
/// «Сообщения и рекомендации» about one student for his teachers and class teacher: what was written (by anyone) and a
/// form to write to his parents and/or to him (R-JRN-10). Opened from the student's name in a journal.
/// </summary>
public sealed class StudentModel(JournalDbContext db, AccessService access, CurrentUser user, SendMessage send) : PageModel
{
    public int StudentId { get; private set; }
    public string StudentName { get; private set; } = "";
    public int? GroupId { get; private set; }
    public string? Subject { get; private set; }
    public bool CanWrite { get; private set; }
    public IReadOnlyList<MessagesApi.MessageDto> Messages { get; private set; } = [];

    [BindProperty] public string? Kind { get; set; } = "message";
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public bool ToParents { get; set; } = true;
    [BindProperty] public bool ToStudent { get; set; }

    public async Task<IActionResult> OnGetAsync(int studentId, int? groupId, CancellationToken ct) =>
        await LoadAsync(studentId, groupId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int studentId, int? groupId, CancellationToken ct)
    {
        if (await LoadAsync(studentId, groupId, ct) is { } refused) return refused;
        var result = await send.HandleAsync(studentId, new MessagesApi.MessageInput(Kind, Text, groupId, ToParents, ToStudent), ct);
        if (result.Problem is { } problem)
        {
            ModelState.AddModelError(string.Empty, ProblemText(problem));
            return Page();
        }
        TempData["Message"] = ToParents
            && ToStudent ? "Сообщение отправлено родителям и ученику." : ToParents ? "Сообщение отправлено родителям."
                : "Сообщение отправлено ученику.";
        return RedirectToPage(new { studentId, groupId });
    }

    private async Task<IActionResult?> LoadAsync(int studentId, int? groupId, CancellationToken ct)
    {
        var student = await db.Students.AsNoTracking().Where(s => s.Id == studentId)
            .Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstOrDefaultAsync(ct);
        if (student is null) return NotFound();
        if (!await access.CanSeeStudentAsStaffAsync(studentId, ct)) return Forbid();
        (StudentId, GroupId, StudentName) = (studentId, groupId, PersonName.Full(student.LastName, student.FirstName, student.MiddleName));
        if (groupId is int g)
            Subject = await db.TeachingGroups.Where(x => x.Id == g).Select(x => x.Subject!.Name).FirstOrDefaultAsync(ct);
        CanWrite = access.WritesMessages && await access.CanWriteToStudentAsync(studentId, groupId, ct);
        var readable = await MessagesApi.ReadableAsync(studentId, access, user, db, ct);
        Messages = readable is null ? [] : (await readable.OrderByDescending(m => m.Id).Take(MessagesApi.DefaultTake)
                .Select(m => new { m.Id, m.Kind, m.Text, m.TeachingGroupId, m.ToParents, m.ToStudent, m.SenderName, m.CreatedAt,
                    Subject = db.TeachingGroups.Where(x => x.Id == m.TeachingGroupId).Select(x => x.Subject!.Name).FirstOrDefault() })
                .ToListAsync(ct))
            .Select(m => new MessagesApi.MessageDto(m.Id, studentId, MessagesApi.KindName(m.Kind), m.Text, m.TeachingGroupId, m.Subject,
                m.ToParents, m.ToStudent, m.SenderName, m.CreatedAt)).ToList();
        return null;
    }

    /// <summary>The Russian title and detail of a problem answer, for the form's error summary.</summary>
    private static string ProblemText(IResult problem) => problem is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult p
        ? string.Join(" ", new[] { p.ProblemDetails.Title, p.ProblemDetails.Detail }.Where(x => !string.IsNullOrEmpty(x)))
        : "Сообщение не отправлено.";
}
