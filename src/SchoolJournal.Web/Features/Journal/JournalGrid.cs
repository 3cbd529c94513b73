using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Api;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// The journal of a group for a period, as the access service lets the user read it: one query for the API
/// (GET /api/v1/groups/{id}/journal) and the grid page. periodId null means the period of today, else the last one.
/// </summary>
public sealed class JournalGrid(AccessService access, CurrentUser user, JournalDbContext db, TimeProvider time)
{
    public sealed record PeriodTab(int Id, string Name);

    public sealed record Grid(JournalApi.JournalDto Journal, IReadOnlyList<PeriodTab> Periods);

    public async Task<Outcome<Grid>> LoadAsync(int groupId, int? periodId, CancellationToken ct)
    {
        var group = await db.TeachingGroups.AsNoTracking().Where(g => g.Id == groupId)
            .Select(g => new { g.AcademicYearId, Grades = g.Classes.Select(c => c.SchoolClass!.Grade).ToList(), ClassIds = g.Classes.Select(c => c.SchoolClassId).ToList() })
            .FirstOrDefaultAsync(ct);
        if (group is null) return JournalProblem.NotFound("Группа не найдена");
        if (!await access.CanReadJournalGridAsync(groupId, ct))
            return new JournalProblem(StatusCodes.Status403Forbidden, "Нет доступа к журналу",
                "Журнал группы видят её учителя, классный руководитель и администрация школы.");

        var levels = group.Grades.Select(LevelOf).Distinct().ToList();
        var periods = await db.StudyPeriods.AsNoTracking()
            .Where(p => p.AcademicYearId == group.AcademicYearId && p.Kind != PeriodKind.Year)
            .Where(p => p.SchoolClassId == null ? p.Level == null || levels.Contains(p.Level.Value) : group.ClassIds.Contains(p.SchoolClassId.Value))
            .OrderBy(p => p.Start).Select(p => new { p.Id, p.Name, p.Start, p.End }).ToListAsync(ct);
        var today = await SchoolApi.TodayAsync(db, user.SchoolId, time, ct);
        var period = periodId is int pid
            ? periods.FirstOrDefault(p => p.Id == pid)
            : periods.FirstOrDefault(p => p.Start <= today && today <= p.End) ?? periods.LastOrDefault(p => p.End < today) ?? periods.FirstOrDefault();
        if (period is null) return JournalProblem.NotFound("Учебный период не найден", "У группы нет такого периода в её учебном году.");

        var lessons = await db.Lessons.AsNoTracking()
            .Where(l => l.TeachingGroupId == groupId && l.Date >= period.Start && l.Date <= period.End && l.Status != LessonStatus.Cancelled)
            .OrderBy(l => l.Date).ThenBy(l => l.Number)
            .Select(l => new JournalApi.LessonDto(l.Id, l.Date, l.Topic, l.Homework != null ? l.Homework.Text : null))
            .ToListAsync(ct);
        var members = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.TeachingGroupId == groupId && m.From <= period.End && (m.To == null || m.To >= period.Start))
            .Select(m => new { m.StudentId, m.From, m.To, m.Student!.LastName, m.Student.FirstName, m.Student.MiddleName })
            .ToListAsync(ct);
        var inPeriod = db.Lessons.Where(l => l.TeachingGroupId == groupId && l.Date >= period.Start && l.Date <= period.End && l.Status != LessonStatus.Cancelled);
        var marks = await db.Marks.AsNoTracking().Where(m => inPeriod.Any(l => l.Id == m.LessonId))
            .OrderBy(m => m.Lesson!.Date).ThenBy(m => m.Lesson!.Number).ThenBy(m => m.Id)
            .Select(m => new { m.StudentId, Cell = new JournalApi.CellMark(m.Id, m.LessonId, m.Value, m.WorkType!.Name, m.WorkType.Weight, m.IsMakeUp) })
            .ToListAsync(ct);
        var absences = await db.Attendance.AsNoTracking().Where(a => inPeriod.Any(l => l.Id == a.LessonId))
            .Select(a => new { a.StudentId, a.LessonId, a.Code }).ToListAsync(ct);
        var grades = await db.PeriodGrades.AsNoTracking()
            .Where(g => g.TeachingGroupId == groupId && g.StudyPeriodId == period.Id && g.Kind == PeriodGradeKind.Period)
            .Select(g => new { g.StudentId, g.Value }).ToListAsync(ct);
        var locked = await access.IsPeriodLockedAsync(groupId, period.Id, ct);

        var marksOf = marks.ToLookup(m => m.StudentId, m => m.Cell);
        var absencesOf = absences.Select(a => (a.StudentId, Absence: new JournalApi.Absence(a.LessonId, a.Code.ToRussian())))
            .Concat(await DailyAbsenceApi.GridAbsencesAsync(db, groupId, lessons, absences.Select(a => (a.StudentId, a.LessonId)), ct))
            .ToLookup(a => a.StudentId, a => a.Absence);
        var gradeOf = grades.GroupBy(g => g.StudentId).ToDictionary(g => g.Key, g => g.Last().Value);
        // A student who left and came back has two memberships but one row: from his first day to his last.
        var rows = members.GroupBy(m => m.StudentId)
            .Select(g => new
            {
                Id = g.Key, g.First().LastName, g.First().FirstName, g.First().MiddleName,
                From = g.Min(m => m.From), To = g.Any(m => m.To == null) ? null : g.Max(m => m.To),
            })
            .OrderBy(s => s.LastName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false))
            .ThenBy(s => s.FirstName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false))
            .Select(s =>
            {
                var own = marksOf[s.Id].ToList();
                var average = Averages.Weighted(own.Select(m => (m.Value, m.Weight)));
                return new JournalApi.StudentRow(s.Id, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), s.From, s.To, own,
                    [.. absencesOf[s.Id]], average, gradeOf.GetValueOrDefault(s.Id), Averages.SuggestedGrade(average));
            })
            .ToList();
        return Outcome<Grid>.Ok(new Grid(new JournalApi.JournalDto(new JournalApi.PeriodRef(period.Id, period.Name, period.Start, period.End, locked), lessons, rows),
            [.. periods.Select(p => new PeriodTab(p.Id, p.Name))]));
    }

    private static EducationLevel LevelOf(int grade) => new SchoolClass { Grade = grade, Letter = "" }.Level;
}
