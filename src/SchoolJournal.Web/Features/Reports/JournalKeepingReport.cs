using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Archive;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// «Ведение журналов» (R-REP-5): for the administration, each teacher's journals over a span of dates — lessons
/// held, without a topic or homework, with nothing recorded, late marks, marks per student per lesson, substituted
/// and cancelled lessons. Each lesson is counted in the database; only one small row per lesson comes back.
/// </summary>
public sealed class JournalKeepingReport(AccessService access, SchoolCalendar calendar, JournalDbContext db)
{
    public sealed record Row(int TeacherId, string Teacher, int GroupId, string Group, int LessonsHeld, int WithoutTopic,
        int WithoutHomework, int AttendanceNotMarked, int LateMarks, decimal? MarksPerStudentLesson, int Substituted, int Cancelled);

    public const string RuleText = "Учитываются уроки с первого по последний день отчёта, но не позже сегодняшнего; урок — за тем, "
        + "кто его провёл (заменяющим учителем, если была замена), отменённый урок — за учителем по расписанию. "
        + "«Без отметок о присутствии» — урок, в котором нет ни одной отметки и ни одной записи о посещаемости "
        + "(журнал отмечает только отсутствующих). Поздние отметки — выставленные позже сроков журнала; отметки за дни зарегистрированного сбоя системы, "
        + "внесённые после него с бумажного носителя, поздними не считаются. "
        + "Наполняемость — отметок на одного учащегося за урок.";

    public static readonly Problem NotAllowed = new(StatusCodes.Status403Forbidden, "Отчёт недоступен",
        "Отчёт о ведении журналов видят директор и заместитель директора.");

    public async Task<Outcome<IReadOnlyList<Row>>> LoadAsync(DateOnly? from, DateOnly? to, int? teacherId, CancellationToken ct)
    {
        if (!access.ReadsSchoolReports) return NotAllowed;
        if (from is not DateOnly first || to is not DateOnly last)
            return Problem.BadRequest("Не указаны даты", "Укажите первый (from) и последний (to) день отчёта.");
        if (last < first) return Problem.BadRequest("Неверные даты", "Последний день отчёта раньше первого.");
        var today = (await calendar.NowAsync(ct)).Today;
        if (last > today) last = today;

        var lessons = db.Lessons.AsNoTracking().Where(l => l.Date >= first && l.Date <= last);
        if (teacherId is int id)
            lessons = lessons.Where(l => l.SubstituteTeacherId == id || (l.SubstituteTeacherId == null && l.TeacherId == id)
                || (l.Status == LessonStatus.Cancelled && l.TeacherId == id));
        var rows = await lessons.Select(l => new
            {
                l.Id, l.Date,
                Teacher = l.Status == LessonStatus.Cancelled ? l.TeacherId : l.SubstituteTeacherId ?? l.TeacherId,
                l.TeachingGroupId,
                Cancelled = l.Status == LessonStatus.Cancelled,
                Substituted = l.SubstituteTeacherId != null,
                NoTopic = l.Topic == null || l.Topic == "",
                NoHomework = l.Homework == null,
                NothingRecorded = !l.Marks.Any() && !l.Attendance.Any(),
                Marks = l.Marks.Count(),
                LateMarks = l.Marks.Count(m => m.IsLate),
                Seats = db.GroupMemberships.Count(m => m.TeachingGroupId == l.TeachingGroupId && m.From <= l.Date
                    && (m.To == null || m.To >= l.Date)),
            })
            .ToListAsync(ct);
        var paper = await PaperMarksAsync([.. rows.Where(r => r.LateMarks > 0).Select(r => (r.Id, r.Date))], first, last, ct);
        var teacherIds = rows.Select(r => r.Teacher).Distinct().ToList();
        var groupIds = rows.Select(r => r.TeachingGroupId).Distinct().ToList();
        var teachers = await db.StaffMembers.Where(s => teacherIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName }).ToDictionaryAsync(s => s.Id, ct);
        var groups = await db.TeachingGroups.Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);

        return Outcome<IReadOnlyList<Row>>.Ok([
            .. rows.GroupBy(r => (r.Teacher, r.TeachingGroupId)).Select(g =>
            {
                var held = g.Where(r => !r.Cancelled).ToList();
                var seats = held.Sum(r => r.Seats);
                var t = teachers[g.Key.Teacher];
                return new Row(g.Key.Teacher, PersonName.Full(t.LastName, t.FirstName, t.MiddleName), g.Key.TeachingGroupId,
                    groups[g.Key.TeachingGroupId], held.Count, held.Count(r => r.NoTopic), held.Count(r => r.NoHomework),
                    held.Count(r => r.NothingRecorded), held.Sum(r => r.LateMarks - paper.GetValueOrDefault(r.Id)),
                    seats == 0 ? null : Math.Round((decimal)held.Sum(r => r.Marks) / seats, 2, MidpointRounding.AwayFromZero),
                    held.Count(r => r.Substituted), g.Count(r => r.Cancelled));
            })
            .OrderBy(r => r.Teacher, StringComparer.Ordinal).ThenBy(r => r.Group, StringComparer.Ordinal),
        ]);
    }

    /// <summary>Per lesson, its late marks entered from paper after a registered outage of its day (<see cref="Outages.FromPaper"/>).</summary>
    private async Task<Dictionary<int, int>> PaperMarksAsync(List<(int Id, DateOnly Date)> lessonsWithLate, DateOnly first, DateOnly last,
        CancellationToken ct)
    {
        var outages = await Outages.SpansAsync(db, first, last, ct);
        var ids = lessonsWithLate.Where(l => outages.Any(o => o.From <= l.Date && l.Date <= o.To)).Select(l => l.Id).ToList();
        if (ids.Count == 0) return [];
        var zone = (await calendar.NowAsync(ct)).TimeZone;
        var marks = await db.Marks.AsNoTracking().Where(m => m.IsLate && ids.Contains(m.LessonId))
            .Select(m => new { m.LessonId, m.Lesson!.Date, m.CreatedAt }).ToListAsync(ct);
        return marks.Where(m => Outages.FromPaper(outages, m.Date, Outages.SchoolDate(m.CreatedAt, zone)))
            .GroupBy(m => m.LessonId).ToDictionary(g => g.Key, g => g.Count());
    }

    public static ReportFile ToFile(IReadOnlyList<Row> rows, DateOnly from, DateOnly to) => new(
        $"Ведение журналов {from:dd.MM.yyyy}–{to:dd.MM.yyyy}", [RuleText],
        ["Учитель", "Журнал", "Уроков проведено", "Без темы", "Без домашнего задания", "Без отметок о присутствии",
            "Поздних отметок", "Отметок на ученика за урок", "Замен", "Отменено"],
        [.. rows.Select(r => (IReadOnlyList<object?>)[r.Teacher, r.Group, r.LessonsHeld, r.WithoutTopic, r.WithoutHomework,
            r.AttendanceNotMarked, r.LateMarks, r.MarksPerStudentLesson, r.Substituted, r.Cancelled])]);
}
