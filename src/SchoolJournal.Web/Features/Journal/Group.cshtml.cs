using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// The journal grid of a group for a period. A writer types into the cells (journal-grid.js moves between them and
/// posts the cell through htmx, which swaps in <c>_MarkCell</c>); without JavaScript the column's date opens the lesson page.
/// </summary>
public sealed class GroupModel(JournalGrid reader, JournalDbContext db, AccessService access, SchoolCalendar calendar,
    RecordMark recordMark, RemoveMark removeMark, SetAttendance setAttendance, SetPeriodGrade setPeriodGrade, LockPeriod lockPeriod,
    Signatures.JournalSigning signing, Infrastructure.ReadModels.ReadCache cache, CurrentUser user) : PageModel
{
    private sealed record GroupKey(int GroupId);

    /// <summary>The group's names and scale and the periods that hold a signature: a read model kept until the school changes.</summary>
    private sealed record GroupFacts(string Subject, string Name, GroupKind Kind, GradingKind Scale, List<ClassName> Classes,
        List<int?> SignedPeriods);

    public int GroupId { get; private set; }
    public string Title { get; private set; } = "";
    public JournalApi.JournalDto Journal { get; private set; } = null!;
    public IReadOnlyList<JournalGrid.PeriodTab> Periods { get; private set; } = [];
    public IReadOnlySet<int> WritableLessons { get; private set; } = new HashSet<int>();
    public DateOnly Today { get; private set; }
    /// <summary>
    /// The column the grid opens scrolled to: the first lesson of today's week, else the last lesson before it, else the first.
    /// </summary>
    public int? WeekLessonId
    {
        get
        {
            var monday = Today.AddDays(-(((int)Today.DayOfWeek + 6) % 7));
            var lessons = Journal.Lessons;
            return (lessons.FirstOrDefault(l => l.Date >= monday && l.Date <= monday.AddDays(6))
                ?? lessons.LastOrDefault(l => l.Date < monday) ?? lessons.FirstOrDefault())?.Id;
        }
    }
    public bool ReadOnly => WritableLessons.Count == 0;
    /// <summary>The group's own teacher sets period grades while the period is open.</summary>
    public bool CanGrade { get; private set; }
    public bool CanLock { get; private set; }
    public bool CanReopen { get; private set; }
    public IReadOnlyList<string> GradeValues { get; private set; } = [];
    /// <summary>The period's signature (R-JRN-11): who signed and whether the data changed since; null while unsigned and not signable.</summary>
    public Signatures.JournalSigning.SignatureDto? Signature { get; private set; }
    public string SignedAt => Signature?.Signature is { } s
        ? TimeZoneInfo.ConvertTime(s.SignedAt, TimeZoneInfo.FindSystemTimeZoneById(_zone)).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)
        : "";
    private string _zone = "Europe/Moscow";
    /// <summary>The teacher asked to close the period: the page shows what will become read-only and what is missing.</summary>
    public bool ConfirmClose { get; private set; }
    /// <summary>Days from the school's today to the period's last day; positive when the period has not ended.</summary>
    public int DaysLeft => Journal.Period.End.DayNumber - Today.DayNumber;
    /// <summary>Students of the period without a saved period grade, in the grid's order.</summary>
    public IReadOnlyList<string> Ungraded => [.. Journal.Students.Where(s => s.PeriodGrade is null).Select(s => s.DisplayName)];

    public async Task<IActionResult> OnGetAsync(int groupId, int? periodId, bool close, CancellationToken ct)
    {
        var grid = await reader.LoadAsync(groupId, periodId, ct);
        if (grid.Problem is { } problem) return StatusCode(problem.Status);
        (GroupId, Journal, Periods) = (groupId, grid.Value!.Journal, grid.Value.Periods);
        Today = (await calendar.NowAsync(ct)).Today;

        var group = await cache.GetOrBuildAsync(new GroupKey(groupId), user.SchoolId ?? 0, async () => (await db.TeachingGroups.AsNoTracking()
            .Where(g => g.Id == groupId)
            .Select(g => new GroupFacts(g.Subject!.Name, g.Name, g.Kind, g.GradingSystem!.Kind,
                g.Classes.Select(c => new ClassName(c.SchoolClass!.Grade, c.SchoolClass.Letter)).ToList(),
                db.JournalSignatures.Where(s => s.TeachingGroupId == g.Id).Select(s => s.StudyPeriodId).ToList()))
            .FirstAsync(ct), Array.Empty<long>()));
        Title = $"{group.Subject} · {ClassName.Join(group.Classes)}" + (group.Kind == GroupKind.WholeClass ? "" : $" · {group.Name}");
        WritableLessons = Journal.Period.Locked ? new HashSet<int>()
            : await access.WritableLessonsAsync(groupId, [.. Journal.Lessons.Select(l => l.Id)], ct);
        var locked = Journal.Period.Locked;
        CanGrade = !locked && access.WritesJournals && await access.CanWriteJournalAsync(groupId, ct);
        CanLock = !locked && await access.CanLockPeriodAsync(groupId, ct);
        CanReopen = locked && access.CanReopenPeriod;
        GradeValues = [.. MarkScale.Marks(group.Scale), .. PeriodGradesApi.Special];
        ConfirmClose = close && CanLock;
        // Only a closed or a signed period has a signature to show (the check rebuilds the period's document): an open grid asks once.
        var shown = Journal.Period.Id;
        if (locked || group.SignedPeriods.Contains(shown))
        {
            var signature = await signing.StatusAsync(groupId, shown, ct);
            if (signature.Value is { } sig && (sig.Signature is not null || sig.CanSign)) Signature = sig;
            _zone = (await calendar.NowAsync(ct)).TimeZone;
        }
        return Page();
    }

    /// <summary>A period grade chosen in a row's last cell; htmx reloads the page when that grade closed the period.</summary>
    public async Task<IActionResult> OnPostGradeAsync(int groupId, int periodId, int studentId, string? value, CancellationToken ct)
    {
        var outcome = await setPeriodGrade.HandleAsync(groupId, new PeriodGradesApi.GradeInput(studentId, periodId, "period", value, null), ct);
        if (outcome.Problem is { Status: not StatusCodes.Status400BadRequest } problem) return StatusCode(problem.Status);
        var error = outcome.Problem?.Detail;
        if (outcome.Value is { PeriodLocked: true }) TempData["Message"] = "Отметки за период выставлены всем ученикам: период закрыт.";
        var htmx = Request.Headers["HX-Request"] == "true";
        if (htmx && outcome.Value is { PeriodLocked: true })
        {
            Response.Headers["HX-Refresh"] = "true";
            return new NoContentResult();
        }
        if (!htmx)
        {
            if (error is not null) TempData["Message"] = error;
            return RedirectToPage("/Journal/Group", new { groupId, periodId });
        }
        var grid = await reader.LoadAsync(groupId, periodId, ct);
        var row = grid.Value!.Journal.Students.First(s => s.Id == studentId);
        var scale = await db.TeachingGroups.Where(g => g.Id == groupId).Select(g => g.GradingSystem!.Kind).FirstAsync(ct);
        return Partial("_GradeCell", new GradeCell(groupId, periodId, studentId, row.PeriodGrade, row.SuggestedGrade,
            [.. MarkScale.Marks(scale), .. PeriodGradesApi.Special], true, error));
    }

    /// <summary>Closes the period only once the teacher has seen the confirmation; otherwise shows it, changing nothing.</summary>
    public async Task<IActionResult> OnPostLockAsync(int groupId, int periodId, bool confirmed, CancellationToken ct)
    {
        if (!confirmed) return RedirectToPage("/Journal/Group", new { groupId, periodId, close = true });
        var outcome = await lockPeriod.LockAsync(groupId, periodId, ct);
        if (outcome.Problem is { } problem) return StatusCode(problem.Status);
        TempData["Message"] = "Период закрыт: журнал за него только для чтения.";
        return RedirectToPage("/Journal/Group", new { groupId, periodId });
    }

    /// <summary>«Подписать журнал за период»: the teacher's certificate signs the closed period's journal.</summary>
    public async Task<IActionResult> OnPostSignAsync(int groupId, int periodId, CancellationToken ct)
    {
        var outcome = await signing.SignAsync(groupId, periodId, ct);
        if (outcome.Problem is { Status: StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound } problem) return StatusCode(problem.Status);
        TempData["Message"] = outcome.Problem is { } bad ? $"{bad.Title}. {bad.Detail}" : "Журнал за период подписан электронной подписью.";
        return RedirectToPage("/Journal/Group", new { groupId, periodId });
    }

    public async Task<IActionResult> OnPostReopenAsync(int groupId, int periodId, string? reason, CancellationToken ct)
    {
        var outcome = await lockPeriod.ReopenAsync(groupId, periodId, reason, ct);
        if (outcome.Problem is { Status: not StatusCodes.Status400BadRequest } problem) return StatusCode(problem.Status);
        TempData["Message"] = outcome.Problem is { } bad ? $"{bad.Title}. {bad.Detail}" : "Период открыт: причина записана в журнал аудита.";
        return RedirectToPage("/Journal/Group", new { groupId, periodId });
    }

    /// <summary>
    /// One cell typed into: a mark («5», «осв»), an attendance code (н/б/у/о or n/b/u/o), or «-» (the Delete key) that
    /// removes the cell's last mark, or its absence when it has no marks. htmx gets the cell back; a plain form post the page.
    /// </summary>
    public async Task<IActionResult> OnPostCellAsync(int groupId, int lessonId, int studentId, string? entry, CancellationToken ct)
    {
        var text = (entry ?? "").Trim();
        Problem? problem = null;
        if (text == "-")
        {
            var last = await db.Marks.Where(m => m.LessonId == lessonId && m.StudentId == studentId)
                .OrderByDescending(m => m.Id).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
            problem = last is int markId
                ? (await removeMark.HandleAsync(markId, ct)).Problem
                : (await setAttendance.HandleAsync(lessonId, new(studentId, null, null), ct)).Problem;
        }
        else if (AbsenceEntry(text) is var (code, minutes))
            problem = (await setAttendance.HandleAsync(lessonId, new(studentId, code, minutes), ct)).Problem;
        else if (text.Length > 0)
        {
            // A mark where the student missed the lesson can only be the make-up of its topic (R-JRN-8): the absence stays.
            var date = await db.Lessons.Where(l => l.Id == lessonId).Select(l => (DateOnly?)l.Date).FirstOrDefaultAsync(ct);
            var makeUp = date is DateOnly d && await MakeUpMarks.RefusalAsync(lessonId, d, studentId, db, ct) is null;
            problem = (await recordMark.HandleAsync(lessonId, new(studentId, text, null, null, makeUp), ct)).Problem;
        }

        if (problem is { Status: not StatusCodes.Status400BadRequest }) return StatusCode(problem.Status);
        if (Request.Headers["HX-Request"] != "true")
        {
            if (problem is not null) TempData["Message"] = $"{problem.Title}. {problem.Detail}";
            return RedirectToPage("/Journal/Group", new { groupId });
        }
        return Partial("_MarkCell", await CellAsync(groupId, lessonId, studentId, problem?.Detail, ct));
    }

    /// <summary>An absence typed into a cell: a code, and for ОП the minutes late written after it («о10», «оп 5»).</summary>
    public static (string Code, int? Minutes)? AbsenceEntry(string text)
    {
        var letters = new string(text.TakeWhile(char.IsLetter).ToArray());
        var rest = text[letters.Length..].Trim();
        if (AbsenceCode(letters) is not string code) return null;
        if (rest.Length == 0) return (code, null);
        return code == "ОП"
            && int.TryParse(rest, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes)
            ? (code, minutes)
            : null;
    }

    /// <summary>The keys of the grid: Russian letters and their Latin transliteration.</summary>
    public static string? AbsenceCode(string key) => key.ToLowerInvariant() switch
    {
        "н" or "n" => "Н",
        "б" or "b" => "Б",
        "у" or "u" => "У",
        "о" or "o" or "оп" or "op" => "ОП",
        _ => null,
    };

    private async Task<MarkCell> CellAsync(int groupId, int lessonId, int studentId, string? error, CancellationToken ct)
    {
        var marks = await db.Marks.AsNoTracking().Where(m => m.LessonId == lessonId && m.StudentId == studentId).OrderBy(m => m.Id)
            .Select(m => new JournalApi.CellMark(m.Id, m.LessonId, m.Value, m.WorkType!.Name, m.WorkType.Weight, m.IsMakeUp, false)).ToListAsync(ct);
        var zone = await db.Schools.Where(s => s.Id == db.Lessons.Where(l => l.Id == lessonId).Select(l => l.SchoolId).FirstOrDefault())
            .Select(s => s.TimeZone).FirstOrDefaultAsync(ct) ?? "Europe/Moscow";
        var paper = await Archive.Outages.PaperMarkIdsAsync(db, db.Marks.Where(m => m.LessonId == lessonId && m.StudentId == studentId), zone, ct);
        marks = [.. marks.Select(m => m with { FromPaper = paper.Contains(m.Id) })];
        var absence = await db.Attendance.AsNoTracking().Where(a => a.LessonId == lessonId && a.StudentId == studentId)
            .Select(a => (AttendanceCode?)a.Code).FirstOrDefaultAsync(ct);
        var (lesson, refusal) = await JournalWrite.WritableLessonAsync(lessonId, access, db, ct);
        return new MarkCell(groupId, lessonId, studentId, marks, absence?.ToRussian(), lesson is not null && refusal is null, error);
    }
}

/// <summary>A row's period grade: a choice of the allowed values for the teacher, the grade (or the suggestion) for readers.</summary>
public sealed record GradeCell(int GroupId, int PeriodId, int StudentId, string? Grade, string? Suggested, IReadOnlyList<string> Values,
    bool Editable,
    string? Error = null);

/// <summary>One cell of the grid: what <c>_MarkCell</c> renders, on the page and as htmx's answer.</summary>
public sealed record MarkCell(int GroupId, int LessonId, int StudentId, IReadOnlyList<JournalApi.CellMark> Marks, string? Absence, bool Editable,
    string? Error = null, bool Outside = false);
