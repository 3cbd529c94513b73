using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// The year's journal rows as CSV for the archive (<see cref="YearArchive"/>): <c>lessons.csv</c> (date, group, subject, teacher, topic,
/// homework), <c>marks.csv</c>, <c>attendance.csv</c> and <c>grades.csv</c> (period, year, exam and final grades), each row with the
/// ids of the database and the names a reader needs without it. The same «;»-separated UTF-8 as the school's other CSV files
/// (<see cref="CsvFile"/>). Read without the school filter: the job has decided who may have it.
/// </summary>
public static class YearData
{
    public static readonly string[] Files = ["lessons.csv", "marks.csv", "attendance.csv", "grades.csv"];

    public static async Task WriteAsync(JournalDbContext db, int yearId, string folder, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var groups = await db.TeachingGroups.IgnoreQueryFilters().AsNoTracking().Where(g => g.AcademicYearId == yearId)
            .Select(g => new { g.Id, g.Name, Subject = g.Subject!.Name }).ToDictionaryAsync(g => g.Id, ct);
        var groupIds = groups.Keys.ToList();
        var lessons = await db.Lessons.IgnoreQueryFilters().AsNoTracking().Where(l => groupIds.Contains(l.TeachingGroupId))
            .OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Id)
            .Select(l => new
            {
                l.Id, l.Date, l.Number, l.TeachingGroupId, Teacher = l.Teacher!.LastName + " " + l.Teacher.FirstName, l.Topic,
                Homework = l.Homework == null ? null : l.Homework.Text,
            })
            .ToListAsync(ct);
        await Save("lessons.csv", ["Урок", "Дата", "№", "Группа", "Предмет", "Учитель", "Тема", "Домашнее задание"],
            lessons.Select(l => Row(l.Id, l.Date, l.Number, groups[l.TeachingGroupId].Name, groups[l.TeachingGroupId].Subject, l.Teacher,
                l.Topic, l.Homework)));

        var names = await db.Students.IgnoreQueryFilters().AsNoTracking()
            .Where(s => db.GroupMemberships.IgnoreQueryFilters().Any(m => m.StudentId == s.Id && groupIds.Contains(m.TeachingGroupId))
                || db.Enrolments.IgnoreQueryFilters().Any(e => e.StudentId == s.Id && e.SchoolClass!.AcademicYearId == yearId))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName })
            .ToDictionaryAsync(s => s.Id, s => PersonName.Full(s.LastName, s.FirstName, s.MiddleName), ct);
        string Name(int id) => names.GetValueOrDefault(id, "");
        var dateOf = lessons.ToDictionary(l => l.Id, l => l.Date);

        var marks = await db.Marks.IgnoreQueryFilters().AsNoTracking().Where(m => groupIds.Contains(m.Lesson!.TeachingGroupId))
            .OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.LessonId, m.StudentId, m.Value, WorkType = m.WorkType!.Name, m.Comment, m.IsLate })
            .ToListAsync(ct);
        await Save("marks.csv",
            ["Отметка", "Урок", "Дата", "Ученик", "ФИО", "Отметка (значение)", "Вид работы", "Комментарий", "Внесена с опозданием"],
            marks.Select(m => Row(m.Id, m.LessonId, dateOf.GetValueOrDefault(m.LessonId), m.StudentId, Name(m.StudentId), m.Value, m.WorkType,
                m.Comment, m.IsLate ? "да" : "")));

        var absences = await db.Attendance.IgnoreQueryFilters().AsNoTracking()
            .Where(a => db.Lessons.IgnoreQueryFilters().Any(l => l.Id == a.LessonId && groupIds.Contains(l.TeachingGroupId)))
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.LessonId, a.StudentId, a.Code, a.LateMinutes, a.Comment }).ToListAsync(ct);
        await Save("attendance.csv", ["Запись", "Урок", "Дата", "Ученик", "ФИО", "Код", "Опоздание, мин", "Комментарий"],
            absences.Select(a => Row(a.Id, a.LessonId, dateOf.GetValueOrDefault(a.LessonId), a.StudentId, Name(a.StudentId),
                a.Code.ToRussian(), a.LateMinutes, a.Comment)));

        var periods = await db.StudyPeriods.IgnoreQueryFilters().AsNoTracking().Where(p => p.AcademicYearId == yearId)
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var grades = await db.PeriodGrades.IgnoreQueryFilters().AsNoTracking().Where(g => groupIds.Contains(g.TeachingGroupId))
            .OrderBy(g => g.Id).Select(g => new { g.Id, g.TeachingGroupId, g.StudentId, g.StudyPeriodId, g.Kind, g.Value, g.Deferred })
            .ToListAsync(ct);
        await Save("grades.csv", ["Запись", "Группа", "Предмет", "Ученик", "ФИО", "За что", "Отметка", "Отсрочка"],
            grades.Select(g => Row(g.Id, groups[g.TeachingGroupId].Name, groups[g.TeachingGroupId].Subject, g.StudentId, Name(g.StudentId),
                g.StudyPeriodId is int p ? periods.GetValueOrDefault(p, "") : KindName(g.Kind), g.Value, g.Deferred ? "да" : "")));

        Task Save(string name, string[] headers, IEnumerable<IReadOnlyList<object?>> rows) =>
            File.WriteAllBytesAsync(Path.Combine(folder, name), CsvFile.Write(headers, rows), ct);
    }

    private static IReadOnlyList<object?> Row(params object?[] values) => values;

    private static string KindName(PeriodGradeKind kind) => kind switch
    {
        PeriodGradeKind.Year => "год",
        PeriodGradeKind.Exam => "экзамен",
        PeriodGradeKind.Final => "итоговая",
        _ => "период",
    };
}
