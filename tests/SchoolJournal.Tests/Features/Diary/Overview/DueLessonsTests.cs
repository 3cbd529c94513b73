using SchoolJournal.Web.Features.Diary.Overview;

namespace SchoolJournal.Tests.Features.Diary.Overview;

public sealed class DueLessonsTests
{
    private static readonly DueLessons.Slot Given = new(1, new DateOnly(2026, 11, 20), 2);

    private static readonly DueLessons.Slot[] Lessons =
    [
        Given,
        new(2, new DateOnly(2026, 11, 20), 5),
        new(3, new DateOnly(2026, 11, 25), 4),
        new(4, new DateOnly(2026, 11, 25), 2),
        new(5, new DateOnly(2026, 11, 27), 1),
    ];

    [Fact]
    public void Without_a_due_date_it_is_due_for_the_groups_next_lesson_even_the_same_day()
    {
        var due = DueLessons.Due(Given, null, Lessons);

        Assert.Equal(2, due!.LessonId);
        Assert.Equal("к уроку 20.11, Математика, 5-й урок", DueLessons.Caption(due, null, "Математика"));
    }

    [Fact]
    public void With_a_due_date_it_is_due_for_the_first_lesson_of_that_day()
    {
        var due = DueLessons.Due(Given, new DateOnly(2026, 11, 25), Lessons);

        Assert.Equal(4, due!.LessonId);
        Assert.Equal("к уроку 25.11, Математика, 2-й урок", DueLessons.Caption(due, new DateOnly(2026, 11, 25), "Математика"));
    }

    [Fact]
    public void A_due_date_without_a_lesson_and_a_last_lesson_are_captioned_plainly()
    {
        Assert.Null(DueLessons.Due(Given, new DateOnly(2026, 11, 26), Lessons));
        Assert.Equal("к 26.11", DueLessons.Caption(null, new DateOnly(2026, 11, 26), "Математика"));
        Assert.Null(DueLessons.Due(Lessons[^1], null, Lessons));
        Assert.Equal("к следующему уроку", DueLessons.Caption(null, null, "Математика"));
    }
}
