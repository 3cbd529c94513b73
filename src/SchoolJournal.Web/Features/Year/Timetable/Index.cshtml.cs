using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Timetable;

/// <summary>
/// «Расписание»: a week grid of a class, a teacher or a room; the deputy adds, checks, changes and deletes entries
/// and creates the lessons. Every write goes through <see cref="TimetableEntries"/>, as the API does.
/// </summary>
public sealed class IndexModel(JournalDbContext db, AccessService access, TimetableEntries timetable) : PageModel
{
    public sealed class Form
    {
        public int? Id { get; set; }
        public int GroupId { get; set; }
        public int Day { get; set; } = 1;
        public int Number { get; set; } = 1;
        public int? TeacherId { get; set; }
        public int? RoomId { get; set; }
        public string Parity { get; set; } = "every";
        public string Activity { get; set; } = "main";
        public DateOnly? ValidFrom { get; set; }
        public DateOnly? ValidTo { get; set; }
        public int? Version { get; set; }

        public TimetableEntries.Input ToInput() => new(GroupId, Day, Number, TeacherId, RoomId, Parity, Activity, ValidFrom, ValidTo, Version);
    }

    [BindProperty(SupportsGet = true)] public int? ClassId { get; set; }
    [BindProperty(SupportsGet = true)] public int? TeacherId { get; set; }
    [BindProperty(SupportsGet = true)] public int? RoomId { get; set; }
    [BindProperty(SupportsGet = true)] public int? Edit { get; set; }
    [BindProperty] public Form Entry { get; set; } = new();

    public bool CanWrite => access.CanManageYear;

    public bool ReadsStaffTimetables => access.ReadsStaffTimetables;
    public string Title { get; private set; } = "";
    public int Days { get; private set; } = 5;
    public List<TimetableEntries.EntryDto> Entries { get; private set; } = [];
    public Dictionary<int, (TimeOnly Start, TimeOnly End)> Bells { get; private set; } = [];
    public List<(int Id, string Name)> Classes { get; private set; } = [];
    public List<(int Id, string Name)> Teachers { get; private set; } = [];
    public List<(int Id, string Name)> Rooms { get; private set; } = [];
    public List<(int Id, string Name)> Groups { get; private set; } = [];
    public IReadOnlyList<TimetableEntries.ClashDto>? Clashes { get; private set; }
    public string? Error { get; private set; }
    public string? Message => TempData["Message"] as string;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        var rows = Entries.Select(e =>
            (IReadOnlyList<object?>)[TimetableEntries.DayNames[e.Day], e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Bells.TryGetValue(e.Number, out var b) ? $"{b.Start:HH\\:mm}–{b.End:HH\\:mm}" : "", e.Classes, e.Group, e.Teacher, e.Room ?? "",
            TimetableEntries.ParityTitle(Enum.Parse<WeekParity>(e.Parity, true)), $"{e.ValidFrom:dd.MM.yyyy}–{e.ValidTo:dd.MM.yyyy}"]).ToList();
        var bytes = Xlsx.Write("Расписание", ["День", "Урок", "Время", "Класс", "Группа", "Учитель", "Кабинет", "Недели", "Действует"], rows);
        return File(bytes, Xlsx.ContentType, "raspisanie.xlsx");
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        var o = await timetable.CheckAsync(Entry.Id, Entry.ToInput(), ct);
        if (o.Status == 403) return Forbid();
        if (!o.Ok) Error = $"{o.Title}. {o.Detail}";
        else Clashes = o.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        var o = await timetable.SaveAsync(Entry.Id, Entry.ToInput(), ct);
        if (o.Status == 403) return Forbid();
        if (!o.Ok)
        {
            Error = o.Title;
            Clashes = o.Clashes;
            if (o.Clashes is null) Error = $"{o.Title}. {o.Detail}";
            return Page();
        }
        TempData["Message"] = "Запись расписания сохранена.";
        return Redirect(Self());
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, int version, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        var o = await timetable.DeleteAsync(id, version, ct);
        if (o.Status == 403) return Forbid();
        TempData["Message"] = o.Ok ? "Запись расписания удалена." : $"{o.Title}. {o.Detail}";
        return Redirect(Self());
    }

    public async Task<IActionResult> OnPostGenerateAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        var o = await timetable.GenerateAsync(null, null, null, ct);
        if (o.Status == 403) return Forbid();
        TempData["Message"] = o.Ok
            ? $"Уроки созданы: новых {o.Value!.Created}, изменено {o.Value.Updated}, удалено {o.Value.Removed}, оставлено с " +
                $"записями {o.Value.Kept}, без изменений {o.Value.Unchanged}."
            : $"{o.Title}. {o.Detail}";
        return Redirect(Self());
    }

    public string Self() =>
        TeacherId is { } t ? $"/Year/Timetable?teacherId={t}" : RoomId is { } r
            ? $"/Year/Timetable?roomId={r}" : $"/Year/Timetable?classId={ClassId}";

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var year = await timetable.CurrentYearAsync(ct);
        if (year is null) return NotFound();
        if (!timetable.ReadsEverything)
        {
            var own = await timetable.OwnClassIdsAsync(ct);
            if (own.Count == 0 || TeacherId is not null || RoomId is not null || (ClassId is { } c && !own.Contains(c))) return Forbid();
            ClassId ??= own[0];
        }
        var classes = await db.SchoolClasses.AsNoTracking().Where(c => c.AcademicYearId == year.Id).OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .Select(c => new { c.Id, c.Grade, c.Letter, c.DaysPerWeek, c.BellScheduleId }).ToListAsync(ct);
        Classes = [.. classes.Select(c => (c.Id, $"{c.Grade}{c.Letter}"))];
        if (ClassId is null && TeacherId is null && RoomId is null) ClassId = classes.FirstOrDefault()?.Id;
        var staff = await db.StaffMembers.AsNoTracking().Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName }).ToListAsync(ct);
        Teachers = [.. staff.Select(s => (s.Id, PersonName.Short(s.LastName, s.FirstName, s.MiddleName)))
            .OrderBy(s => s.Item2, StringComparer.Ordinal)];
        Rooms = [.. (await db.Rooms.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.Number }).ToListAsync(ct))
            .Select(r => (r.Id, r.Number))];
        var cls = classes.FirstOrDefault(c => c.Id == ClassId);
        Title = TeacherId is { } t ? $"учитель {Teachers.FirstOrDefault(x => x.Id == t).Name}"
            : RoomId is { } r ? $"кабинет {Rooms.FirstOrDefault(x => x.Id == r).Name}" : cls is null ? "" : $"класс {cls.Grade}{cls.Letter}";
        Days = TeacherId is null && RoomId is null ? cls?.DaysPerWeek ?? 5 : Math.Max(5, classes.Select(c => c.DaysPerWeek).DefaultIfEmpty(5).Max());
        Entries = await timetable.ListAsync(year.Id, TeacherId is null && RoomId is null ? ClassId : null, TeacherId, RoomId, null, ct);
        var bellsId = cls?.BellScheduleId ?? classes.Select(c => c.BellScheduleId).FirstOrDefault(b => b is not null);
        Bells = await db.BellSchedules.AsNoTracking().Where(b => b.Id == bellsId).SelectMany(b => b.Slots)
            .ToDictionaryAsync(s => s.Number, s => (s.Start, s.End), ct);
        if (ClassId is { } classId)
            Groups = [.. (await db.TeachingGroups.AsNoTracking()
                .Where(g => g.AcademicYearId == year.Id && g.Classes.Any(x => x.SchoolClassId == classId))
                .OrderBy(g => g.Id).Select(g => new { g.Id, g.Name }).ToListAsync(ct)).Select(g => (g.Id, g.Name))];
        if (HttpMethods.IsGet(Request.Method) && Edit is { } edit && Entries.FirstOrDefault(e => e.Id == edit) is { } e)
            Entry = new Form
            {
                Id = e.Id, GroupId = e.GroupId, Day = e.Day, Number = e.Number, TeacherId = e.TeacherId, RoomId = e.RoomId, Parity = e.Parity,
                Activity = e.Activity, ValidFrom = e.ValidFrom, ValidTo = e.ValidTo, Version = e.Version,
            };
        return null;
    }
}
