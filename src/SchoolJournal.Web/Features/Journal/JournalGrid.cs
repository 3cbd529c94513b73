using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.ReadModels;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// The journal of a group for a period, as the access service lets the user read it: one query for the API
/// (GET /api/v1/groups/{id}/journal) and the grid page. periodId null means the period of today, else the last one.
/// </summary>
public sealed class JournalGrid(AccessService access, JournalDbContext db, TimeProvider time, ReadCache cache, CurrentUser user)
{
    public sealed record PeriodTab(int Id, string Name);

    public sealed record Grid(JournalApi.JournalDto Journal, IReadOnlyList<PeriodTab> Periods);

    /// <summary>
    /// Two round trips whatever the size of the class: the group's header (access, school settings, periods and
    /// locks, work types), then everything of the period as one UNION ALL of flat rows (<see cref="Cell"/>): its
    /// lessons, their marks, the members, their absences, the class teacher's daily marks and the period grades.
    /// </summary>
    public async Task<Outcome<Grid>> LoadAsync(int groupId, int? periodId, CancellationToken ct)
    {
        // The header and the period's grid are read models in the read cache (issue 16): the header until the school or the
        // group changes, the grid until one of its lessons, the group's lesson set or a member's daily absences change. The
        // access rule is the user's cached set of readable groups, checked on every request.
        if (user.SchoolId is not int school) return Problem.NotFound("Группа не найдена");
        var header = await cache.GetOrBuildAsync<HeaderEntry>(new HeaderKey(groupId), school,
            async () => (new HeaderEntry(await GroupPeriods.HeaderAsync(db, access, groupId, ct)), [ReadDep.Group(groupId)]));
        if (header.Header is null) return Problem.NotFound("Группа не найдена");
        if (!(await access.GridReadableGroupSetAsync(ct)).Contains(groupId))
            return new Problem(StatusCodes.Status403Forbidden, "Нет доступа к журналу",
                "Журнал группы видят её учителя, классный руководитель и администрация школы.");
        var period = header.Header.Pick(periodId, SchoolClock.Today(time, header.Header.TimeZone));
        if (period is null) return Problem.NotFound("Учебный период не найден", "У группы нет такого периода в её учебном году.");
        return Outcome<Grid>.Ok(await cache.GetOrBuildAsync(new GridKey(groupId, period.Id), school,
            () => ReadAsync(groupId, header.Header, period, ct)));
    }

    private sealed record HeaderKey(int GroupId);

    private sealed record HeaderEntry(GroupPeriods.Header? Header);

    private sealed record GridKey(int GroupId, int PeriodId);

    private async Task<(Grid Value, IEnumerable<long> Deps)> ReadAsync(int groupId, GroupPeriods.Header header, GroupPeriods.Period period,
        CancellationToken ct)
    {
        var cells = await CellsQuery(groupId, period).ToListAsync(ct);
        var paper = header.HasOutages
            ? await Archive.Outages.PaperMarkIdsAsync(db, db.Marks.Where(m => m.Lesson!.TeachingGroupId == groupId
                && m.Lesson.Date >= period.Start && m.Lesson.Date <= period.End), header.TimeZone, ct)
            : [];

        var lessons = cells.Where(c => c.Kind == LessonCell)
            .OrderBy(c => c.Date).ThenBy(c => c.Number).ThenBy(c => c.LessonId)
            .Select(c => new JournalApi.LessonDto(c.LessonId!.Value, c.Date!.Value, c.Text, c.Extra))
            .ToList();
        var lessonsOn = lessons.ToLookup(l => l.Date, l => l.Id);
        var marksOf = cells.Where(c => c.Kind == MarkCell).OrderBy(c => c.RowId)
            .Select(c => (StudentId: c.StudentId!.Value, Type: header.WorkTypes[c.Number!.Value], c))
            .ToLookup(x => x.StudentId,
                x => new JournalApi.CellMark(x.c.RowId, x.c.LessonId!.Value, x.c.Text!, x.Type.Name, x.Type.Weight, x.c.Flag,
                    paper.Contains(x.c.RowId)));
        var absencesOf = cells.Where(c => c.Kind == AttendanceCell)
            .ToLookup(c => c.StudentId!.Value, c => (c.LessonId!.Value, (AttendanceCode)c.Number!.Value));
        var dailyOf = cells.Where(c => c.Kind == DailyCell)
            .ToLookup(c => c.StudentId!.Value, c => (c.Date!.Value, (AttendanceCode)c.Number!.Value));
        var gradeOf = cells.Where(c => c.Kind == GradeCell).GroupBy(c => c.StudentId!.Value)
            .ToDictionary(g => g.Key, g => g.MaxBy(c => c.RowId)!.Text);
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        // A student who left and came back has two memberships but one row: from his first day to his last.
        var rows = cells.Where(c => c.Kind == MemberCell).OrderBy(c => c.RowId).GroupBy(c => c.StudentId!.Value)
            .Select(g => new
            {
                Id = g.Key, LastName = g.First().Text!, FirstName = g.First().Extra!, g.First().MiddleName,
                From = g.Min(m => m.Date!.Value), To = g.Any(m => m.To == null) ? null : g.Max(m => m.To),
            })
            .OrderBy(s => s.LastName, ru).ThenBy(s => s.FirstName, ru)
            .Select(s => Row(s.Id, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), s.From, s.To, [.. marksOf[s.Id]],
                [.. absencesOf[s.Id]], [.. dailyOf[s.Id]], lessonsOn, gradeOf.GetValueOrDefault(s.Id), header.Thresholds))
            .ToList();
        List<long> deps = [ReadDep.Group(groupId), .. lessons.Select(l => ReadDep.Lesson(l.Id)),
            .. cells.Where(c => c.Kind == MemberCell).Select(c => ReadDep.Daily(c.StudentId!.Value)).Distinct()];
        return (new Grid(
            new JournalApi.JournalDto(new JournalApi.PeriodRef(period.Id, period.Name, period.Start, period.End, period.Locked), lessons, rows),
            [.. header.Periods.Select(p => new PeriodTab(p.Id, p.Name))]), deps);
    }

    private const int LessonCell = 1, MarkCell = 2, MemberCell = 3, AttendanceCell = 4, DailyCell = 5, GradeCell = 6;

    /// <summary>
    /// One flat row of the grid's single query; what each field holds depends on <see cref="Kind"/>:
    /// lesson (LessonId, Date, Number, Text = topic, Extra = homework); mark (RowId = mark id, LessonId, StudentId,
    /// Text = value, Number = work type id, Flag = make-up); member (StudentId, Text/Extra/MiddleName = names,
    /// Date = from, To); attendance (LessonId, StudentId, Number = code); daily absence (StudentId, Date, Number = code);
    /// period grade (RowId, StudentId, Text = value).
    /// </summary>
    private sealed class Cell
    {
        public int Kind { get; init; }
        public int RowId { get; init; }
        public int? LessonId { get; init; }
        public int? StudentId { get; init; }
        public DateOnly? Date { get; init; }
        public DateOnly? To { get; init; }
        public int? Number { get; init; }
        public string? Text { get; init; }
        public string? Extra { get; init; }
        public string? MiddleName { get; init; }
        public bool Flag { get; init; }
    }

    private IQueryable<Cell> CellsQuery(int groupId, GroupPeriods.Period period)
    {
        var inPeriod = db.Lessons.AsNoTracking()
            .Where(l => l.TeachingGroupId == groupId && l.Date >= period.Start && l.Date <= period.End && l.Status != LessonStatus.Cancelled);
        var members = db.GroupMemberships.AsNoTracking()
            .Where(m => m.TeachingGroupId == groupId && m.From <= period.End && (m.To == null || m.To >= period.Start));
        var memberIds = members.Select(m => m.StudentId);

        var lessonCells = inPeriod.Select(l => new Cell
        {
            Kind = LessonCell, RowId = l.Id, LessonId = l.Id, StudentId = null, Date = l.Date, To = null, Number = l.Number,
            Text = l.Topic, Extra = l.Homework != null ? l.Homework.Text : null, MiddleName = null, Flag = false,
        });
        // Joined from the period's few lessons, so the database reads marks and attendance by lesson (an EXISTS over
        // the lessons made SQLite walk every mark of the school).
        var markCells = (from l in inPeriod join m in db.Marks.AsNoTracking() on l.Id equals m.LessonId select m).Select(m => new Cell
        {
            Kind = MarkCell, RowId = m.Id, LessonId = m.LessonId, StudentId = m.StudentId, Date = null, To = null, Number = m.WorkTypeId,
            Text = m.Value, Extra = null, MiddleName = null, Flag = m.IsMakeUp,
        });
        var memberCells = members.Select(m => new Cell
        {
            Kind = MemberCell, RowId = m.Id, LessonId = null, StudentId = m.StudentId, Date = m.From, To = m.To, Number = null,
            Text = m.Student!.LastName, Extra = m.Student.FirstName, MiddleName = m.Student.MiddleName, Flag = false,
        });
        var attendanceCells = (from l in inPeriod join a in db.Attendance.AsNoTracking() on l.Id equals a.LessonId select a).Select(a => new Cell
        {
            Kind = AttendanceCell, RowId = a.Id, LessonId = a.LessonId, StudentId = a.StudentId, Date = null, To = null, Number = (int)a.Code,
            Text = null, Extra = null, MiddleName = null, Flag = false,
        });
        var dailyCells = db.DailyAbsences.AsNoTracking()
            .Where(d => d.Date >= period.Start && d.Date <= period.End && memberIds.Contains(d.StudentId)).Select(d => new Cell
            {
                Kind = DailyCell, RowId = d.Id, LessonId = null, StudentId = d.StudentId, Date = d.Date, To = null, Number = (int)d.Code,
                Text = null, Extra = null, MiddleName = null, Flag = false,
            });
        var gradeCells = db.PeriodGrades.AsNoTracking()
            .Where(g => g.TeachingGroupId == groupId && g.StudyPeriodId == period.Id && g.Kind == PeriodGradeKind.Period).Select(g => new Cell
            {
                Kind = GradeCell, RowId = g.Id, LessonId = null, StudentId = g.StudentId, Date = null, To = null, Number = null,
                Text = g.Value, Extra = null, MiddleName = null, Flag = false,
            });
        return lessonCells.Concat(markCells).Concat(memberCells).Concat(attendanceCells).Concat(dailyCells).Concat(gradeCells);
    }

    /// <summary>
    /// A student's row of a grid: his marks, his absences with the class teacher's daily marks folded into every lesson
    /// of that day the teacher left unmarked, the weighted average and the grade it suggests.
    /// </summary>
    public static JournalApi.StudentRow Row(int id, string name, DateOnly from, DateOnly? to, IReadOnlyList<JournalApi.CellMark> marks,
        IReadOnlyList<(int LessonId, AttendanceCode Code)> absences, IReadOnlyList<(DateOnly Date, AttendanceCode Code)> daily,
        ILookup<DateOnly, int> lessonsOn, string? grade, GradeThresholds thresholds)
    {
        var average = Averages.Weighted(marks.Select(m => (m.Value, m.Weight)));
        return new JournalApi.StudentRow(id, name, from, to, marks,
            [.. WithDaily(absences, daily, lessonsOn)
                .Select(a => a.FromDaily
                    ? new JournalApi.Absence(a.LessonId, a.Code.ToRussian(), DailyAbsenceApi.GridSource)
                    : new JournalApi.Absence(a.LessonId, a.Code.ToRussian()))],
            average, grade, Averages.SuggestedGrade(average, thresholds));
    }

    /// <summary>
    /// A student's absences by lesson: the lessons' own marks, then the class teacher's daily mark in every lesson of that day
    /// (<paramref name="lessonsOn"/>: the student's lessons by date) the subject teacher left unmarked. The journal and the
    /// absences report both count by this rule.
    /// </summary>
    public static IEnumerable<(int LessonId, AttendanceCode Code, bool FromDaily)> WithDaily(
        IReadOnlyList<(int LessonId, AttendanceCode Code)> absences, IEnumerable<(DateOnly Date, AttendanceCode Code)> daily,
        ILookup<DateOnly, int> lessonsOn)
    {
        var marked = absences.Select(a => a.LessonId).ToHashSet();
        return absences.Select(a => (a.LessonId, a.Code, false))
            .Concat(daily.SelectMany(d => lessonsOn[d.Date].Where(l => !marked.Contains(l)).Select(l => (l, d.Code, true))));
    }
}
