using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// «Отсутствующие за день»: the class teacher marks Б, У or Н for each student of his class on one day, in one form.
/// Each changed row goes through the same write as PUT /api/v1/classes/{id}/daily-absences.
/// </summary>
public sealed class DailyAbsenceModel(JournalDbContext db, AccessService access, SchoolCalendar calendar, MarkDailyAbsence mark) : PageModel
{
    public static readonly string[] Codes = ["Б", "У", "Н"];

    public sealed record Input(int StudentId, string? Code, string? Comment);

    public sealed record Row(int StudentId, string Name, string? Code, string? Comment)
    {
        /// <summary>What the subject teachers marked in this day's lessons, by lesson number.</summary>
        public IReadOnlyList<LessonMark> Lessons { get; init; } = [];
    }

    /// <summary>One lesson's attendance code, e.g. «2 · Математика — ОП (7 мин)».</summary>
    public sealed record LessonMark(int Number, string Subject, string Code, int? LateMinutes)
    {
        public override string ToString() => $"{Number} · {Subject} — {Code}{(LateMinutes is int m ? $" ({m} мин)" : "")}";
    }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    [BindProperty]
    public List<Input> Marks { get; set; } = [];

    public int ClassId { get; private set; }
    public string ClassName { get; private set; } = "";
    public DateOnly Day { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int classId, CancellationToken ct) =>
        await LoadAsync(classId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int classId, CancellationToken ct)
    {
        if (await LoadAsync(classId, ct) is { } refusal) return refusal;
        var current = Rows.ToDictionary(r => r.StudentId);
        var errors = new List<string>();
        foreach (var input in Marks.Where(m => current.ContainsKey(m.StudentId)))
        {
            var was = current[input.StudentId];
            var code = string.IsNullOrWhiteSpace(input.Code) ? null : input.Code.Trim();
            var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
            if (code == was.Code && comment == was.Comment) continue;
            var outcome = await mark.HandleAsync(classId, new DailyAbsenceApi.DailyAbsenceInput(input.StudentId, Day, code, comment), ct);
            if (outcome.Problem is { Status: StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound } problem)
                return StatusCode(problem.Status);
            if (outcome.Problem is { } bad) errors.Add($"{was.Name}: {bad.Title}. {bad.Detail}");
        }
        TempData["Message"] = errors.Count == 0 ? $"Отметки за {Day:dd.MM.yyyy} сохранены." : string.Join(" ", errors);
        return RedirectToPage("/Journal/DailyAbsence", new { classId, date = Day.ToString("yyyy-MM-dd") });
    }

    /// <summary>The class, the day and its students with their marks; a refusal when the user may not mark this class.</summary>
    private async Task<IActionResult?> LoadAsync(int classId, CancellationToken ct)
    {
        var cls = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId).Select(c => new { c.Grade, c.Letter }).FirstOrDefaultAsync(ct);
        if (cls is null) return NotFound();
        Today = (await calendar.NowAsync(ct)).Today;
        Day = Date ?? Today;
        if (!await access.CanMarkDailyAbsenceAsync(classId, Day, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        (ClassId, ClassName) = (classId, $"{cls.Grade}{cls.Letter}");
        var day = Day;
        var students = await db.Enrolments.AsNoTracking()
            .Where(e => e.SchoolClassId == classId && e.From <= day && (e.To == null || e.To >= day))
            .Select(e => new
            {
                e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName,
                Mark = db.DailyAbsences.Where(d => d.StudentId == e.StudentId && d.Date == day)
                    .Select(d => new { d.Code, d.Comment }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = students.Select(s => s.StudentId).ToList();
        var lessonMarks = (await (
                from a in db.Attendance.AsNoTracking()
                join l in db.Lessons on a.LessonId equals l.Id
                where l.Date == day && l.Status != LessonStatus.Cancelled && ids.Contains(a.StudentId)
                select new { a.StudentId, l.Number, l.Start, Subject = l.TeachingGroup!.Subject!.Name, a.Code, a.LateMinutes })
            .ToListAsync(ct))
            .OrderBy(m => m.Start).ThenBy(m => m.Number)
            .ToLookup(m => m.StudentId, m => new LessonMark(m.Number, m.Subject, m.Code.ToRussian(), m.LateMinutes));
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        Rows = [.. students.DistinctBy(s => s.StudentId).OrderBy(s => s.LastName, ru).ThenBy(s => s.FirstName, ru)
            .Select(s => new Row(s.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), s.Mark?.Code.ToRussian(), s.Mark?.Comment)
            {
                Lessons = [.. lessonMarks[s.StudentId]],
            })];
        return null;
    }
}
