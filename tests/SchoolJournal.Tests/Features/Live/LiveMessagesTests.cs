using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Live;

namespace SchoolJournal.Tests.Features.Live;

/// <summary>Which SignalR group hears an outbox event, and how a batch is folded into few messages.</summary>
public sealed class LiveMessagesTests
{
    private static readonly Dictionary<int, (int GroupId, DateOnly Date)> Lessons = new()
    {
        [10] = (7, new DateOnly(2026, 11, 20)),
        [11] = (7, new DateOnly(2026, 11, 23)),
        [12] = (8, new DateOnly(2026, 11, 23)),
    };

    private static List<(string Group, LiveChange Change)> Messages(params DiaryEvent[] events) =>
        [.. DiaryLive.Messages(events, id => Lessons.TryGetValue(id, out var l) ? l : null)];

    [Fact]
    public void A_mark_goes_to_its_student_with_the_lesson_and_its_date_and_no_grade()
    {
        var (group, change) = Messages(new DiaryEvent { Kind = DiaryEventKind.Mark, StudentId = 5, LessonId = 10, Value = "2" }).Single();

        Assert.Equal("student-5", group);
        Assert.Equal(new LiveChange(5, "mark", 10, "2026-11-20"), change);
    }

    [Fact]
    public void Many_marks_of_one_student_make_one_message()
    {
        var messages = Messages(
            new DiaryEvent { Kind = DiaryEventKind.Mark, StudentId = 5, LessonId = 10, Value = "5" },
            new DiaryEvent { Kind = DiaryEventKind.Mark, StudentId = 5, LessonId = 11, Value = "4" },
            new DiaryEvent { Kind = DiaryEventKind.Mark, StudentId = 5, LessonId = 11, Value = "3" },
            new DiaryEvent { Kind = DiaryEventKind.Mark, StudentId = 6, LessonId = 11, Value = "3" });

        Assert.Equal(2, messages.Count);
        // Two lessons on two dates: the message names neither.
        Assert.Equal(("student-5", new LiveChange(5, "mark", null, null)), messages[0]);
        Assert.Equal(("student-6", new LiveChange(6, "mark", 11, "2026-11-23")), messages[1]);
    }

    [Fact]
    public void Homework_goes_to_the_lessons_teaching_group()
    {
        var (group, change) = Messages(new DiaryEvent { Kind = DiaryEventKind.Homework, LessonId = 12 }).Single();

        Assert.Equal("lesson-group-8", group);
        Assert.Equal(new LiveChange(null, "homework", 12, "2026-11-23"), change);
    }

    [Fact]
    public void A_substitution_and_a_topic_go_to_the_group_the_event_names()
    {
        var messages = Messages(
            new DiaryEvent { Kind = DiaryEventKind.LessonChanged, LessonId = 11, TeachingGroupId = 7, Text = "замена учителя" },
            new DiaryEvent { Kind = DiaryEventKind.Topic, LessonId = 11, TeachingGroupId = 7 });

        Assert.Equal(
            [("lesson-group-7", new LiveChange(null, "lessonChanged", 11, "2026-11-23")),
                ("lesson-group-7", new LiveChange(null, "topic", 11, "2026-11-23"))], messages);
    }

    [Fact]
    public void A_daily_absence_carries_its_date_and_a_message_its_student()
    {
        var messages = Messages(
            new DiaryEvent { Kind = DiaryEventKind.Absence, StudentId = 5, Value = "Б", Text = "2026-11-24" },
            new DiaryEvent { Kind = DiaryEventKind.Message, StudentId = 5, TeachingGroupId = 7, Text = "Проверьте дневник" });

        Assert.Equal([("student-5", new LiveChange(5, "absence", null, "2026-11-24")), ("student-5", new LiveChange(5, "message", null, null))],
            messages);
    }

    [Fact]
    public void An_event_of_a_lesson_that_no_longer_exists_and_no_group_is_dropped()
    {
        Assert.Empty(Messages(new DiaryEvent { Kind = DiaryEventKind.Homework, LessonId = 99, Removed = true }));
    }
}
