using SchoolJournal.Web.Features.Journal;

namespace SchoolJournal.Tests.Features.Journal;

/// <summary>The deadlines of R-JRN-9, worked out by hand on the school's wall clock (Moscow, +03:00).</summary>
public sealed class DeadlinesTests
{
    private static readonly DateOnly Friday = new(2026, 11, 20);

    private static DateTimeOffset Moscow(int month, int day, int hour, int minute, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.FromHours(3));

    [Fact]
    public void A_mark_is_due_by_the_end_of_the_lesson_day()
    {
        var due = Deadlines.ForMark(Friday, isControl: false, "Ответ на уроке", topGrade: 5, DeadlineRules.Default);

        Assert.Equal(new DateTime(2026, 11, 20, 23, 59, 59).AddTicks(9_999_999), due);
        Assert.False(Deadlines.IsLate(due, Moscow(11, 20, 23, 59, 59)));
        Assert.True(Deadlines.IsLate(due, Moscow(11, 21, 0, 0)));
    }

    [Fact]
    public void Attendance_and_topic_are_due_the_same_day()
    {
        Assert.False(Deadlines.IsLate(Deadlines.ForAttendance(Friday), Moscow(11, 20, 18, 0)));
        Assert.True(Deadlines.IsLate(Deadlines.ForAttendance(Friday), Moscow(11, 21, 8, 0)));
        Assert.True(Deadlines.IsLate(Deadlines.ForTopic(Friday), Moscow(11, 23, 9, 0)));
    }

    [Fact]
    public void A_control_work_has_three_days_friday_becomes_monday_night()
    {
        // 20.11 + 3 days = 23.11, until 23:59.
        var due = Deadlines.ForMark(Friday, isControl: true, "Контрольная работа", topGrade: 7, DeadlineRules.Default);

        Assert.Equal(new DateOnly(2026, 11, 23), DateOnly.FromDateTime(due));
        Assert.False(Deadlines.IsLate(due, Moscow(11, 23, 22, 0)));
        Assert.True(Deadlines.IsLate(due, Moscow(11, 24, 0, 0, 1)));
    }

    [Fact]
    public void An_essay_in_grades_10_and_11_has_a_week_but_in_grade_9_three_days()
    {
        // 20.11 + 7 days = 27.11 for grade 10; 20.11 + 3 = 23.11 for grade 9 (a control work there).
        var senior = Deadlines.ForMark(Friday, isControl: true, "Сочинение", topGrade: 10, DeadlineRules.Default);
        var basic = Deadlines.ForMark(Friday, isControl: true, "Сочинение", topGrade: 9, DeadlineRules.Default);

        Assert.Equal(new DateOnly(2026, 11, 27), DateOnly.FromDateTime(senior));
        Assert.Equal(new DateOnly(2026, 11, 23), DateOnly.FromDateTime(basic));
        Assert.False(Deadlines.IsLate(senior, Moscow(11, 27, 20, 0)));
        Assert.True(Deadlines.IsLate(senior, Moscow(11, 28, 0, 30)));
    }

    [Fact]
    public void Homework_is_due_an_hour_and_a_half_after_the_last_lesson_of_the_class()
    {
        // The class's 6th lesson ends at 12:30: homework until 14:00.
        var due = Deadlines.ForHomework(Friday, new TimeOnly(12, 30), DeadlineRules.Default);

        Assert.Equal(new DateTime(2026, 11, 20, 14, 0, 0), due);
        Assert.False(Deadlines.IsLate(due, Moscow(11, 20, 14, 0)));
        Assert.True(Deadlines.IsLate(due, Moscow(11, 20, 14, 1)));
    }

    [Fact]
    public void A_school_that_gives_five_days_for_control_works_ten_for_essays_and_an_hour_for_homework_gets_its_own_deadlines()
    {
        var rules = new DeadlineRules(ControlWorkDays: 5, EssayDays: 10, HomeworkGraceMinutes: 60);

        // 20.11 + 5 = 25.11; an essay in grade 11: 20.11 + 10 = 30.11; an answer in class stays on the day: 20.11.
        Assert.Equal(new DateOnly(2026, 11, 25), DateOnly.FromDateTime(Deadlines.ForMark(Friday, true, "Контрольная работа", 7, rules)));
        Assert.Equal(new DateOnly(2026, 11, 30), DateOnly.FromDateTime(Deadlines.ForMark(Friday, true, "Сочинение", 11, rules)));
        Assert.Equal(new DateOnly(2026, 11, 20), DateOnly.FromDateTime(Deadlines.ForMark(Friday, false, "Ответ на уроке", 7, rules)));
        // The last lesson ends at 12:30: homework until 13:30.
        Assert.Equal(new DateTime(2026, 11, 20, 13, 30, 0), Deadlines.ForHomework(Friday, new TimeOnly(12, 30), rules));
    }

    [Fact]
    public void Period_grades_are_on_time_until_the_last_day_of_the_period()
    {
        // 2nd quarter ends on 28.12: a grade on 22.12 (its last week) or earlier is on time; on 29.12 it is late.
        var due = Deadlines.ForPeriodGrade(new DateOnly(2026, 12, 28));

        Assert.False(Deadlines.IsLate(due, Moscow(12, 1, 10, 0)));
        Assert.False(Deadlines.IsLate(due, Moscow(12, 28, 23, 0)));
        Assert.True(Deadlines.IsLate(due, Moscow(12, 29, 9, 0)));
    }

    [Fact]
    public void Lateness_is_judged_on_the_school_clock_not_utc()
    {
        // 23:30 in Moscow is 20:30 UTC: the same instant seen from Vladivostok (+10) is already the next day.
        var due = Deadlines.ForAttendance(Friday);
        var instant = Moscow(11, 20, 23, 30);

        Assert.False(Deadlines.IsLate(due, instant));
        Assert.True(Deadlines.IsLate(due, instant.ToOffset(TimeSpan.FromHours(10))));
    }
}
