using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// Everything of one class's year that its paper journal holds (R-ARCH-1): for each group that teaches the class, its lessons with
/// topics and homework, the marks and absences of the class's students on the days they were in the class and the group, their
/// period and year grades; and the class's summary sheet of final grades as <see cref="SummarySheetView"/> shows it. Read without
/// an access check and across the school filter: the caller (the print job) has decided who may have it.
/// </summary>
public static class ClassYearJournal
{
    public sealed record Journal(string School, string ClassName, string YearName, DateOnly YearStart, DateOnly YearEnd,
        string? ClassTeacher, string? Director, IReadOnlyList<SubjectPart> Subjects, SummarySheetView.View? Summary);

    /// <summary>One group's part: its students (with the days they count), lessons, the cells of the grid and the grades.</summary>
    public sealed record SubjectPart(string Subject, string Group, IReadOnlyList<string> Teachers, IReadOnlyList<Row> Students,
        IReadOnlyList<LessonLine> Lessons, IReadOnlyDictionary<(int Student, int Lesson), string> Cells,
        IReadOnlyList<string> GradeColumns, IReadOnlyDictionary<(int Student, string Column), string> Grades);

    /// <summary>A student of the part; <see cref="Note"/> says when he came or left if that was inside the year.</summary>
    public sealed record Row(int Id, string Name, string? Note);

    public sealed record LessonLine(int Id, DateOnly Date, int Number, string? Topic, string? Homework, string Teacher);

    public const string YearColumn = "Год", ExamColumn = "Экз.", FinalColumn = "Итог";

    private sealed record Stay(DateOnly From, DateOnly To)
    {
        public bool Covers(DateOnly d) => From <= d && d <= To;
    }

    public static async Task<Journal?> LoadAsync(JournalDbContext db, int classId, CancellationToken ct)
    {
        var cls = await db.SchoolClasses.IgnoreQueryFilters().AsNoTracking().Where(c => c.Id == classId)
            .Select(c => new
            {
                c.Grade, c.Letter, c.AcademicYearId, c.SchoolId,
                School = db.Schools.Where(s => s.Id == c.SchoolId).Select(s => s.Name).FirstOrDefault(),
                Year = db.AcademicYears.IgnoreQueryFilters().Where(y => y.Id == c.AcademicYearId)
                    .Select(y => new { y.Name, y.Start, y.End }).FirstOrDefault(),
                Leader = c.ClassTeachers.OrderByDescending(t => t.From)
                    .Select(t => new { t.StaffMember!.LastName, t.StaffMember.FirstName, t.StaffMember.MiddleName }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (cls?.Year is null) return null;
        var (yearStart, yearEnd) = (cls.Year.Start, cls.Year.End);
        var director = await db.StaffMembers.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.SchoolId == cls.SchoolId && s.Positions.Any(p => p.Kind == PositionKind.Director))
            .Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstOrDefaultAsync(ct);

        var enrolments = await db.Enrolments.IgnoreQueryFilters().AsNoTracking().Where(e => e.SchoolClassId == classId)
            .Select(e => new { e.StudentId, e.From, e.To }).ToListAsync(ct);
        var inClass = enrolments.ToLookup(e => e.StudentId, e => new Stay(Max(e.From, yearStart), Min(e.To ?? yearEnd, yearEnd)));
        var studentIds = inClass.Select(g => g.Key).ToList();
        var names = await db.Students.IgnoreQueryFilters().AsNoTracking().Where(s => studentIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName })
            .ToDictionaryAsync(s => s.Id, s => PersonName.Full(s.LastName, s.FirstName, s.MiddleName), ct);

        var groups = await db.TeachingGroups.IgnoreQueryFilters().AsNoTracking()
            .Where(g => g.AcademicYearId == cls.AcademicYearId && g.Classes.Any(c => c.SchoolClassId == classId))
            .Select(g => new { g.Id, g.Name, Subject = g.Subject!.Name, g.Subject.SortOrder }).ToListAsync(ct);
        var groupIds = groups.Select(g => g.Id).ToList();
        var memberships = (await db.GroupMemberships.IgnoreQueryFilters().AsNoTracking()
                .Where(m => groupIds.Contains(m.TeachingGroupId) && studentIds.Contains(m.StudentId))
                .Select(m => new { m.TeachingGroupId, m.StudentId, m.From, m.To }).ToListAsync(ct))
            .ToLookup(m => m.TeachingGroupId);
        var lessons = (await db.Lessons.IgnoreQueryFilters().AsNoTracking()
                .Where(l => groupIds.Contains(l.TeachingGroupId) && l.Status != LessonStatus.Cancelled)
                .Select(l => new
                {
                    l.Id, l.TeachingGroupId, l.Date, l.Number, l.Topic, Homework = l.Homework == null ? null : l.Homework.Text,
                    Teacher = l.SubstituteTeacherId ?? l.TeacherId,
                })
                .ToListAsync(ct))
            .ToLookup(l => l.TeachingGroupId);
        var marks = await db.Marks.IgnoreQueryFilters().AsNoTracking()
            .Where(m => groupIds.Contains(m.Lesson!.TeachingGroupId) && studentIds.Contains(m.StudentId))
            .OrderBy(m => m.Id).Select(m => new { m.LessonId, m.StudentId, m.Value }).ToListAsync(ct);
        var attendance = await (
                from a in db.Attendance.IgnoreQueryFilters()
                join l in db.Lessons.IgnoreQueryFilters() on a.LessonId equals l.Id
                where groupIds.Contains(l.TeachingGroupId) && studentIds.Contains(a.StudentId)
                select new { a.LessonId, a.StudentId, a.Code })
            .AsNoTracking().ToListAsync(ct);
        var daily = (await db.DailyAbsences.IgnoreQueryFilters().AsNoTracking().Where(d => d.SchoolClassId == classId)
                .Select(d => new { d.StudentId, d.Date, d.Code }).ToListAsync(ct))
            .ToDictionary(d => (d.StudentId, d.Date), d => d.Code);
        var grades = (await db.PeriodGrades.IgnoreQueryFilters().AsNoTracking()
                .Where(g => groupIds.Contains(g.TeachingGroupId) && studentIds.Contains(g.StudentId))
                .OrderBy(g => g.Id).Select(g => new { g.TeachingGroupId, g.StudentId, g.StudyPeriodId, g.Kind, g.Value, g.Deferred })
                .ToListAsync(ct))
            .ToLookup(g => g.TeachingGroupId);
        var level = new SchoolClass { Grade = cls.Grade, Letter = "" }.Level;
        var periods = (await db.StudyPeriods.IgnoreQueryFilters().AsNoTracking()
                .Where(p => p.AcademicYearId == cls.AcademicYearId && p.Kind != PeriodKind.Year)
                .Select(p => new { p.Id, p.Name, p.Start, p.Level, p.SchoolClassId }).ToListAsync(ct))
            .Where(p => p.SchoolClassId is int c ? c == classId : p.Level is null || p.Level == level)
            .OrderBy(p => p.Start).ToList();
        var teacherIds = lessons.SelectMany(g => g.Select(l => l.Teacher)).Distinct().ToList();
        var teachers = await db.StaffMembers.IgnoreQueryFilters().AsNoTracking().Where(s => teacherIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName })
            .ToDictionaryAsync(s => s.Id, s => PersonName.Short(s.LastName, s.FirstName, s.MiddleName), ct);

        var ru = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false);
        var marksOf = marks.ToLookup(m => (m.StudentId, m.LessonId), m => m.Value);
        var codeOf = attendance.ToDictionary(a => (a.StudentId, a.LessonId), a => a.Code);
        var parts = new List<SubjectPart>();
        foreach (var g in groups.OrderBy(g => g.SortOrder).ThenBy(g => g.Subject, ru).ThenBy(g => g.Name, ru))
        {
            var groupLessons = lessons[g.Id].OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Id).ToList();
            // His days in this part: in the class and in the group at once.
            var stays = memberships[g.Id].GroupBy(m => m.StudentId).ToDictionary(m => m.Key, m =>
                (from member in m
                 from stay in inClass[m.Key]
                 let first = Max(Max(member.From, yearStart), stay.From)
                 let last = Min(Min(member.To ?? yearEnd, yearEnd), stay.To)
                 where first <= last
                 select new Stay(first, last)).ToList());
            var rows = stays.Where(s => s.Value.Count > 0)
                .Select(s => new Row(s.Key, names[s.Key], Note(s.Value, yearStart, yearEnd)))
                .OrderBy(r => r.Name, ru).ToList();
            var cells = new Dictionary<(int, int), string>();
            foreach (var r in rows)
                foreach (var l in groupLessons.Where(l => stays[r.Id].Any(s => s.Covers(l.Date))))
                {
                    var code = codeOf.TryGetValue((r.Id, l.Id), out var c) ? c
                        : daily.TryGetValue((r.Id, l.Date), out var d) ? d : (AttendanceCode?)null;
                    var text = string.Join(" ", new[] { code?.ToRussian() }.Concat(marksOf[(r.Id, l.Id)]).OfType<string>());
                    if (text.Length > 0) cells[(r.Id, l.Id)] = text;
                }
            var columns = periods.Select(p => p.Name).Append(YearColumn).Append(ExamColumn).Append(FinalColumn).ToList();
            var gradeCells = new Dictionary<(int, string), string>();
            var periodName = periods.ToDictionary(p => p.Id, p => p.Name);
            foreach (var grade in grades[g.Id].Where(x => stays.TryGetValue(x.StudentId, out var s) && s.Count > 0))
            {
                var column = grade.Kind switch
                {
                    PeriodGradeKind.Period => grade.StudyPeriodId is int p && periodName.TryGetValue(p, out var n) ? n : null,
                    PeriodGradeKind.Year => YearColumn,
                    PeriodGradeKind.Exam => ExamColumn,
                    _ => FinalColumn,
                };
                if (column is not null) gradeCells[(grade.StudentId, column)] = grade.Deferred && grade.Value.Length == 0 ? "отср." : grade.Value;
            }
            parts.Add(new SubjectPart(g.Subject, g.Name,
                [.. groupLessons.Select(l => l.Teacher).Distinct().Select(t => teachers[t]).OrderBy(t => t, ru)], rows,
                [.. groupLessons.Select(l => new LessonLine(l.Id, l.Date, l.Number, l.Topic, l.Homework, teachers[l.Teacher]))],
                cells, columns, gradeCells));
        }
        var summary = await SummarySheetView.ReadAsync(db, classId, ct);
        return new Journal(cls.School ?? "", $"{cls.Grade}{cls.Letter}", cls.Year.Name, yearStart, yearEnd,
            cls.Leader is null ? null : PersonName.Full(cls.Leader.LastName, cls.Leader.FirstName, cls.Leader.MiddleName),
            director is null ? null : PersonName.Full(director.LastName, director.FirstName, director.MiddleName),
            parts, summary);
    }

    private static string? Note(List<Stay> stays, DateOnly yearStart, DateOnly yearEnd)
    {
        var (from, to) = (stays.Min(s => s.From), stays.Max(s => s.To));
        var parts = new List<string>();
        if (from > yearStart) parts.Add("с " + from.ToString("dd.MM", CultureInfo.InvariantCulture));
        if (to < yearEnd) parts.Add("по " + to.ToString("dd.MM", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
