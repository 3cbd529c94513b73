using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Parents;

/// <summary>
/// «Чтение дневника» /Parents/Activity/{classId} (R-DIARY-4): the class teacher's report of who has read the diary
/// and what is not acknowledged yet; printable, with an XLSX export. The same figures as GET /api/v1/classes/{id}/diary-activity.
/// </summary>
public sealed class ActivityModel(JournalDbContext db, AccessService access, DiaryActivity activity, SchoolCalendar calendar) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? PeriodId { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public DiaryActivity.Report? Report { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Periods { get; private set; } = [];
    public string? Error { get; private set; }
    public string TimeZone { get; private set; } = "Europe/Moscow";

    public async Task<IActionResult> OnGetAsync(int classId, CancellationToken ct) => await LoadAsync(classId, ct) ?? Page();

    public async Task<IActionResult> OnGetExportAsync(int classId, CancellationToken ct)
    {
        if (await LoadAsync(classId, ct) is { } refused) return refused;
        if (Report is null) return Page();
        var rows = Report.Students.SelectMany(s => s.Parents.Count == 0
            ? [(IReadOnlyList<object?>)[s.Name, "—", null, "—", null, null, s.Marks, null]]
            : s.Parents.Select(p => (IReadOnlyList<object?>)[s.Name, $"{p.Name} ({p.Kind})", p.HasLogin ? "да" : "нет",
                Local(p.LastVisit) ?? "не заходил(а)", Local(p.LastAcknowledgment), p.UnacknowledgedMarks, s.Marks, Weeks(p.UnacknowledgedWeeks)]));
        var bytes = Xlsx.Write($"Дневник {Report.ClassName}",
            ["Ученик", "Родитель", "Вход", "Последнее посещение", "Последнее «Ознакомлен»", "Не подтверждено оценок", "Оценок за период",
                "Недели без подтверждения"], rows);
        return File(bytes, Xlsx.ContentType, $"Чтение дневника {Report.ClassName}.xlsx");
    }

    public string? Local(DateTimeOffset? at) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).ToString("dd.MM.yyyy HH:mm") : null;

    public static string Weeks(IReadOnlyList<DateOnly> weeks) =>
        string.Join(", ", weeks.Select(w => $"{w:dd.MM}–{w.AddDays(6):dd.MM}"));

    private async Task<IActionResult?> LoadAsync(int classId, CancellationToken ct)
    {
        var yearId = await db.SchoolClasses.Where(c => c.Id == classId).Select(c => (int?)c.AcademicYearId).FirstOrDefaultAsync(ct);
        if (yearId is null) return NotFound();
        if (!await access.CanManageClassParentsAsync(classId, ct)) return Forbid();
        TimeZone = (await calendar.NowAsync(ct)).TimeZone;
        Periods = [.. (await db.StudyPeriods.AsNoTracking()
            .Where(p => p.AcademicYearId == yearId && (p.SchoolClassId == null || p.SchoolClassId == classId))
            .OrderBy(p => p.Start).Select(p => new { p.Id, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Name))];
        var (span, error) = await activity.SpanAsync(classId, PeriodId, From, To, ct);
        if (span is null)
        {
            Error = error;
            span = (await activity.SpanAsync(classId, null, null, null, ct)).Span!;
        }
        Report = await activity.BuildAsync(classId, span, ct);
        return null;
    }
}
