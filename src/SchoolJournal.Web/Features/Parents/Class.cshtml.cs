using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Parents;

/// <summary>
/// The consent register of one class (R-SEC-4) /Parents/Class/{classId}: every current student with his parents, their
/// contacts, the consent in force and its history; forms to register a consent or refusal and to correct contacts
/// (the same writes as the API). The class teacher of the class today and the administration.
/// </summary>
public sealed class ClassModel(JournalDbContext db, AccessService access, ParentRegister register) : PageModel
{
    public int ClassId { get; private set; }
    public string ClassName { get; private set; } = "";
    public DateOnly Today { get; private set; }
    public IReadOnlyList<ParentRegister.StudentRow> Students { get; private set; } = [];
    public string? Error { get; private set; }
    /// <summary>The parent whose form failed: his forms stay open.</summary>
    public int? FailedParentId { get; private set; }

    [BindProperty] public int ParentId { get; set; }
    [BindProperty] public bool? Given { get; set; }
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public List<string> Scope { get; set; } = [];
    [BindProperty] public string? Document { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Snils { get; set; }

    public async Task<IActionResult> OnGetAsync(int classId, CancellationToken ct) => await LoadAsync(classId, ct) ?? Page();

    public async Task<IActionResult> OnPostConsentAsync(int classId, CancellationToken ct)
    {
        if (await LoadAsync(classId, ct) is { } refused) return refused;
        if (!InClass(ParentId)) return NotFound();
        var result = await register.RecordConsentAsync(ParentId, new ParentRegister.ConsentInput(Given, Date, [.. Scope], Document), ct);
        if (result.Problem is { } problem) return Failed(problem);
        TempData["Message"] = result.Value!.Given ? "Согласие зарегистрировано." : "Отказ зарегистрирован.";
        return RedirectToPage(new { classId });
    }

    public async Task<IActionResult> OnPostContactsAsync(int classId, CancellationToken ct)
    {
        if (await LoadAsync(classId, ct) is { } refused) return refused;
        if (!InClass(ParentId)) return NotFound();
        var result = await register.ChangeContactsAsync(ParentId, new ParentRegister.ContactsInput(Email, Phone, Snils), ct);
        if (result.Problem is { } problem) return Failed(problem);
        TempData["Message"] = "Контакты сохранены.";
        return RedirectToPage(new { classId });
    }

    private bool InClass(int parentId) => Students.Any(s => s.Parents.Any(p => p.Id == parentId));

    private PageResult Failed(IResult problem)
    {
        (Error, FailedParentId) = (ParentRegister.ProblemText(problem), ParentId);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int classId, CancellationToken ct)
    {
        var cls = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId).Select(c => new { c.Grade, c.Letter }).FirstOrDefaultAsync(ct);
        if (cls is null) return NotFound();
        if (!await access.CanManageClassParentsAsync(classId, ct)) return Forbid();
        (ClassId, ClassName, Today) = (classId, $"{cls.Grade}{cls.Letter}", await register.TodayAsync(ct));
        Students = await register.ClassAsync(classId, ct);
        return null;
    }
}
