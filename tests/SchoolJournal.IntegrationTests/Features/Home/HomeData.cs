using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Home;

/// <summary>Builders the home page tests need beyond <see cref="SchoolBuilder"/>: marks, homework, rooms, substitutions.</summary>
public static class HomeData
{
    public static async Task<Mark> MarkAsync(this SchoolBuilder b, Lesson lesson, Student student, string value)
    {
        var mark = new Mark { SchoolId = b.School.Id, LessonId = lesson.Id, StudentId = student.Id, Value = value, WorkTypeId = b.Answer.Id,
            CreatedAt = b.Now };
        b.Db.Marks.Add(mark);
        await b.Db.SaveChangesAsync();
        return mark;
    }

    public static async Task HomeworkAsync(this SchoolBuilder b, Lesson lesson, string text)
    {
        b.Db.Homework.Add(new Homework { SchoolId = b.School.Id, LessonId = lesson.Id, Text = text, CreatedAt = b.Now });
        await b.Db.SaveChangesAsync();
    }

    public static async Task<Lesson> InRoomAsync(this SchoolBuilder b, Lesson lesson, string number)
    {
        var room = new Room { SchoolId = b.School.Id, Number = number, Capacity = 30 };
        b.Db.Rooms.Add(room);
        await b.Db.SaveChangesAsync();
        lesson.RoomId = room.Id;
        await b.Db.SaveChangesAsync();
        return lesson;
    }

    /// <summary>Changes a row already written (a withdrawal, a cancellation, a substitution) and saves it.</summary>
    public static async Task<T> ChangeAsync<T>(this SchoolBuilder b, T row, Action<T> change)
    {
        change(row);
        await b.Db.SaveChangesAsync();
        return row;
    }
}
