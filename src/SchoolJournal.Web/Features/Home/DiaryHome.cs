using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.Web.Features.Home;

/// <summary>One child's day for the parent's «Мои дети» and the student's own page: class, class teacher, today's lessons, latest marks.</summary>
public sealed record DiaryHome(
    IReadOnlyList<DiaryHome.Child> Children, int SelectedId, string StudentName, string? ClassName, string? ClassTeacher,
    IReadOnlyList<DiaryHome.LessonRow> Lessons, IReadOnlyList<DiaryHome.MarkRow> Marks)
{
    public sealed record Child(int Id, string Name);

    public sealed record LessonRow(int Number, TimeOnly Start, TimeOnly End, string Subject, string? Room, string? Topic, string? Homework, bool Cancelled);

    public sealed record MarkRow(DateOnly Date, string Subject, string Value, string WorkType);

    public const int LatestMarks = 10;

    public static async Task<DiaryHome> LoadAsync(JournalDbContext db, IReadOnlyList<Child> children, int studentId, DateOnly today, CancellationToken ct)
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

        var lessons = await db.Lessons.AsNoTracking()
            .Where(l => l.Date == today && db.GroupMemberships.Any(m => m.StudentId == studentId && m.TeachingGroupId == l.TeachingGroupId
                                                                       && m.From <= today && (m.To == null || m.To >= today)))
            .OrderBy(l => l.Number).ThenBy(l => l.Start)
            .Select(l => new LessonRow(l.Number, l.Start, l.End, l.TeachingGroup!.Subject!.Name,
                db.Rooms.Where(r => r.Id == l.RoomId).Select(r => r.Number).FirstOrDefault(),
                l.Topic, l.Homework == null ? null : l.Homework.Text, l.Status == LessonStatus.Cancelled))
            .ToListAsync(ct);

        var marks = await db.Marks.AsNoTracking()
            .Where(m => m.StudentId == studentId)
            .OrderByDescending(m => m.Lesson!.Date).ThenByDescending(m => m.Lesson!.Number).ThenByDescending(m => m.Id)
            .Take(LatestMarks)
            .Select(m => new MarkRow(m.Lesson!.Date, m.Lesson.TeachingGroup!.Subject!.Name, m.Value, m.WorkType!.Name))
            .ToListAsync(ct);

        var teacher = head.Class?.Teacher;
        return new DiaryHome(children, studentId, PersonName.Full(head.LastName, head.FirstName, head.MiddleName),
            head.Class is null ? null : $"{head.Class.Grade}{head.Class.Letter}",
            teacher is null ? null : PersonName.Full(teacher.LastName, teacher.FirstName, teacher.MiddleName),
            lessons, marks);
    }
}
