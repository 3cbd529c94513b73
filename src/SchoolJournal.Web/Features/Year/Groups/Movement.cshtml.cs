using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Groups;

/// <summary>
/// «Движение обучающихся» /Year/Movement: arrival, transfer and withdrawal forms (the same writes as the API), the
/// register of the year's movements with its XLSX export, and one student's history.
/// </summary>
public sealed class MovementModel(JournalDbContext db, AccessService access, SchoolCalendar calendar, StudentMovement move) : PageModel
{
    public sealed class ArrivalForm
    {
        public string? LastName { get; set; }
        public string? FirstName { get; set; }
        public string? MiddleName { get; set; }
        public DateOnly? BirthDate { get; set; }
        public string? Gender { get; set; }
        public int? ClassId { get; set; }
        public DateOnly? Date { get; set; }
        public string? Order { get; set; }
    }

    public sealed class LeaveForm
    {
        public int StudentId { get; set; }
        public int? ClassId { get; set; }
        public DateOnly? Date { get; set; }
        public string? Order { get; set; }
        public string? Reason { get; set; }
    }

    public sealed record RegisterRow(int StudentId, string Student, string ClassName, DateOnly Date, string What, string? Order);

    [BindProperty]
    public ArrivalForm Arrival { get; set; } = new();

    [BindProperty]
    public LeaveForm Leave { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public int? StudentId { get; set; }

    public IReadOnlyList<Choice> Classes { get; private set; } = [];
    public IReadOnlyList<Choice> Students { get; private set; } = [];
    public IReadOnlyList<RegisterRow> Register { get; private set; } = [];
    public IReadOnlyList<MovementRow> History { get; private set; } = [];
    public string? HistoryOf { get; private set; }
    public DateOnly Today { get; private set; }
    public string? Error { get; private set; }
    public MovementDto? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        var bytes = Xlsx.Write("Движение", ["Дата", "Ученик", "Класс", "Движение", "Приказ"],
            Register.Select(r => (IReadOnlyList<object?>)[r.Date, r.Student, r.ClassName, r.What, r.Order]));
        return File(bytes, Xlsx.ContentType, "Движение обучающихся.xlsx");
    }

    public Task<IActionResult> OnPostArrivalAsync(CancellationToken ct) => WriteAsync("прибытие", () => move.ArriveAsync(new ArrivalInput(
        Arrival.LastName, Arrival.FirstName, Arrival.MiddleName, Arrival.BirthDate, Arrival.Gender, Arrival.ClassId, Arrival.Date, Arrival.Order),
        ct), ct);

    public Task<IActionResult> OnPostTransferAsync(CancellationToken ct) =>
        WriteAsync("перевод", () => move.TransferAsync(Leave.StudentId, new TransferInput(Leave.ClassId, Leave.Date, Leave.Order), ct), ct);

    public Task<IActionResult> OnPostWithdrawalAsync(CancellationToken ct) =>
        WriteAsync("выбытие", () => move.WithdrawAsync(Leave.StudentId, new WithdrawalInput(Leave.Date, Leave.Order, Leave.Reason), ct), ct);

    private async Task<IActionResult> WriteAsync(string what, Func<Task<Outcome<MovementDto>>> write, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        var outcome = await write();
        if (outcome.Problem is { Status: StatusCodes.Status403Forbidden } p) return StatusCode(p.Status);
        if (outcome.Problem is { } bad)
        {
            Error = $"{bad.Title}. {bad.Detail}";
            return Page();
        }
        var d = outcome.Value!;
        var message = $"{d.DisplayName}: {what} оформлено.";
        if (d.SubGroupsToChoose.Count > 0)
            message += " Выберите подгруппы: " + string.Join(", ", d.SubGroupsToChoose.Select(g => $"«{g.Name}»")) + ".";
        TempData["Message"] = message;
        return RedirectToPage("/Year/Groups/Movement", new { studentId = d.StudentId });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!access.CanManageYear) return Forbid();
        var now = await calendar.NowAsync(ct);
        Today = now.Today;
        Arrival.Date ??= Today;
        Leave.Date ??= Today;
        var yearId = now.YearId ?? await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var classes = await db.SchoolClasses.AsNoTracking().Where(c => c.AcademicYearId == yearId).OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
        Classes = [.. classes.Select(c => new Choice(c.Id, $"{c.Grade}{c.Letter}"))];
        var classIds = classes.Select(c => c.Id).ToList();
        var yearStart = await db.AcademicYears.Where(y => y.Id == yearId).Select(y => y.Start).FirstOrDefaultAsync(ct);
        var stays = await db.Enrolments.AsNoTracking().Where(e => classIds.Contains(e.SchoolClassId))
            .Select(e =>
                new { e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName, e.SchoolClass!.Grade, e.SchoolClass.Letter,
                e.From, e.To, e.Reason, e.LeaveReason, e.Order })
            .ToListAsync(ct);
        Students = [.. stays.Where(s => s.To == null).DistinctBy(s => s.StudentId)
            .OrderBy(s => s.Grade).ThenBy(s => s.Letter).ThenBy(s => s.LastName, GroupRules.Russian).ThenBy(s => s.FirstName, GroupRules.Russian)
            .Select(s => new Choice(s.StudentId, $"{s.Grade}{s.Letter} · {PersonName.Full(s.LastName, s.FirstName, s.MiddleName)}"))];
        var register = new List<RegisterRow>();
        foreach (var s in stays)
        {
            var name = PersonName.Full(s.LastName, s.FirstName, s.MiddleName);
            var cls = $"{s.Grade}{s.Letter}";
            // The roster of 1 September is the class's start, not a movement.
            if (s.Reason != EnrolmentReason.Promotion && !(s.Reason == EnrolmentReason.Arrival && s.From <= yearStart))
                register.Add(new RegisterRow(s.StudentId, name, cls, s.From, StudentMovement.ReasonTitle(s.Reason) + " в класс", s.Order));
            if (s.LeaveReason is LeaveReason leave && leave != LeaveReason.Promotion)
                register.Add(new RegisterRow(s.StudentId, name, cls, s.To!.Value, StudentMovement.LeaveTitle(leave) + " из класса", null));
        }
        Register = [.. register.OrderByDescending(r => r.Date).ThenBy(r => r.Student, GroupRules.Russian)];
        if (StudentId is int studentId && await db.Students.AnyAsync(s => s.Id == studentId, ct))
        {
            History = await StudentMovement.HistoryAsync(db, studentId, ct);
            HistoryOf = stays.Where(s => s.StudentId == studentId)
                .Select(s => PersonName.Full(s.LastName, s.FirstName, s.MiddleName)).FirstOrDefault();
        }
        return null;
    }
}
