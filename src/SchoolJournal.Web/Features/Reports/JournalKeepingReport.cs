using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Archive;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// «Ведение журналов» (R-REP-5): for the administration, each teacher's journals over a span of dates — lessons
/// held, without a topic or homework, with nothing recorded, late marks, marks per student per lesson, substituted
/// and cancelled lessons. The database groups the lessons, marks and seats per teacher and journal; only those groups come back
/// (a row per lesson with five sub-queries each took 0.5 s on PostgreSQL for a 1,000-student school's quarter).
/// </summary>
public sealed class JournalKeepingReport([FromKeyedServices(ReadRouting.Reads)] AccessService access, SchoolCalendar calendar,
    [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db)
{
    public sealed record Row(int TeacherId, string Teacher, int GroupId, string Group, int LessonsHeld, int WithoutTopic,
        int WithoutHomework, int AttendanceNotMarked, int LateMarks, decimal? MarksPerStudentLesson, int Substituted, int Cancelled);

    public const string RuleText = "Учитываются уроки с первого по последний день отчёта, но не позже сегодняшнего; урок — за тем, "
        + "кто его провёл (заменяющим учителем, если была замена), отменённый урок — за учителем по расписанию. "
        + "«Без отметок о присутствии» — урок, в котором нет ни одной отметки и ни одной записи о посещаемости "
        + "(журнал отмечает только отсутствующих). Поздние отметки — выставленные позже сроков журнала; "
        + "отметки за дни зарегистрированного сбоя системы, "
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
        // Four grouped queries, each answering one row per teacher and journal (a few hundred for a whole school): the lessons'
        // own columns, the lessons with nothing recorded, the marks, the seats (students in the group on each lesson's day).
        var lessonCounts = await lessons
            .Select(l => new
            {
                Teacher = l.Status == LessonStatus.Cancelled ? l.TeacherId : l.SubstituteTeacherId ?? l.TeacherId,
                l.TeachingGroupId,
                Cancelled = l.Status == LessonStatus.Cancelled,
                NoTopic = l.Topic == null || l.Topic == "",
                NoHomework = l.Homework == null,
                Substituted = l.SubstituteTeacherId != null,
            })
            .GroupBy(l => new { l.Teacher, l.TeachingGroupId })
            .Select(g => new
            {
                g.Key.Teacher, g.Key.TeachingGroupId,
                Held = g.Count(l => !l.Cancelled),
                NoTopic = g.Count(l => !l.Cancelled && l.NoTopic),
                NoHomework = g.Count(l => !l.Cancelled && l.NoHomework),
                Substituted = g.Count(l => !l.Cancelled && l.Substituted),
                Cancelled = g.Count(l => l.Cancelled),
            })
            .ToListAsync(ct);
        var held = lessons.Where(l => l.Status != LessonStatus.Cancelled);
        var nothing = await held.Where(l => !l.Marks.Any() && !l.Attendance.Any())
            .GroupBy(l => new { Teacher = l.SubstituteTeacherId ?? l.TeacherId, l.TeachingGroupId })
            .Select(g => new { g.Key.Teacher, g.Key.TeachingGroupId, Count = g.Count() })
            .ToDictionaryAsync(g => (g.Teacher, g.TeachingGroupId), g => g.Count, ct);
        var marks = await (from m in db.Marks
                join l in held on m.LessonId equals l.Id
                group m by new { Teacher = l.SubstituteTeacherId ?? l.TeacherId, l.TeachingGroupId } into g
                select new { g.Key.Teacher, g.Key.TeachingGroupId, Count = g.Count(), Late = g.Count(m => m.IsLate) })
            .ToDictionaryAsync(g => (g.Teacher, g.TeachingGroupId), g => (g.Count, g.Late), ct);
        var seats = await (from l in held
                join m in db.GroupMemberships on l.TeachingGroupId equals m.TeachingGroupId
                where m.From <= l.Date && (m.To == null || m.To >= l.Date)
                group m by new { Teacher = l.SubstituteTeacherId ?? l.TeacherId, l.TeachingGroupId } into g
                select new { g.Key.Teacher, g.Key.TeachingGroupId, Count = g.Count() })
            .ToDictionaryAsync(g => (g.Teacher, g.TeachingGroupId), g => g.Count, ct);
        var paper = await PaperMarksAsync(held, first, last, ct);
        var teacherIds = lessonCounts.Select(r => r.Teacher).Distinct().ToList();
        var groupIds = lessonCounts.Select(r => r.TeachingGroupId).Distinct().ToList();
        var teachers = await db.StaffMembers.Where(s => teacherIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName }).ToDictionaryAsync(s => s.Id, ct);
        var groups = await db.TeachingGroups.Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);

        return Outcome<IReadOnlyList<Row>>.Ok([
            .. lessonCounts.Select(c =>
            {
                var key = (c.Teacher, c.TeachingGroupId);
                var (marked, late) = marks.GetValueOrDefault(key);
                var places = seats.GetValueOrDefault(key);
                var t = teachers[c.Teacher];
                return new Row(c.Teacher, PersonName.Full(t.LastName, t.FirstName, t.MiddleName), c.TeachingGroupId,
                    groups[c.TeachingGroupId], c.Held, c.NoTopic, c.NoHomework, nothing.GetValueOrDefault(key),
                    late - paper.GetValueOrDefault(key),
                    places == 0 ? null : Math.Round((decimal)marked / places, 2, MidpointRounding.AwayFromZero), c.Substituted, c.Cancelled);
            })
            .OrderBy(r => r.Teacher, StringComparer.Ordinal).ThenBy(r => r.Group, StringComparer.Ordinal),
        ]);
    }

    /// <summary>Per lesson, its late marks entered from paper after a registered outage of its day (<see cref="Outages.FromPaper"/>).</summary>
    /// <summary>
    /// Late marks entered from paper (lessons of a registered outage, made after it), per teacher and journal: they are not late.
    /// One query per outage that touches the dates, over the late marks of its days only; none without outages.
    /// </summary>
    private async Task<Dictionary<(int Teacher, int Group), int>> PaperMarksAsync(IQueryable<Lesson> held, DateOnly first, DateOnly last,
        CancellationToken ct)
    {
        var outages = await Outages.SpansAsync(db, first, last, ct);
        if (outages.Count == 0) return [];
        var zone = (await calendar.NowAsync(ct)).TimeZone;
        var counts = new Dictionary<(int Teacher, int Group), int>();
        foreach (var o in outages)
        {
            var marks = await (from m in db.Marks.AsNoTracking()
                    join l in held.Where(l => l.Date >= o.From && l.Date <= o.To) on m.LessonId equals l.Id
                    where m.IsLate
                    select new { Teacher = l.SubstituteTeacherId ?? l.TeacherId, l.TeachingGroupId, l.Date, m.CreatedAt })
                .ToListAsync(ct);
            foreach (var m in marks.Where(m => Outages.FromPaper([o], m.Date, Outages.SchoolDate(m.CreatedAt, zone))))
                counts[(m.Teacher, m.TeachingGroupId)] = counts.GetValueOrDefault((m.Teacher, m.TeachingGroupId)) + 1;
        }
        return counts;
    }

    public static ReportFile ToFile(IReadOnlyList<Row> rows, DateOnly from, DateOnly to) => new(
        $"Ведение журналов {from:dd.MM.yyyy}–{to:dd.MM.yyyy}", [RuleText],
        ["Учитель", "Журнал", "Уроков проведено", "Без темы", "Без домашнего задания", "Без отметок о присутствии",
            "Поздних отметок", "Отметок на ученика за урок", "Замен", "Отменено"],
        [.. rows.Select(r => (IReadOnlyList<object?>)[r.Teacher, r.Group, r.LessonsHeld, r.WithoutTopic, r.WithoutHomework,
            r.AttendanceNotMarked, r.LateMarks, r.MarksPerStudentLesson, r.Substituted, r.Cancelled])]);
}
