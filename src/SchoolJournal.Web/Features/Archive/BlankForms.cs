using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// The blank forms for a week without the system (R-ARCH-5): for each school day of a class's week, the sheet of attendance and marks
/// with the day's timetable filled in — lesson numbers, subjects, teachers — the class's students down and empty cells to write in,
/// and lines for each lesson's topic, homework and the teacher's signature. The lessons are the week's own (moves and substitutions
/// as registered), so the paper matches the journal the entries will be copied into.
/// </summary>
public static class BlankForms
{
    public const string Title = "Лист учёта посещаемости и успеваемости";

    public sealed record LessonSlot(DateOnly Date, int Number, string Subject, string Teacher);

    public sealed record Week(string School, string ClassName, DateOnly Monday, IReadOnlyList<string> Students, IReadOnlyList<LessonSlot> Lessons);

    /// <summary>The Monday of the week a day falls in.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static async Task<Week?> LoadAsync(JournalDbContext db, int classId, DateOnly day, CancellationToken ct)
    {
        var monday = MondayOf(day);
        var sunday = monday.AddDays(6);
        var cls = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId)
            .Select(c => new { c.Grade, c.Letter, School = db.Schools.Where(s => s.Id == c.SchoolId).Select(s => s.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (cls is null) return null;
        var students = await db.Enrolments.AsNoTracking()
            .Where(e => e.SchoolClassId == classId && e.From <= sunday && (e.To == null || e.To >= monday))
            .Select(e => new { e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName }).ToListAsync(ct);
        var lessons = await db.Lessons.AsNoTracking()
            .Where(l => l.Date >= monday && l.Date <= sunday && l.Status != LessonStatus.Cancelled
                && db.GroupClasses.Any(g => g.TeachingGroupId == l.TeachingGroupId && g.SchoolClassId == classId))
            .Select(l => new
            {
                l.Date, l.Number, Subject = l.TeachingGroup!.Subject!.Name, Group = l.TeachingGroup.Name, Kind = l.TeachingGroup.Kind,
                TeacherId = l.SubstituteTeacherId ?? l.TeacherId,
            })
            .ToListAsync(ct);
        var teacherIds = lessons.Select(l => l.TeacherId).Distinct().ToList();
        var teachers = await db.StaffMembers.AsNoTracking().Where(s => teacherIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName })
            .ToDictionaryAsync(s => s.Id, s => PersonName.Short(s.LastName, s.FirstName, s.MiddleName), ct);
        var ru = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false);
        return new Week(cls.School ?? "", $"{cls.Grade}{cls.Letter}", monday,
            [.. students.Select(s => PersonName.Full(s.LastName, s.FirstName, s.MiddleName)).Distinct().Order(ru)],
            [.. lessons.OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Subject, ru).Select(l => new LessonSlot(l.Date, l.Number,
                l.Kind == GroupKind.WholeClass ? l.Subject : $"{l.Subject} ({l.Group})",
                teachers.GetValueOrDefault(l.TeacherId, "")))]);
    }

    public static byte[] Render(Week w)
    {
        using var pdf = new PdfComposer($"{Title} {w.ClassName}", landscape: true, numbered: true);
        var days = w.Lessons.GroupBy(l => l.Date).ToList();
        var ru = CultureInfo.GetCultureInfo("ru-RU");
        if (days.Count == 0)
        {
            pdf.Text($"{Title} {w.ClassName} класса", 13, bold: true, center: true);
            pdf.Text($"На неделе с {w.Monday.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)} уроков нет.", 11, center: true);
        }
        var first = true;
        foreach (var day in days)
        {
            if (!first) pdf.NewPage();
            first = false;
            var dayName = ru.DateTimeFormat.GetDayName(day.Key.DayOfWeek);
            pdf.Text($"{Title} {w.ClassName} класса — {dayName}, {day.Key.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}", 12, bold: true);
            pdf.Text($"{w.School}. Бланк для работы без электронного журнала: отметки и посещаемость вносятся в журнал после восстановления "
                + "системы с датой урока. Н — отсутствовал, Б — болен, У — уважительная причина, ОП — опоздал.", 8);
            pdf.Space(4);
            var lessons = day.ToList();
            pdf.Table(["№", "Фамилия, имя обучающегося", .. lessons.Select(l => $"{l.Number}. {l.Subject}\n{l.Teacher}")],
                [0.8, 6, .. lessons.Select(_ => 2.2)],
                [.. w.Students.Select((s, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), s,
                    .. lessons.Select(_ => "")]),
                    ["", "Тема урока", .. lessons.Select(_ => "")],
                    ["", "Домашнее задание", .. lessons.Select(_ => "")],
                    ["", "Подпись учителя", .. lessons.Select(_ => "")]],
                8, centerFrom: 2, minRowHeight: 15, headerSize: 7);
        }
        return pdf.ToBytes();
    }
}
