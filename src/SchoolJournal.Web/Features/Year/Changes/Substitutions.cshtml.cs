using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Changes;

/// <summary>
/// «Замены и переносы»: the register of changes of lessons for a span of dates (staff read it, XLSX for payroll) and the
/// deputy's form: a day and a class or a teacher, one of its lessons, then the change. Writes go through
/// <see cref="RegisterChange"/>, as the API's do.
/// </summary>
public sealed class SubstitutionsModel(JournalDbContext db, AccessService access, SchoolCalendar calendar, RegisterChange register) : PageModel
{
    public sealed class ChangeInput
    {
        public int? LessonId { get; set; }
        public string? Kind { get; set; }
        public int? TeacherId { get; set; }
        public DateOnly? Date { get; set; }
        public int? Number { get; set; }
        public int? RoomId { get; set; }
        public string? Reason { get; set; }
    }

    public sealed record LessonOption(int Id, int Number, TimeOnly Start, TimeOnly End, string Classes, string Group, string Subject,
        string Teacher, string? Substitute, string? Room, bool Cancelled, bool Moved);

    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public int? TeacherId { get; set; }
    [BindProperty(SupportsGet = true)] public int? ClassId { get; set; }
    /// <summary>The form's day and whose lessons it lists.</summary>
    [BindProperty(SupportsGet = true)] public DateOnly? Day { get; set; }
    [BindProperty(SupportsGet = true)] public int? ForClass { get; set; }
    [BindProperty(SupportsGet = true)] public int? ForTeacher { get; set; }

    [BindProperty] public ChangeInput Change { get; set; } = new();

    public bool CanWrite { get; private set; }
    public DateOnly Today { get; private set; }
    public DateOnly FirstDay { get; private set; }
    public DateOnly LastDay { get; private set; }
    public IReadOnlyList<ChangeRegister.Row> Rows { get; private set; } = [];
    public IReadOnlyList<ChangeOptions.Option> Teachers { get; private set; } = [];
    public IReadOnlyList<ChangeOptions.Option> Classes { get; private set; } = [];
    public IReadOnlyList<ChangeOptions.Option> Rooms { get; private set; } = [];
    public IReadOnlyList<LessonOption> Lessons { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.IsStaff) return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (!access.IsStaff) return Forbid();
        await LoadAsync(ct);
        var offset = (await calendar.NowAsync(ct)).Now.Offset;
        var bytes = Xlsx.Write("Журнал замен", ChangeRegister.XlsxHeaders, ChangeRegister.XlsxRows(Rows, offset));
        return File(bytes, Xlsx.ContentType, $"Журнал замен {FirstDay:yyyy-MM-dd}–{LastDay:yyyy-MM-dd}.xlsx");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!access.CanManageYear) return Forbid();
        var outcome = await register.HandleAsync(new RegisterChange.Input(Change.LessonId ?? 0, Change.Kind, Change.TeacherId, Change.Date,
            Change.Number, Change.RoomId, Change.Reason), ct);
        if (outcome.Problem is { } problem)
        {
            Error = $"{problem.Title}. {problem.Detail}";
            Response.StatusCode = problem.Status == StatusCodes.Status409Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        var row = outcome.Value!;
        TempData["Message"] =
            $"Зарегистрировано: {row.KindName}, {row.Subject}, {row.Classes}, {row.Date:dd.MM.yyyy}, {row.Number}-й урок: {row.From} → {row.To}.";
        return Redirect($"/Year/Substitutions?day={row.Date:yyyy-MM-dd}" + (ForClass is int c ? $"&forClass={c}" : "")
            + (ForTeacher is int t ? $"&forTeacher={t}" : ""));
    }

    public async Task<IActionResult> OnPostUndoAsync(int id, CancellationToken ct)
    {
        if (!access.CanManageYear) return Forbid();
        var outcome = await register.UndoAsync(id, ct);
        TempData["Message"] = outcome.Problem is { } problem ? $"{problem.Title}. {problem.Detail}" : "Изменение отменено: урок возвращён, как был.";
        return Redirect(
            "/Year/Substitutions" + (From is DateOnly f ? $"?from={f:yyyy-MM-dd}" + (To is DateOnly t ? $"&to={t:yyyy-MM-dd}" : "") : ""));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanWrite = access.CanManageYear;
        Today = (await calendar.NowAsync(ct)).Today;
        (FirstDay, LastDay) = ChangesApi.DefaultMonth(Today, From, To);
        if (FirstDay > LastDay) (FirstDay, LastDay) = (LastDay, FirstDay);
        Rows = await ChangeRegister.LoadAsync(db, new ChangeRegister.Filter(FirstDay, LastDay, TeacherId, ClassId), ct);
        var staff = await db.StaffMembers.AsNoTracking().Where(s => s.DismissedOn == null)
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName }).ToListAsync(ct);
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        Teachers = [.. staff.Select(s => new ChangeOptions.Option(s.Id, PersonName.Full(s.LastName, s.FirstName, s.MiddleName)))
            .OrderBy(o => o.Name, ru)];
        Classes = await ChangeOptions.CurrentClassesAsync(db.SchoolClasses, db, ct);
        Rooms = [.. (await db.Rooms.AsNoTracking().Select(r => new { r.Id, r.Number, r.Name }).ToListAsync(ct))
            .OrderBy(r => r.Number.Length).ThenBy(r => r.Number, StringComparer.Ordinal)
            .Select(r => new ChangeOptions.Option(r.Id, r.Name is null ? r.Number : $"{r.Number} ({r.Name})"))];
        Day ??= Today;
        if (CanWrite && (ForClass is not null || ForTeacher is not null)) Lessons = await LessonsAsync(Day.Value, ct);
    }

    private async Task<List<LessonOption>> LessonsAsync(DateOnly day, CancellationToken ct)
    {
        var q = db.Lessons.AsNoTracking().Where(l => l.Date == day);
        if (ForClass is int cls) q = q.Where(l => l.TeachingGroup!.Classes.Any(c => c.SchoolClassId == cls));
        if (ForTeacher is int t) q = q.Where(l => l.TeacherId == t || l.SubstituteTeacherId == t);
        var rows = await q.OrderBy(l => l.Number).ThenBy(l => l.Id)
            .Select(l => new
            {
                l.Id, l.Number, l.Start, l.End, Group = l.TeachingGroup!.Name, Subject = l.TeachingGroup.Subject!.Name,
                Classes = l.TeachingGroup.Classes.Select(c => new ClassName(c.SchoolClass!.Grade, c.SchoolClass.Letter)).ToList(),
                Teacher = new { l.Teacher!.LastName, l.Teacher.FirstName, l.Teacher.MiddleName },
                Substitute = db.StaffMembers.Where(s => s.Id == l.SubstituteTeacherId)
                    .Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstOrDefault(),
                Room = db.Rooms.Where(r => r.Id == l.RoomId).Select(r => r.Number).FirstOrDefault(),
                l.Status, l.OriginalDate,
            })
            .ToListAsync(ct);
        return [.. rows.Select(l => new LessonOption(l.Id, l.Number, l.Start, l.End, ClassName.Join(l.Classes), l.Group, l.Subject,
            PersonName.Short(l.Teacher.LastName, l.Teacher.FirstName, l.Teacher.MiddleName),
            l.Substitute is null ? null : PersonName.Short(l.Substitute.LastName, l.Substitute.FirstName, l.Substitute.MiddleName),
            l.Room, l.Status == LessonStatus.Cancelled, l.OriginalDate is not null))];
    }
}
