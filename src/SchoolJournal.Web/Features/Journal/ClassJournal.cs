using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// «Журнал класса»: every group of a class for one period, read-only, for its class teacher and the administration.
/// Four round trips whatever the number of subjects: the class's header (access, school settings, periods, work
/// types), its groups with their teachers, the period's lessons with marks, and the class's members of those groups
/// with their absences and period grades.
/// </summary>
public sealed class ClassJournal(AccessService access, CurrentUser user, JournalDbContext db, TimeProvider time)
{
    public sealed record Section(int GroupId, string Subject, string Group, string Teachers, IReadOnlyList<JournalApi.LessonDto> Lessons,
        IReadOnlyList<JournalApi.StudentRow> Students);

    public sealed record View(string ClassName, GroupPeriods.Period Period, IReadOnlyList<JournalGrid.PeriodTab> Periods,
        IReadOnlyList<Section> Sections);

    public static readonly Problem NotHisClass = new(StatusCodes.Status403Forbidden, "Нет доступа к журналу класса",
        "Журнал класса видят его классный руководитель, заместитель директора и директор.");

    public async Task<Outcome<View>> LoadAsync(int classId, int? periodId, CancellationToken ct)
    {
        if (!access.LeadsOrAdministersClasses) return NotHisClass;
        var whole = access.SeesWholeSchool;
        var uid = user.Id;
        var c = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId)
            .Select(c => new
            {
                c.Grade, c.Letter,
                CanRead = whole
                    || db.ClassTeachers.Any(t => t.SchoolClassId == c.Id
                        && db.StaffMembers.Any(s => s.Id == t.StaffMemberId && uid != null && s.UserId == uid)),
                TimeZone = db.Schools.Where(s => s.Id == c.SchoolId).Select(s => s.TimeZone).FirstOrDefault(),
                Five = db.Schools.Where(s => s.Id == c.SchoolId).Select(s => s.GradeThreshold5).FirstOrDefault(),
                Four = db.Schools.Where(s => s.Id == c.SchoolId).Select(s => s.GradeThreshold4).FirstOrDefault(),
                Three = db.Schools.Where(s => s.Id == c.SchoolId).Select(s => s.GradeThreshold3).FirstOrDefault(),
                WorkTypes = db.WorkTypes.Where(w => w.SchoolId == c.SchoolId).Select(w => new { w.Id, w.Name, w.Weight }).ToList(),
                // Filtered by class in memory: a correlation beyond plain equality needs APPLY, which SQLite lacks.
                Periods = db.StudyPeriods.Where(p => p.AcademicYearId == c.AcademicYearId && p.Kind != PeriodKind.Year)
                    .Select(p => new { p.Id, p.Name, p.Start, p.End, p.Level, p.SchoolClassId }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (c is null) return Problem.NotFound("Класс не найден");
        if (!c.CanRead) return NotHisClass;
        var level = new SchoolClass { Grade = c.Grade, Letter = c.Letter }.Level;
        var periods = c.Periods.Where(p => p.SchoolClassId is int own ? own == classId : p.Level is null || p.Level == level).OrderBy(p => p.Start)
            .Select(p => new GroupPeriods.Period(p.Id, p.Name, p.Start, p.End, false)).ToList();
        var today = SchoolClock.Today(time, c.TimeZone ?? "Europe/Moscow");
        var period = periodId is int id ? periods.FirstOrDefault(p => p.Id == id)
            : periods.FirstOrDefault(p => p.Start <= today && today <= p.End)
                ?? periods.LastOrDefault(p => p.End < today) ?? periods.FirstOrDefault();
        if (period is null) return Problem.NotFound("Учебный период не найден", "У класса нет такого периода в его учебном году.");
        var workTypes = c.WorkTypes.ToDictionary(w => w.Id);
        var thresholds = new GradeThresholds(c.Five, c.Four, c.Three);

        var groupIds = db.GroupClasses.Where(gc => gc.SchoolClassId == classId).Select(gc => gc.TeachingGroupId);
        var groups = await db.TeachingGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id))
            .Select(g => new
            {
                g.Id, g.Name, g.Kind, Subject = g.Subject!.Name, g.Subject.SortOrder,
                Teachers = db.TeachingAssignments.Where(a => a.TeachingGroupId == g.Id)
                    .Select(a => new { a.StaffMember!.LastName, a.StaffMember.FirstName, a.StaffMember.MiddleName }).ToList(),
            })
            .ToListAsync(ct);
        var inPeriod = db.Lessons.Where(l => groupIds.Contains(l.TeachingGroupId) && l.Date >= period.Start && l.Date <= period.End
            && l.Status != LessonStatus.Cancelled);
        var lessons = await inPeriod.AsNoTracking()
            .OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Id)
            .Select(l => new
            {
                l.TeachingGroupId,
                Lesson = new JournalApi.LessonDto(l.Id, l.Date, l.Topic, l.Homework != null ? l.Homework.Text : null),
                Marks = l.Marks.OrderBy(m => m.Id).Select(m => new { m.Id, m.StudentId, m.Value, m.WorkTypeId, m.IsMakeUp }).ToList(),
            })
            .ToListAsync(ct);
        var members = await db.GroupMemberships.AsNoTracking()
            .Where(m => groupIds.Contains(m.TeachingGroupId) && m.From <= period.End && (m.To == null || m.To >= period.Start)
                && db.Enrolments.Any(e => e.StudentId == m.StudentId
                    && e.SchoolClassId == classId && e.From <= period.End && (e.To == null || e.To >= period.Start)))
            .OrderBy(m => m.Id)
            .Select(m => new
            {
                m.TeachingGroupId, m.StudentId, m.From, m.To, m.Student!.LastName, m.Student.FirstName, m.Student.MiddleName,
                Grade = db.PeriodGrades
                    .Where(g => g.TeachingGroupId == m.TeachingGroupId
                        && g.StudyPeriodId == period.Id && g.Kind == PeriodGradeKind.Period && g.StudentId == m.StudentId)
                    .OrderByDescending(g => g.Id).Select(g => g.Value).FirstOrDefault(),
                // Every lesson of the class's groups: kept to the group's own in memory, as SQLite cannot correlate more here.
                Absences = db.Attendance.Where(a => a.StudentId == m.StudentId && inPeriod.Any(l => l.Id == a.LessonId))
                    .Select(a => new { a.LessonId, a.Code }).ToList(),
                Daily = db.DailyAbsences.Where(d => d.StudentId == m.StudentId && d.Date >= period.Start && d.Date <= period.End)
                    .Select(d => new { d.Date, d.Code }).ToList(),
            })
            .ToListAsync(ct);

        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        var lessonsOf = lessons.ToLookup(l => l.TeachingGroupId);
        var membersOf = members.ToLookup(m => m.TeachingGroupId);
        var sections = groups.OrderBy(g => g.SortOrder).ThenBy(g => g.Subject, ru).ThenBy(g => g.Name, ru)
            .Select(g =>
            {
                var own = lessonsOf[g.Id].ToList();
                var lessonsOn = own.ToLookup(l => l.Lesson.Date, l => l.Lesson.Id);
                var ownIds = own.Select(l => l.Lesson.Id).ToHashSet();
                var marksOf = own.SelectMany(l => l.Marks, (l, m) => (m.StudentId, Type: workTypes[m.WorkTypeId], Mark: m, LessonId: l.Lesson.Id))
                    .ToLookup(x => x.StudentId,
                        x => new JournalApi.CellMark(x.Mark.Id, x.LessonId, x.Mark.Value, x.Type.Name, x.Type.Weight, x.Mark.IsMakeUp));
                var rows = membersOf[g.Id].GroupBy(m => m.StudentId)
                    .Select(s => new { First = s.First(), From = s.Min(m => m.From), To = s.Any(m => m.To == null) ? null : s.Max(m => m.To) })
                    .OrderBy(s => s.First.LastName, ru).ThenBy(s => s.First.FirstName, ru)
                    .Select(s =>
                        JournalGrid.Row(s.First.StudentId, PersonName.Full(s.First.LastName, s.First.FirstName, s.First.MiddleName), s.From, s.To,
                        [.. marksOf[s.First.StudentId]],
                        [.. s.First.Absences.Where(a => ownIds.Contains(a.LessonId)).Select(a => (a.LessonId, a.Code))],
                        [.. s.First.Daily.Select(d => (d.Date, d.Code))],
                        lessonsOn, s.First.Grade, thresholds))
                    .ToList();
                var teachers = string.Join(", ", g.Teachers.Select(t => PersonName.Full(t.LastName, t.FirstName, t.MiddleName)).Distinct());
                return new Section(g.Id, g.Subject, g.Kind == GroupKind.WholeClass ? "" : g.Name, teachers, [.. own.Select(l => l.Lesson)], rows);
            })
            .ToList();
        return Outcome<View>.Ok(
            new View($"{c.Grade}{c.Letter}", period, [.. periods.Select(p => new JournalGrid.PeriodTab(p.Id, p.Name))], sections));
    }
}
