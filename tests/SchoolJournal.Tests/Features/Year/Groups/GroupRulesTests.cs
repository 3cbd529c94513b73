using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Year.Groups;

namespace SchoolJournal.Tests.Features.Year.Groups;

public sealed class GroupRulesTests
{
    private static readonly DateOnly Sep1 = new(2026, 9, 1);

    [Theory]
    [InlineData("2026-09-01", null, "2026-11-16", null, true)]
    [InlineData("2026-09-01", "2026-11-15", "2026-11-16", null, false)]
    [InlineData("2026-09-01", "2026-11-16", "2026-11-16", null, true)]
    [InlineData("2026-11-20", "2026-11-25", "2026-11-01", "2026-11-19", false)]
    [InlineData("2026-11-20", "2026-11-25", "2026-11-01", "2026-11-20", true)]
    public void Spans_overlap_when_they_share_a_day(string aFrom, string? aTo, string bFrom, string? bTo, bool expected)
    {
        static DateOnly? D(string? s) => s is null ? null : DateOnly.Parse(s);

        Assert.Equal(expected, GroupRules.Overlaps(D(aFrom)!.Value, D(aTo), D(bFrom)!.Value, D(bTo)));
        Assert.Equal(expected, GroupRules.Overlaps(D(bFrom)!.Value, D(bTo), D(aFrom)!.Value, D(aTo)));
    }

    private static GroupRules.SplitStudent S(int id, string last, Gender gender = Gender.Male) => new(id, last, "Иван", null, gender);

    [Fact]
    public void Alphabet_split_gives_the_first_group_the_extra_student_of_an_odd_class()
    {
        var (first, second) = GroupRules.Split([S(1, "Орлов"), S(2, "Ёлкин"), S(3, "Белов"), S(4, "Яковлев"), S(5, "Андреев")],
            GroupRules.SplitBy.Alphabet);

        // Андреев, Белов, Ёлкин | Орлов, Яковлев: Russian order puts Ё after Е, before О.
        Assert.Equal([5, 3, 2], first.Select(s => s.Id));
        Assert.Equal([1, 4], second.Select(s => s.Id));
    }

    [Fact]
    public void Gender_split_puts_boys_first_and_girls_second()
    {
        var (first, second) = GroupRules.Split([S(1, "Орлова", Gender.Female), S(2, "Белов"), S(3, "Андреева", Gender.Female)],
            GroupRules.SplitBy.Gender);

        Assert.Equal([2], first.Select(s => s.Id));
        Assert.Equal([3, 1], second.Select(s => s.Id));
    }

    [Fact]
    public void Sub_group_names_follow_the_school_habit() =>
        Assert.Equal("Английский язык 5А (2 гр.)", GroupRules.SubGroupName("Английский язык", "5А", 2));

    [Fact]
    public void Default_grading_is_the_subjects_then_the_classs_then_the_schools()
    {
        Assert.Equal(7, GroupRules.DefaultGrading(7, 8, 9));
        Assert.Equal(8, GroupRules.DefaultGrading(null, 8, 9));
        Assert.Equal(9, GroupRules.DefaultGrading(null, null, 9));
        Assert.Null(GroupRules.DefaultGrading(null, null, null));
    }

    [Theory]
    [InlineData(GroupKind.WholeClass, 1, true)]
    [InlineData(GroupKind.SubGroup, 2, false)]
    [InlineData(GroupKind.Stream, 1, false)]
    [InlineData(GroupKind.Stream, 3, true)]
    [InlineData(GroupKind.Extracurricular, 0, false)]
    public void Kinds_ask_for_their_number_of_classes(GroupKind kind, int classes, bool fits) =>
        Assert.Equal(fits, GroupRules.ClassesProblem(kind, classes) is null);

    [Fact]
    public void Open_membership_overlaps_everything_after_its_start() =>
        Assert.True(GroupRules.Overlaps(Sep1, null, new DateOnly(2027, 5, 1), new DateOnly(2027, 5, 2)));
}
