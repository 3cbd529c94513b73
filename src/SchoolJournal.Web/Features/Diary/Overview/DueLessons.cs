namespace SchoolJournal.Web.Features.Diary.Overview;

/// <summary>
/// The lesson a homework is due for: on its due date the group's first lesson that day; without a due date the
/// group's next lesson after the one it was given in. Cancelled lessons are left out by the caller.
/// </summary>
public static class DueLessons
{
    public sealed record Slot(int LessonId, DateOnly Date, int Number);

    /// <summary>The due lesson, or null: no lesson of the group on the due date, or none after the given one yet.</summary>
    public static Slot? Due(Slot given, DateOnly? dueDate, IEnumerable<Slot> groupLessons) => dueDate is DateOnly due
        ? groupLessons.Where(l => l.Date == due).OrderBy(l => l.Number).FirstOrDefault()
        : groupLessons.Where(l => l.Date > given.Date || (l.Date == given.Date && l.Number > given.Number))
            .OrderBy(l => l.Date).ThenBy(l => l.Number).FirstOrDefault();

    /// <summary>«к уроку 25.11, Математика, 2-й урок»; «к 25.11» when that day has no lesson of the group; «к следующему уроку» when not known
    /// yet.</summary>
    public static string Caption(Slot? lesson, DateOnly? dueDate, string subject) =>
        lesson is not null ? $"к уроку {lesson.Date:dd.MM}, {subject}, {lesson.Number}-й урок"
        : dueDate is DateOnly d ? $"к {d:dd.MM}"
        : "к следующему уроку";
}
