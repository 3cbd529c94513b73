using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Home;

/// <summary>One child's day for the parent's «Мои дети» and the student's own page: class, class teacher, today's lessons, latest marks, teachers'
/// messages.</summary>
public sealed record DiaryHome(
    IReadOnlyList<DiaryHome.Child> Children, int SelectedId, string StudentName, string? ClassName, string? ClassTeacher,
    IReadOnlyList<DiaryHome.LessonRow> Lessons, IReadOnlyList<DiaryHome.MarkRow> Marks, IReadOnlyList<DiaryHome.MessageRow> Messages)
{
    public sealed record Child(int Id, string Name);

    /// <param name="Substitute">The teacher who substitutes in this lesson (R-YEAR-13).</param>
    /// <param name="Moved">The lesson was moved here, or away from today (<see cref="LessonMarks.Moved"/>).</param>
    public sealed record LessonRow(int Number, TimeOnly Start, TimeOnly End, string Subject, string? Room, string? Topic, string? Homework,
        bool Cancelled,
        string? Substitute = null, string? Moved = null);

    public sealed record MarkRow(DateOnly Date, string Subject, string Value, string WorkType);

    /// <summary>A teacher's message or recommendation (R-JRN-10), at the school's local time.</summary>
    public sealed record MessageRow(DateTimeOffset At, bool Recommendation, string Sender, string? Subject, string Text);

    public const int LatestMarks = 10;
    public const int LatestMessages = 5;

    /// <param name="forParents">A parent reads the messages addressed to parents, the student those addressed to him.</param>
    /// <param name="offset">The school's UTC offset now, for the messages' times.</param>
    public static async Task<DiaryHome> LoadAsync(JournalDbContext db, IReadOnlyList<Child> children, int studentId, DateOnly today,
        bool forParents, TimeSpan offset, CancellationToken ct)
    {
        var head = await db.Students.AsNoTracking()
            .Where(s => s.Id == studentId)
            .Select(s => new
            {
                s.LastName, s.FirstName, s.MiddleName,
                Class = s.Enrolments.Where(e => e.From <= today && (e.To == null || e.To >= today))
                    .Select(e => new
                    {
                        e.SchoolClass!.Grade, e.SchoolClass.Letter,
                        Teacher = e.SchoolClass.ClassTeachers.Where(t => t.From <= today && (t.To == null || t.To >= today))
                            .Select(t => new { t.StaffMember!.LastName, t.StaffMember.FirstName, t.StaffMember.MiddleName })
                            .FirstOrDefault(),
                    })
                    .FirstOrDefault(),
            })
            .FirstAsync(ct);

        var rows = await db.Lessons.AsNoTracking()
            .Where(l => (l.Date == today || (l.OriginalDate == today && l.Date != today))
                        && db.GroupMemberships.Any(m => m.StudentId == studentId && m.TeachingGroupId == l.TeachingGroupId
                                                        && m.From <= today && (m.To == null || m.To >= today)))
            .OrderBy(l => l.Date == today ? l.Number : l.OriginalNumber).ThenBy(l => l.Start)
            .Select(l => new
            {
                l.Date, l.Number, l.Start, l.End, Subject = l.TeachingGroup!.Subject!.Name,
                Room = db.Rooms.Where(r => r.Id == l.RoomId).Select(r => r.Number).FirstOrDefault(),
                l.Topic, Homework = l.Homework == null ? null : l.Homework.Text, l.Status, l.OriginalDate, l.OriginalNumber,
                Substitute = db.StaffMembers.Where(s => s.Id == l.SubstituteTeacherId)
                    .Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var lessons = rows.Select(l =>
            new LessonRow(l.Number, l.Start, l.End, l.Subject, l.Room, l.Topic, l.Homework, l.Status == LessonStatus.Cancelled,
            l.Substitute is null ? null : PersonName.Short(l.Substitute.LastName, l.Substitute.FirstName, l.Substitute.MiddleName),
            LessonMarks.Moved(today, l.Date, l.Number, l.OriginalDate, l.OriginalNumber))).ToList();

        var marks = await db.Marks.AsNoTracking()
            .Where(m => m.StudentId == studentId)
            .OrderByDescending(m => m.Lesson!.Date).ThenByDescending(m => m.Lesson!.Number).ThenByDescending(m => m.Id)
            .Take(LatestMarks)
            .Select(m => new MarkRow(m.Lesson!.Date, m.Lesson.TeachingGroup!.Subject!.Name, m.Value, m.WorkType!.Name))
            .ToListAsync(ct);

        var messages = await db.TeacherMessages.AsNoTracking()
            .Where(m => m.StudentId == studentId && (forParents ? m.ToParents : m.ToStudent))
            // Newest first by id: rows are appended in time order, and SQLite cannot sort a DateTimeOffset.
            .OrderByDescending(m => m.Id)
            .Take(LatestMessages)
            .Select(m => new
            {
                m.CreatedAt, m.Kind, m.SenderName, m.Text,
                Subject = db.TeachingGroups.Where(g => g.Id == m.TeachingGroupId).Select(g => g.Subject!.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var teacher = head.Class?.Teacher;
        return new DiaryHome(children, studentId, PersonName.Full(head.LastName, head.FirstName, head.MiddleName),
            head.Class is null ? null : $"{head.Class.Grade}{head.Class.Letter}",
            teacher is null ? null : PersonName.Full(teacher.LastName, teacher.FirstName, teacher.MiddleName),
            lessons, marks,
            [.. messages.Select(m =>
                new MessageRow(m.CreatedAt.ToOffset(offset), m.Kind == MessageKind.Recommendation, m.SenderName, m.Subject, m.Text))]);
    }
}
