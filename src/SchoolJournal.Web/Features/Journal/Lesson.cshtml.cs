using System.ComponentModel.DataAnnotations;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// One lesson: its topic and homework, and the marks and attendance of its students, as full-page forms (no
/// JavaScript needed). Writes go through the same classes as the API (<see cref="ChangeLesson"/>, <see cref="RecordMark"/>,
/// <see cref="RemoveMark"/>, <see cref="SetAttendance"/>).
/// </summary>
public sealed class LessonModel(JournalDbContext db, AccessService access, ChangeLesson changeLesson, RecordMark recordMark,
    RemoveMark removeMark, SetAttendance setAttendance, AttachHomeworkFile attachFile, SetHomeworkStudents homeworkStudents,
    Infrastructure.ReadModels.ReadCache cache, CurrentUser user) : PageModel
{
    public sealed class TopicInput
    {
        [Display(Name = "Тема урока")]
        [StringLength(JournalApi.TopicMax, ErrorMessage = "Тема урока — не больше {1} символов.")]
        public string? Topic { get; set; }

        [Display(Name = "Домашнее задание")]
        [StringLength(JournalApi.HomeworkMax, ErrorMessage = "Домашнее задание — не больше {1} символов.")]
        public string? Homework { get; set; }
    }

    public sealed record Info(int Id, int GroupId, DateOnly Date, int Number, TimeOnly Start, TimeOnly End, string Subject, string Classes,
        string Group, string Teacher, string? Substitute, string? Topic, string? Homework, GradingKind Kind, bool Locked);

    public sealed record Row(int StudentId, string Name, IReadOnlyList<JournalApi.MarkDto> Marks, string? Code);

    public sealed record WorkTypeOption(int Id, string Name, decimal Weight);

    [BindProperty]
    public TopicInput Input { get; set; } = new();

    /// <summary>The work type of the marks entered with this form.</summary>
    [BindProperty]
    public int? WorkTypeId { get; set; }

    /// <summary>New marks by student id; empty ones are skipped.</summary>
    [BindProperty]
    public Dictionary<int, string?> NewMarks { get; set; } = [];

    /// <summary>Attendance codes by student id («» for present).</summary>
    [BindProperty]
    public Dictionary<int, string?> Codes { get; set; } = [];

    public Info Lesson { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The registered outage the lesson's day fell in (R-ARCH-5), and the marks entered from paper after it.</summary>
    public SystemOutage? Outage { get; private set; }
    public IReadOnlySet<int> PaperMarks { get; private set; } = new HashSet<int>();

    /// <summary>A mark's tooltip: its work type and weight, whether it was entered from paper, where the click leads.</summary>
    public string MarkTitle(int markId, string workType, decimal weight) =>
        $"{workType}, вес {weight.ToString("0.##", CultureInfo.CurrentCulture)}"
        + (PaperMarks.Contains(markId) ? ". Внесено с бумажного носителя" : "") + ". История отметки";
    public IReadOnlyList<WorkTypeOption> WorkTypes { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public IReadOnlyList<HomeworkFilesApi.AttachmentDto> Attachments { get; private set; } = [];

    /// <summary>The students the homework is for; empty: the whole group.</summary>
    public IReadOnlySet<int> HomeworkFor { get; private set; } = new HashSet<int>();

    /// <summary>The students ticked in «Для кого задание».</summary>
    [BindProperty]
    public List<int> ForStudents { get; set; } = [];

    public static readonly string[] AttendanceOptions = ["Н", "Б", "У", "ОП"];

    /// <summary>The КТП's topic for this lesson (R-JRN-4), with its section and planned homework; null without a plan.</summary>
    public Year.Plans.PlanQueries.Suggestion? Planned { get; private set; }

    /// <summary><paramref name="fromPlan"/>: «Взять тему из КТП» fills the form (not saved yet) with the plan's topic, and its homework when none is
    /// set.</summary>
    public async Task<IActionResult> OnGetAsync(int lessonId, bool fromPlan, CancellationToken ct)
    {
        if (await LoadAsync(lessonId, ct) is { } refusal) return refusal;
        Input = new TopicInput { Topic = Lesson.Topic, Homework = Lesson.Homework };
        if (fromPlan && Planned is not null)
            Input = new TopicInput { Topic = Planned.Title, Homework = Lesson.Homework ?? Planned.Note };
        return Page();
    }

    public async Task<IActionResult> OnPostTopicAsync(int lessonId, CancellationToken ct)
    {
        if (await LoadAsync(lessonId, ct) is { } refusal) return refusal;
        // The marks form's fields are not part of this post.
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(nameof(Input), StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        if (!ModelState.IsValid) return Page();
        var outcome = await changeLesson.HandleAsync(lessonId, new JournalApi.LessonInput(Input.Topic ?? "", Input.Homework ?? ""), ct);
        if (outcome.Problem is { } problem) return Refuse(problem, nameof(Input));
        TempData["Message"] = "Тема и домашнее задание сохранены.";
        return RedirectToPage(new { lessonId });
    }

    /// <summary>The whole list at once: every new mark is checked against the scale before anything is written.</summary>
    public async Task<IActionResult> OnPostMarksAsync(int lessonId, CancellationToken ct)
    {
        ModelState.Clear(); // the topic form's fields are not part of this post
        if (await LoadAsync(lessonId, ct) is { } refusal) return refusal;
        if (!CanWrite) return StatusCode(Lesson.Locked && access.WritesJournals ? StatusCodes.Status409Conflict : StatusCodes.Status403Forbidden);
        var known = Rows.ToDictionary(r => r.StudentId);
        var marks = NewMarks.Where(m => known.ContainsKey(m.Key) && !string.IsNullOrWhiteSpace(m.Value)).ToList();
        foreach (var (studentId, value) in marks)
            if (MarkScale.Normalize(Lesson.Kind, value) is null)
                ModelState.AddModelError($"NewMarks[{studentId}]", MarkScale.Error(Lesson.Kind, value));
        foreach (var (studentId, code) in Codes)
            if (!string.IsNullOrWhiteSpace(code) && AttendanceCodes.Parse(code) is null)
                ModelState.AddModelError($"Codes[{studentId}]", $"Отметки посещаемости «{code}» нет: выберите Н, Б, У или ОП.");
        if (WorkTypeId is int w && WorkTypes.All(t => t.Id != w))
            ModelState.AddModelError(nameof(WorkTypeId), "Такого вида работы в школе нет.");
        if (!ModelState.IsValid) return Page();

        var workType = WorkTypeId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var written = 0;
        foreach (var (studentId, value) in marks)
        {
            var outcome = await recordMark.HandleAsync(lessonId, new JournalApi.MarkInput(studentId, value, workType, null), ct);
            if (outcome.Problem is { } problem) return Refuse(problem, $"NewMarks[{studentId}]");
            written++;
        }
        foreach (var (studentId,
            code) in Codes.Where(c => known.TryGetValue(c.Key, out var row) && (row.Code ?? "") != (c.Value ?? "").Trim().ToUpperInvariant()))
        {
            var outcome = await setAttendance.HandleAsync(lessonId, new JournalApi.AttendanceInput(studentId, code, null), ct);
            if (outcome.Problem is { } problem) return Refuse(problem, $"Codes[{studentId}]");
            written++;
        }
        TempData["Message"] = written == 0 ? "Изменений нет." : "Отметки и посещаемость сохранены.";
        return RedirectToPage(new { lessonId });
    }

    /// <summary>A file for the homework, through the same checks and storage as the attachments API.</summary>
    public async Task<IActionResult> OnPostFileAsync(int lessonId, IFormFile? file, CancellationToken ct)
    {
        ModelState.Clear(); // the other forms' fields are not part of this post
        if (await LoadAsync(lessonId, ct) is { } refusal) return refusal;
        var outcome = await attachFile.HandleAsync(lessonId, () => Task.FromResult(file is null
            ? Outcome<IFormFile>.Refused(Problem.BadRequest("Файл не выбран", "Выберите файл, который нужно прикрепить к заданию."))
            : Outcome<IFormFile>.Ok(file)), ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Status != StatusCodes.Status400BadRequest) return StatusCode(problem.Status);
            Input = new TopicInput { Topic = Lesson.Topic, Homework = Lesson.Homework };
            ModelState.AddModelError("file", problem.Detail ?? problem.Title);
            return Page();
        }
        TempData["Message"] = $"Файл «{outcome.Value!.FileName}» прикреплён к заданию.";
        return RedirectToPage(new { lessonId });
    }

    public async Task<IActionResult> OnPostDeleteMarkAsync(int lessonId, int markId, CancellationToken ct)
    {
        var outcome = await removeMark.HandleAsync(markId, ct);
        if (outcome.Problem is { } problem) return StatusCode(problem.Status);
        TempData["Message"] = "Отметка удалена.";
        return RedirectToPage(new { lessonId });
    }

    /// <summary>A bad value is shown by its field; anything else (not his journal, closed period, unknown lesson) is its status.</summary>
    /// <summary>«Для кого задание»: the ticked students only, or — nobody ticked — the whole group.</summary>
    public async Task<IActionResult> OnPostHomeworkStudentsAsync(int lessonId, CancellationToken ct)
    {
        if (await LoadAsync(lessonId, ct) is { } refusal) return refusal;
        var result = await homeworkStudents.HandleAsync(lessonId, ForStudents, ct);
        if (result.Problem is { } problem)
        {
            Input = new TopicInput { Topic = Lesson.Topic, Homework = Lesson.Homework };
            return Refuse(problem, nameof(ForStudents));
        }
        TempData["Message"] = result.Value!.Count == 0 ? "Домашнее задание — для всей группы."
            : $"Домашнее задание — для выбранных учеников: {result.Value.Count}.";
        return RedirectToPage(new { lessonId });
    }

    private IActionResult Refuse(Problem problem, string field)
    {
        if (problem.Status != StatusCodes.Status400BadRequest) return StatusCode(problem.Status);
        ModelState.AddModelError(field, problem.Detail ?? problem.Title);
        return Page();
    }

    private sealed record LessonKey(int LessonId);

    /// <summary>What the page shows of a lesson, whoever reads it: a read model kept until the lesson, its group or the school changes.</summary>
    private sealed record LessonData(Info Lesson, int? SubstituteId, IReadOnlyList<Row> Rows, Year.Plans.PlanQueries.Suggestion? Planned,
        IReadOnlyList<HomeworkFilesApi.AttachmentDto> Attachments, IReadOnlySet<int> HomeworkFor, IReadOnlyList<WorkTypeOption> WorkTypes,
        SystemOutage? Outage, IReadOnlySet<int> PaperMarks);

    /// <summary>The lesson, its students and their marks; a refusal when it does not exist (404) or is not his to read (403).</summary>
    private async Task<IActionResult?> LoadAsync(int lessonId, CancellationToken ct)
    {
        var key = new LessonKey(lessonId);
        if (!cache.TryGet<LessonData>(key, out var data))
        {
            var built = cache.Generation;
            if (await ReadAsync(lessonId, ct) is not { } read) return NotFound();
            data = read;
            cache.Set(key, data, built, [Infrastructure.ReadModels.ReadDep.School(user.SchoolId ?? 0),
                Infrastructure.ReadModels.ReadDep.Lesson(lessonId), Infrastructure.ReadModels.ReadDep.Group(data.Lesson.GroupId)]);
        }
        if (!(await access.GridReadableGroupSetAsync(ct)).Contains(data.Lesson.GroupId)) return StatusCode(StatusCodes.Status403Forbidden);
        Lesson = data.Lesson;
        // A lesson's journal entry: the group's teacher, or the substitute of that one lesson (R-YEAR-13).
        CanWrite = !Lesson.Locked && access.WritesJournals
            && ((data.SubstituteId is int sub && sub == (await access.LinksAsync(ct)).StaffMemberId)
                || await access.CanWriteJournalAsync(Lesson.GroupId, ct));
        (Planned, Rows, Attachments, HomeworkFor, WorkTypes, Outage, PaperMarks) =
            (data.Planned, data.Rows, data.Attachments, data.HomeworkFor, data.WorkTypes, data.Outage, data.PaperMarks);
        return null;
    }

    private async Task<LessonData?> ReadAsync(int lessonId, CancellationToken ct)
    {
        var lesson = await db.Lessons.AsNoTracking().Where(l => l.Id == lessonId)
            .Select(l => new
            {
                l.Id, l.TeachingGroupId, l.StudyPeriodId, l.Date, l.Number, l.Start, l.End, Subject = l.TeachingGroup!.Subject!.Name,
                Classes = l.TeachingGroup.Classes.Select(c => new ClassName(c.SchoolClass!.Grade, c.SchoolClass.Letter)).ToList(),
                Group = l.TeachingGroup.Name, Teacher = new { l.Teacher!.LastName, l.Teacher.FirstName, l.Teacher.MiddleName },
                l.SubstituteTeacherId,
                Substitute = db.StaffMembers.Where(s => s.Id == l.SubstituteTeacherId)
                    .Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstOrDefault(),
                l.Topic, Homework = l.Homework != null ? l.Homework.Text : null, l.TeachingGroup.GradingSystem!.Kind,
            })
            .FirstOrDefaultAsync(ct);
        if (lesson is null) return null;
        var locked = await access.IsPeriodLockedAsync(lesson.TeachingGroupId, lesson.StudyPeriodId, ct);
        var info = new Info(lesson.Id, lesson.TeachingGroupId, lesson.Date, lesson.Number, lesson.Start, lesson.End, lesson.Subject,
            ClassName.Join(lesson.Classes), lesson.Group,
            PersonName.Short(lesson.Teacher.LastName, lesson.Teacher.FirstName, lesson.Teacher.MiddleName),
            lesson.Substitute is { } s ? PersonName.Short(s.LastName, s.FirstName, s.MiddleName) : null, lesson.Topic, lesson.Homework, lesson.Kind,
            locked);
        var planned = await Year.Plans.PlanQueries.ForLessonAsync(db, lessonId, ct);

        var students = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.TeachingGroupId == lesson.TeachingGroupId && m.From <= lesson.Date && (m.To == null || m.To >= lesson.Date))
            .Select(m => new { m.StudentId, m.Student!.LastName, m.Student.FirstName, m.Student.MiddleName })
            .Distinct().ToListAsync(ct);
        var marks = await db.Marks.AsNoTracking().Where(m => m.LessonId == lessonId).OrderBy(m => m.Id)
            .Select(m => new JournalApi.MarkDto(m.Id, m.LessonId, m.StudentId, m.Value, m.WorkType!.Name, m.WorkTypeId, m.WorkType.Weight,
                m.Comment, m.CreatedAt, m.UpdatedAt))
            .ToListAsync(ct);
        var codes = await db.Attendance.AsNoTracking().Where(a => a.LessonId == lessonId)
            .Select(a => new { a.StudentId, a.Code }).ToListAsync(ct);
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        var marksOf = marks.ToLookup(m => m.StudentId);
        var codeOf = codes.ToDictionary(c => c.StudentId, c => c.Code.ToRussian());
        List<Row> rows = [.. students.OrderBy(s => s.LastName, ru).ThenBy(s => s.FirstName, ru)
            .Select(s =>
                new Row(s.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), [.. marksOf[s.StudentId]],
                    codeOf.GetValueOrDefault(s.StudentId)))];
        var attachments = await db.HomeworkAttachments.AsNoTracking()
            .Where(a => db.Homework.Any(h => h.Id == a.HomeworkId && h.LessonId == lessonId)).OrderBy(a => a.Id)
            .Select(a =>
                new HomeworkFilesApi.AttachmentDto(a.Id, lessonId, a.FileName, a.ContentType, a.Size, a.UploadedAt,
                    "/api/v1/homework/attachments/" + a.Id))
            .ToListAsync(ct);
        var homeworkFor = (await db.HomeworkStudents.AsNoTracking()
            .Where(h => db.Homework.Any(x => x.Id == h.HomeworkId && x.LessonId == lessonId))
            .Select(h => h.StudentId).ToListAsync(ct)).ToHashSet();
        var workTypes = await db.WorkTypes.AsNoTracking().OrderBy(w => w.SortOrder).ThenBy(w => w.Id)
            .Select(w => new WorkTypeOption(w.Id, w.Name, w.Weight)).ToListAsync(ct);
        var outage = await Archive.Outages.OfDayAsync(db, info.Date, ct);
        IReadOnlySet<int> paperMarks = new HashSet<int>();
        if (outage is not null)
        {
            var zone = await db.Schools.Where(s => s.Id == db.Lessons.Where(x => x.Id == lessonId).Select(x => x.SchoolId).FirstOrDefault())
                .Select(s => s.TimeZone).FirstOrDefaultAsync(ct) ?? "Europe/Moscow";
            paperMarks = await Archive.Outages.PaperMarkIdsAsync(db, db.Marks.Where(m => m.LessonId == lessonId), zone, ct);
        }
        return new LessonData(info, lesson.SubstituteTeacherId, rows, planned, attachments, homeworkFor, workTypes, outage, paperMarks);
    }
}
