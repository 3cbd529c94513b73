using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Year.Timetable;

namespace SchoolJournal.Tests.Features.Year.Timetable;

public sealed class TimetableClashesTests
{
    // Class 1 (5А) with maths, two English sub-groups and a stream shared with class 2 (5Б).
    private static readonly Dictionary<int, GroupInfo> Groups = new()
    {
        [10] = new(10, GroupKind.WholeClass, 1, [1]),
        [11] = new(11, GroupKind.SubGroup, 2, [1]),
        [12] = new(12, GroupKind.SubGroup, 2, [1]),
        [13] = new(13, GroupKind.SubGroup, 3, [1]),
        [20] = new(20, GroupKind.WholeClass, 1, [2]),
        [30] = new(30, GroupKind.Stream, 4, [1, 2]),
        [40] = new(40, GroupKind.Individual, 1, [1]),
    };

    private static readonly Dictionary<int, int[]> Members = new()
    {
        [10] = [101, 102, 103, 104], [11] = [101, 102], [12] = [103, 104], [13] = [101, 102],
        [20] = [201, 202], [30] = [101, 201], [40] = [104],
    };

    private static IReadOnlyList<Clash> Find(params Placement[] placements) =>
        TimetableClashes.Find(placements, Groups, p => Members[p.GroupId]);

    [Fact]
    public void A_teacher_in_two_classes_at_once_is_a_clash()
    {
        var clashes = Find(new Placement(10, 1, 2, TeacherId: 7, RoomId: 201), new Placement(20, 1, 2, TeacherId: 7, RoomId: 202));

        var clash = Assert.Single(clashes);
        Assert.Equal(ClashKind.Teacher, clash.Kind);
        Assert.Equal(7, clash.Who);
        Assert.Equal([10, 20], clash.GroupIds);
    }

    [Fact]
    public void A_room_booked_twice_is_a_clash()
    {
        var clashes = Find(new Placement(10, 3, 1, 7, RoomId: 201), new Placement(20, 3, 1, 8, RoomId: 201));

        Assert.Equal(ClashKind.Room, Assert.Single(clashes).Kind);
    }

    [Fact]
    public void A_student_in_two_groups_at_once_is_a_clash()
    {
        // The stream takes student 101 out of class 1 and 201 out of class 2 while class 2 has maths.
        var clashes = Find(new Placement(30, 2, 7, 7, 301), new Placement(20, 2, 7, 8, 202));

        Assert.Contains(clashes, c => c.Kind == ClashKind.Student && c.Who == 201);
        Assert.Contains(clashes, c => c.Kind == ClashKind.Class && c.Who == 2);
    }

    [Fact]
    public void An_individual_lesson_during_the_class_lesson_is_a_student_clash_not_a_class_one()
    {
        var clashes = Find(new Placement(10, 1, 1, 7, 201), new Placement(40, 1, 1, 9, 120));

        var clash = Assert.Single(clashes);
        Assert.Equal(ClashKind.Student, clash.Kind);
        Assert.Equal(104, clash.Who);
    }

    [Fact]
    public void Two_sub_groups_of_one_class_may_run_in_parallel()
    {
        Assert.Empty(Find(new Placement(11, 1, 3, 7, 210), new Placement(12, 1, 3, 8, 211)));
    }

    [Fact]
    public void Sub_groups_of_different_subjects_with_other_members_may_run_in_parallel()
    {
        // 12 (English, 103 and 104) and 13 (technology, 101 and 102): nobody is in both.
        Assert.Empty(Find(new Placement(12, 1, 3, 8, 211), new Placement(13, 1, 3, 9, 212)));
    }

    [Fact]
    public void Sub_groups_sharing_a_student_are_a_student_clash()
    {
        // 11 (English, 101 and 102) and 13 (technology, 101 and 102).
        var clashes = Find(new Placement(11, 1, 3, 8, 211), new Placement(13, 1, 3, 9, 212));

        Assert.Equal([101, 102], clashes.Select(c => c.Who).Order());
        Assert.All(clashes, c => Assert.Equal(ClashKind.Student, c.Kind));
    }

    [Fact]
    public void Odd_and_even_weeks_in_one_cell_do_not_clash()
    {
        Assert.Empty(Find(new Placement(10, 1, 1, 7, 201) { Parity = WeekParity.Odd, EntryId = 1 },
            new Placement(20, 1, 1, 7, 201) { Parity = WeekParity.Even, EntryId = 2 }));
    }

    [Fact]
    public void Every_week_clashes_with_odd_weeks()
    {
        var clashes = Find(new Placement(10, 1, 1, 7, 201) { Parity = WeekParity.Every, EntryId = 1 },
            new Placement(20, 1, 1, 7, 202) { Parity = WeekParity.Odd, EntryId = 2 });

        Assert.Equal(ClashKind.Teacher, Assert.Single(clashes).Kind);
    }

    [Fact]
    public void Entries_valid_at_different_times_do_not_clash()
    {
        var first = new Placement(10, 1, 1, 7, 201) { From = new(2026, 9, 1), To = new(2026, 12, 31), EntryId = 1 };
        var later = new Placement(20, 1, 1, 7, 201) { From = new(2027, 1, 1), To = new(2027, 5, 31), EntryId = 2 };
        var overlapping = later with { From = new(2026, 12, 31), EntryId = 3 };

        Assert.Empty(Find(first, later));
        Assert.Equal(2, Find(first, overlapping).Count);
    }

    [Fact]
    public void A_candidate_is_checked_against_the_others_but_not_against_its_own_saved_self()
    {
        var saved = new Placement(10, 2, 4, 7, 201) { EntryId = 5 };
        var other = new Placement(20, 2, 4, 8, 201) { EntryId = 6 };
        var edited = saved with { RoomId = 202 };

        Assert.Empty(TimetableClashes.For(edited, [saved, other], Groups, p => Members[p.GroupId]));
        var moved = edited with { TeacherId = 8 };
        var clash = Assert.Single(TimetableClashes.For(moved, [saved, other], Groups, p => Members[p.GroupId]));
        Assert.Equal((ClashKind.Teacher, 8), (clash.Kind, clash.Who));
        Assert.Equal(6, clash.Items[1].EntryId);
    }

    [Fact]
    public void A_whole_class_lesson_and_a_sub_group_in_one_slot_are_a_clash()
    {
        var clashes = Find(new Placement(10, 4, 5, 7, 201), new Placement(11, 4, 5, 8, 210));

        Assert.Contains(clashes, c => c.Kind == ClashKind.Class);
        Assert.Contains(clashes, c => c.Kind == ClashKind.Student && c.Who == 101);
    }

    [Fact]
    public void The_same_teacher_on_different_days_or_lessons_is_fine()
    {
        Assert.Empty(Find(new Placement(10, 1, 1, 7, 201), new Placement(20, 1, 2, 7, 201), new Placement(20, 2, 1, 7, 201)));
    }
}
