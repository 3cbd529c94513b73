using SchoolJournal.Web.Features.Year.Plans;
using static SchoolJournal.Web.Features.Year.Plans.PlanRules;

namespace SchoolJournal.Tests.Features.Year.Plans;

public sealed class PlanRulesTests
{
    private static readonly DateOnly Mon = new(2026, 9, 7);

    private static LessonSlot Slot(int id, int day, int number = 1, string? topic = null, bool fromPlan = false, bool cancelled = false,
        bool locked = false) =>
        new(id, Mon.AddDays(day), number, cancelled, locked, topic, fromPlan, null);

    [Fact]
    public void A_topic_of_two_hours_covers_two_consecutive_lessons()
    {
        PlanTopic[] plan = [new(10, "Дроби", 2), new(11, "Проценты", 1)];
        // Given out of order: the plan follows date, then lesson number.
        LessonSlot[] lessons = [Slot(3, 1), Slot(1, 0, 2), Slot(2, 0, 5), Slot(4, 2)];

        var result = Expand(plan, lessons);

        Assert.Equal([(1, "Дроби", 10), (2, "Дроби", 10), (3, "Проценты", 11), (4, null, (int?)null)],
            result.Lessons.Select(l => (l.LessonId, l.Topic, l.ThematicTopicId)));
        Assert.Equal((3, 0, 0), (result.Filled, result.Kept, result.Cleared));
    }

    [Fact]
    public void Cancelled_lessons_take_no_place_and_lose_a_topic_from_the_plan()
    {
        PlanTopic[] plan = [new(10, "Дроби", 1), new(11, "Проценты", 1)];
        LessonSlot[] lessons = [Slot(1, 0), Slot(2, 1, topic: "Проценты", fromPlan: true, cancelled: true), Slot(3, 2)];

        var result = Expand(plan, lessons);

        var by = result.Lessons.ToDictionary(l => l.LessonId);
        Assert.Equal("Дроби", by[1].Topic);
        Assert.Null(by[2].Topic);
        Assert.False(by[2].TopicFromPlan);
        Assert.Equal("Проценты", by[3].Topic);
        Assert.Equal((2, 1), (result.Filled, result.Cleared));
    }

    [Fact]
    public void A_topic_the_teacher_wrote_is_kept_and_still_takes_its_place()
    {
        PlanTopic[] plan = [new(10, "Дроби", 1), new(11, "Проценты", 1), new(12, "Площадь", 1)];
        LessonSlot[] lessons = [Slot(1, 0, topic: "Повторение: дроби"), Slot(2, 1, topic: "Проценты"),
            Slot(3, 2, topic: "Старая тема", fromPlan: true)];

        var result = Expand(plan, lessons);

        var by = result.Lessons.ToDictionary(l => l.LessonId);
        Assert.Equal(("Повторение: дроби", false, (int?)null), (by[1].Topic, by[1].TopicFromPlan, by[1].ThematicTopicId));
        // Written by the teacher, but the same text as the plan's topic at its place: linked, still his.
        Assert.Equal(("Проценты", false, (int?)11), (by[2].Topic, by[2].TopicFromPlan, by[2].ThematicTopicId));
        Assert.Equal(("Площадь", true, (int?)12), (by[3].Topic, by[3].TopicFromPlan, by[3].ThematicTopicId));
        Assert.Equal((1, 2), (result.Filled, result.Kept));
    }

    [Fact]
    public void Past_the_plan_topics_from_the_plan_are_cleared_and_closed_periods_are_left_alone()
    {
        PlanTopic[] plan = [new(10, "Дроби", 1)];
        LessonSlot[] lessons = [Slot(1, 0, locked: true), Slot(2, 1, topic: "Проценты", fromPlan: true),
            Slot(3, 2, topic: "Площадь", fromPlan: true, locked: true)];

        var result = Expand(plan, lessons);

        var by = result.Lessons.ToDictionary(l => l.LessonId);
        Assert.Null(by[1].Topic); // closed: stays empty although the plan has a topic for it
        Assert.Null(by[2].Topic);
        Assert.Equal("Площадь", by[3].Topic);
        Assert.Equal((0, 1, 2), (result.Filled, result.Cleared, result.Locked));
        Assert.Equal([2], result.Changed(lessons).Select(l => l.LessonId));
    }

    [Fact]
    public void The_topic_at_a_place_counts_hours()
    {
        PlanTopic[] plan = [new(10, "Дроби", 3), new(11, "Проценты", 2)];

        Assert.Equal([10, 10, 10, 11, 11], Enumerable.Range(0, 5).Select(i => At(plan, i)!.Id));
        Assert.Null(At(plan, 5));
    }

    [Theory]
    [InlineData("", "не указана тема")]
    [InlineData("0", "часы «0» — нужно целое число от 1 до 20")]
    [InlineData("21", "часы «21» — нужно целое число от 1 до 20")]
    [InlineData("1,5", "часы «1,5» — нужно целое число от 1 до 20")]
    [InlineData("два", "часы «два» — нужно целое число от 1 до 20")]
    public void A_bad_row_is_named_in_russian(string value, string expected)
    {
        var (row, error) = value == "" ? Check(null, " ", "1", null) : Check(null, "Дроби", value, null);

        Assert.Null(row);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Hours_may_be_left_out_for_one_hour_and_a_long_title_is_refused()
    {
        Assert.Equal(new TopicRow("Раздел", "Дроби", 1, null), Check(" Раздел ", " Дроби ", "", " ").Row);
        Assert.Equal(2, Check(null, "Дроби", "2.0", null).Row!.Hours);
        Assert.Equal("тема длиннее 500 символов (501)", Check(null, new string('а', 501), "1", null).Error);
    }
}
