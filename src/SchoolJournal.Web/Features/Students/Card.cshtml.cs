using SchoolJournal.Web.Domain;

namespace SchoolJournal.Web.Features.Students;

/// <summary>«Личное дело ученика» (/Students/{id}, R-ROLE-3): the class teacher and the administration read and correct it.</summary>
public sealed class CardModel(StudentCards cards) : PageModel
{
    [BindProperty] public string? LastName { get; set; }
    [BindProperty] public string? FirstName { get; set; }
    [BindProperty] public string? MiddleName { get; set; }
    [BindProperty] public string? BirthDate { get; set; }
    [BindProperty] public string? Gender { get; set; }
    [BindProperty] public string? Snils { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? IdentityDocument { get; set; }
    [BindProperty] public string? HealthGroup { get; set; }
    [BindProperty] public string? PhysicalEducationGroup { get; set; }

    public StudentCards.CardDto Card { get; private set; } = null!;
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(int studentId, CancellationToken ct)
    {
        var card = await cards.GetAsync(studentId, ct);
        if (card.Problem is { } problem) return problem.Status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
        Show(card.Value!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int studentId, CancellationToken ct)
    {
        int? health = int.TryParse(HealthGroup, out var h) ? h : string.IsNullOrWhiteSpace(HealthGroup) ? null : 0;
        var saved = await cards.SaveAsync(studentId, new(LastName, FirstName, MiddleName, BirthDate, Gender, Snils, Address, IdentityDocument,
            health, PhysicalEducationGroup), ct);
        if (saved.Problem is { } problem)
        {
            if (problem.Status != StatusCodes.Status400BadRequest) return problem.Status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
            var current = await cards.GetAsync(studentId, ct);
            Card = current.Value!;
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
            return Page();
        }
        Show(saved.Value!);
        Done = "Личное дело сохранено.";
        return Page();
    }

    private void Show(StudentCards.CardDto c)
    {
        Card = c;
        (LastName, FirstName, MiddleName) = (c.LastName, c.FirstName, c.MiddleName);
        BirthDate = c.BirthDate.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        (Gender, Snils, Address, IdentityDocument) = (c.Gender, c.Snils, c.Address, c.IdentityDocument);
        HealthGroup = c.HealthGroup?.ToString(CultureInfo.InvariantCulture);
        PhysicalEducationGroup = c.PhysicalEducationGroup;
    }

    public static IEnumerable<(string Code, string Title)> PeGroups =>
        Enum.GetValues<PhysicalEducationGroup>().Select(g => (StudentCards.PeCode(g), StudentCards.PeTitle(g)));
}
