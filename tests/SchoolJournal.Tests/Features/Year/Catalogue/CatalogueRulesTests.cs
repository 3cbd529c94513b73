using SchoolJournal.Web.Features.Year.Catalogue;

namespace SchoolJournal.Tests.Features.Year.Catalogue;

public sealed class BellRulesTests
{
    private static BellRules.Slot S(int n, string start, string end) => new(n, TimeOnly.Parse(start), TimeOnly.Parse(end));

    [Fact]
    public void Lessons_with_breaks_between_them_are_fine()
    {
        Assert.Null(BellRules.Problem([S(1, "08:00", "08:45"), S(2, "08:55", "09:40"), S(3, "09:40", "10:25")]));
    }

    [Fact]
    public void Overlapping_lessons_are_named_with_their_times()
    {
        Assert.Equal("Уроки № 1 (08:00–08:45) и № 2 (08:40–09:25) пересекаются по времени.",
            BellRules.Problem([S(2, "08:40", "09:25"), S(1, "08:00", "08:45")]));
    }

    [Fact]
    public void A_lesson_that_ends_before_it_starts_is_refused()
    {
        Assert.Equal("Урок № 1: начало (09:00) должно быть раньше окончания (08:45).", BellRules.Problem([S(1, "09:00", "08:45")]));
    }

    [Fact]
    public void A_number_given_twice_is_refused()
    {
        Assert.Equal("Урок № 2 указан дважды: номера уроков не повторяются.", BellRules.Problem([S(2, "08:00", "08:45"), S(2, "09:00", "09:45")]));
    }

    [Fact]
    public void Numbers_follow_the_order_of_time_and_an_empty_schedule_is_refused()
    {
        Assert.NotNull(BellRules.Problem([S(2, "08:00", "08:45"), S(1, "09:00", "09:45")]));
        Assert.NotNull(BellRules.Problem([]));
        Assert.NotNull(BellRules.Problem([S(0, "08:00", "08:45")]));
    }
}

public sealed class ClassTeacherRuleTests
{
    private static readonly DateOnly Sept1 = new(2026, 9, 1);

    [Fact]
    public void A_new_teacher_ends_the_open_link_the_day_before()
    {
        var plan = ClassTeacherRule.Replace([new(1, 10, Sept1, null)], 20, new DateOnly(2026, 11, 23));

        Assert.Null(plan.Error);
        Assert.Equal(1, plan.End!.Id);
        Assert.Equal(new DateOnly(2026, 11, 22), plan.EndOn);
        Assert.True(plan.Add);
        Assert.Null(plan.Remove);
    }

    [Fact]
    public void A_replacement_on_the_day_the_old_link_began_removes_it()
    {
        var plan = ClassTeacherRule.Replace([new(1, 10, Sept1, null)], 20, Sept1);

        Assert.Equal(1, plan.Remove!.Id);
        Assert.Null(plan.End);
        Assert.True(plan.Add);
    }

    [Fact]
    public void The_same_teacher_again_changes_nothing_and_a_first_teacher_is_just_added()
    {
        Assert.True(ClassTeacherRule.Replace([new(1, 10, Sept1, null)], 10, new DateOnly(2026, 10, 1)).Unchanged);
        var first = ClassTeacherRule.Replace([], 10, Sept1);
        Assert.True(first.Add);
        Assert.Null(first.End);
    }

    [Fact]
    public void Removing_the_class_teacher_ends_the_link_without_a_successor()
    {
        var plan = ClassTeacherRule.Replace([new(1, 10, Sept1, null)], null, new DateOnly(2026, 12, 1));

        Assert.Equal(new DateOnly(2026, 11, 30), plan.EndOn);
        Assert.False(plan.Add);
    }

    [Fact]
    public void The_past_is_not_rewritten()
    {
        Assert.NotNull(ClassTeacherRule.Replace([new(1, 10, Sept1, null)], 20, new DateOnly(2026, 8, 31)).Error);
        Assert.NotNull(ClassTeacherRule.Replace([new(1, 10, Sept1, new DateOnly(2026, 10, 31)), new(2, 20, new DateOnly(2026, 11, 1), null)], 30,
            new DateOnly(2026, 10, 15)).Error);
    }
}
