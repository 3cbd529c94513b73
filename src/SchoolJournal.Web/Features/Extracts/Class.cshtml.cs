using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Extracts;

/// <summary>
/// The students of a class with a form per student to issue a paper extract (a period or dates, and to whom), and
/// the log of extracts issued for the class. The director, the deputy, the class teacher of the class today.
/// </summary>
public sealed class ClassModel(JournalDbContext db, AccessService access, IssueExtract issue) : PageModel
{
    public sealed record StudentRow(int Id, string Name, IReadOnlyList<(int Id, string Name)> Parents);

    public sealed record PeriodOption(int Id, string Name, DateOnly Start, DateOnly End);

    public int ClassId { get; private set; }
    public string ClassName { get; private set; } = "";
    public IReadOnlyList<StudentRow> Students { get; private set; } = [];
    public IReadOnlyList<PeriodOption> Periods { get; private set; } = [];
    public IReadOnlyList<ExtractsSetup.ExtractLogDto> Log { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public int? FailedStudentId { get; private set; }

    [BindProperty] public int StudentId { get; set; }
    /// <summary>«period» or «range».</summary>
    [BindProperty] public string? Mode { get; set; }
    [BindProperty] public int? PeriodId { get; set; }
    [BindProperty] public DateOnly? From { get; set; }
    [BindProperty] public DateOnly? To { get; set; }
    [BindProperty] public int? ParentId { get; set; }
    [BindProperty] public string? IssuedTo { get; set; }

    public async Task<IActionResult> OnGetAsync(int classId, CancellationToken ct) => await LoadAsync(classId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int classId, CancellationToken ct)
    {
        if (await LoadAsync(classId, ct) is { } refused) return refused;
        if (Students.All(s => s.Id != StudentId)) return Forbid();
        var range = Mode == "range";
        IssueExtract.Result result;
        try
        {
            result = await issue.HandleAsync(StudentId, new(range ? null : PeriodId, range ? From : null, range ? To : null, ParentId, IssuedTo), ct);
        }
        catch (PdfFontsMissingException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            FailedStudentId = StudentId;
            Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Page();
        }
        if (result.Problem is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult p)
        {
            if (p.StatusCode == StatusCodes.Status403Forbidden) return Forbid();
            ModelState.AddModelError(string.Empty,
                string.Join(" ", new[] { p.ProblemDetails.Title, p.ProblemDetails.Detail }.Where(x => !string.IsNullOrEmpty(x))));
            FailedStudentId = StudentId;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (result.Problem is not null) return Forbid();
        ExtractsSetup.SetAttachment(HttpContext, result);
        return File(result.Pdf!, "application/pdf");
    }

    private async Task<IActionResult?> LoadAsync(int classId, CancellationToken ct)
    {
        var cls = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId)
            .Select(c => new { c.Grade, c.Letter, c.AcademicYearId }).FirstOrDefaultAsync(ct);
        if (cls is null) return NotFound();
        if (!await access.CanManageClassParentsAsync(classId, ct) || !access.IssuesExtracts) return Forbid();
        (ClassId, ClassName, Today) = (classId, $"{cls.Grade}{cls.Letter}", access.Today());
        var today = Today;
        var students = await db.Enrolments.AsNoTracking()
            .Where(e => e.SchoolClassId == classId && e.From <= today && (e.To == null || e.To >= today))
            .OrderBy(e => e.Student!.LastName).ThenBy(e => e.Student!.FirstName)
            .Select(e => new
            {
                e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName,
                Parents = e.Student.Parents.Select(p => new { p.ParentId, p.Parent!.LastName, p.Parent.FirstName, p.Parent.MiddleName }).ToList(),
            })
            .ToListAsync(ct);
        Students = students.Select(s => new StudentRow(s.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName),
            s.Parents.OrderBy(p => p.ParentId).Select(p => (p.ParentId, PersonName.Full(p.LastName, p.FirstName, p.MiddleName))).ToList())).ToList();
        var level = new SchoolClass { Grade = cls.Grade, Letter = "" }.Level;
        Periods = await db.StudyPeriods.AsNoTracking()
            .Where(p => p.AcademicYearId == cls.AcademicYearId
                && (p.SchoolClassId == classId || (p.SchoolClassId == null && (p.Level == null || p.Level == level))))
            .OrderBy(p => p.Start)
            .Select(p => new PeriodOption(p.Id, p.Name, p.Start, p.End))
            .ToListAsync(ct);
        var ids = Students.Select(s => s.Id).ToList();
        Log = await ExtractsSetup.LogAsync(db, db.ExtractIssues.Where(e => ids.Contains(e.StudentId)), ct);
        return null;
    }
}
