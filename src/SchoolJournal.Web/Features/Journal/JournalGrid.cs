using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// The journal of a group for a period, as the access service lets the user read it: one query for the API
/// (GET /api/v1/groups/{id}/journal) and the grid page. periodId null means the period of today, else the last one.
/// </summary>
public sealed class JournalGrid(AccessService access, JournalDbContext db, TimeProvider time)
{
    public sealed record PeriodTab(int Id, string Name);

    public sealed record Grid(JournalApi.JournalDto Journal, IReadOnlyList<PeriodTab> Periods);

    /// <summary>
    /// Three round trips whatever the size of the class: the group's header (access, school settings, periods and
    /// locks, work types), the period's lessons with their marks, and the members with their absences (their own
    /// and the class teacher's daily ones) and period grade.
    /// </summary>
    public async Task<Outcome<Grid>> LoadAsync(int groupId, int? periodId, CancellationToken ct)
    {
        var header = await GroupPeriods.HeaderAsync(db, access, groupId, ct);
        if (header is null) return JournalProblem.NotFound("Группа не найдена");
        if (!header.CanRead)
            return new JournalProblem(StatusCodes.Status403Forbidden, "Нет доступа к журналу",
                "Журнал группы видят её учителя, классный руководитель и администрация школы.");
        var period = header.Pick(periodId, SchoolClock.Today(time, header.TimeZone));
        if (period is null) return JournalProblem.NotFound("Учебный период не найден", "У группы нет такого периода в её учебном году.");

        var inPeriod = db.Lessons.Where(l => l.TeachingGroupId == groupId && l.Date >= period.Start && l.Date <= period.End && l.Status != LessonStatus.Cancelled);
        var lessons = await inPeriod.AsNoTracking()
            .OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Id)
            .Select(l => new
            {
                Lesson = new JournalApi.LessonDto(l.Id, l.Date, l.Topic, l.Homework != null ? l.Homework.Text : null),
                Marks = l.Marks.OrderBy(m => m.Id).Select(m => new { m.Id, m.StudentId, m.Value, m.WorkTypeId, m.IsMakeUp }).ToList(),
            })
            .ToListAsync(ct);
        var members = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.TeachingGroupId == groupId && m.From <= period.End && (m.To == null || m.To >= period.Start))
            .OrderBy(m => m.Id)
            .Select(m => new
            {
                m.StudentId, m.From, m.To, m.Student!.LastName, m.Student.FirstName, m.Student.MiddleName,
                Grade = db.PeriodGrades
                    .Where(g => g.TeachingGroupId == groupId && g.StudyPeriodId == period.Id && g.Kind == PeriodGradeKind.Period && g.StudentId == m.StudentId)
                    .OrderByDescending(g => g.Id).Select(g => g.Value).FirstOrDefault(),
                Absences = db.Attendance.Where(a => a.StudentId == m.StudentId && inPeriod.Any(l => l.Id == a.LessonId))
                    .Select(a => new { a.LessonId, a.Code }).ToList(),
                Daily = db.DailyAbsences.Where(d => d.StudentId == m.StudentId && d.Date >= period.Start && d.Date <= period.End)
                    .Select(d => new { d.Date, d.Code }).ToList(),
            })
            .ToListAsync(ct);

        var lessonsOn = lessons.ToLookup(l => l.Lesson.Date, l => l.Lesson.Id);
        var marksOf = lessons.SelectMany(l => l.Marks, (l, m) => (m.StudentId, Type: header.WorkTypes[m.WorkTypeId], Mark: m, LessonId: l.Lesson.Id))
            .ToLookup(x => x.StudentId, x => new JournalApi.CellMark(x.Mark.Id, x.LessonId, x.Mark.Value, x.Type.Name, x.Type.Weight, x.Mark.IsMakeUp));
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        // A student who left and came back has two memberships but one row: from his first day to his last.
        var rows = members.GroupBy(m => m.StudentId)
            .Select(g => new
            {
                Id = g.Key, g.First().LastName, g.First().FirstName, g.First().MiddleName, g.First().Grade, g.First().Absences, g.First().Daily,
                From = g.Min(m => m.From), To = g.Any(m => m.To == null) ? null : g.Max(m => m.To),
            })
            .OrderBy(s => s.LastName, ru).ThenBy(s => s.FirstName, ru)
            .Select(s => Row(s.Id, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), s.From, s.To, [.. marksOf[s.Id]],
                [.. s.Absences.Select(a => (a.LessonId, a.Code))], [.. s.Daily.Select(d => (d.Date, d.Code))], lessonsOn, s.Grade, header.Thresholds))
            .ToList();
        return Outcome<Grid>.Ok(new Grid(
            new JournalApi.JournalDto(new JournalApi.PeriodRef(period.Id, period.Name, period.Start, period.End, period.Locked), [.. lessons.Select(l => l.Lesson)], rows),
            [.. header.Periods.Select(p => new PeriodTab(p.Id, p.Name))]));
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
        var marked = absences.Select(a => a.LessonId).ToHashSet();
        var fromDaily = daily.SelectMany(d => lessonsOn[d.Date].Where(l => !marked.Contains(l))
            .Select(l => new JournalApi.Absence(l, d.Code.ToRussian(), DailyAbsenceApi.GridSource)));
        return new JournalApi.StudentRow(id, name, from, to, marks,
            [.. absences.Select(a => new JournalApi.Absence(a.LessonId, a.Code.ToRussian())), .. fromDaily], average, grade,
            Averages.SuggestedGrade(average, thresholds));
    }
}
