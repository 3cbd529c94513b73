using SchoolJournal.Web.Demo;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Year.Timetable;

namespace SchoolJournal.Tests.Demo;

public sealed class TimetableBuilderTests
{
    [Fact]
    public void A_weekly_load_is_spread_evenly_over_the_days()
    {
        Assert.Equal([7, 7, 7, 6, 6], TimetableBuilder.LessonsPerDay(33, 5));
        Assert.Equal([5, 4, 4, 4, 4], TimetableBuilder.LessonsPerDay(21, 5));
    }

    [Fact]
    public void Two_classes_sharing_teachers_get_a_full_timetable_without_clashes()
    {
        // Classes 1 and 2, 10 hours each: maths (teacher 1), Russian (2), English in two sub-groups (3 and 4), a stream (teacher 5).
        var units = new List<TimetableUnit>();
        var groups = new Dictionary<int, GroupInfo>();
        var members = new Dictionary<int, int[]>();
        foreach (var c in new[] { 1, 2 })
        {
            int[] students = [c * 100 + 1, c * 100 + 2];
            groups[c * 10 + 1] = new(c * 10 + 1, GroupKind.WholeClass, 1, [c]);
            groups[c * 10 + 2] = new(c * 10 + 2, GroupKind.WholeClass, 2, [c]);
            groups[c * 10 + 3] = new(c * 10 + 3, GroupKind.SubGroup, 3, [c]);
            groups[c * 10 + 4] = new(c * 10 + 4, GroupKind.SubGroup, 3, [c]);
            members[c * 10 + 1] = members[c * 10 + 2] = students;
            members[c * 10 + 3] = [students[0]];
            members[c * 10 + 4] = [students[1]];
            units.Add(new([new(c * 10 + 1, 1, 1)], [c], 4));
            units.Add(new([new(c * 10 + 2, 2, 2)], [c], 4));
            units.Add(new([new(c * 10 + 3, 3, 3), new(c * 10 + 4, 4, 4)], [c], 2));
        }
        groups[99] = new(99, GroupKind.Stream, 9, [1, 2]);
        members[99] = [101, 201];
        units.Add(new([new(99, 5, 5)], [1, 2], 1, Extra: true));

        var placed = TimetableBuilder.Build(units, new Dictionary<int, int[]> { [1] = [2, 2, 2, 2, 2], [2] = [2, 2, 2, 2, 2] },
            new Dictionary<int, int> { [1] = 6, [2] = 6 }, 5, seed: 1);

        var placements = placed.SelectMany(p => p.Unit.Sessions.Select(s => new Placement(s.GroupId, p.Day, p.Number, s.TeacherId, s.RoomId)))
            .ToList();
        Assert.Empty(TimetableClashes.Find(placements, groups, p => members[p.GroupId]));
        Assert.Equal(4, placements.Count(p => p.GroupId == 11));
        Assert.Equal(2, placements.Count(p => p.GroupId == 13));
        Assert.All(placements.Where(p => p.GroupId == 11).GroupBy(p => p.Day), d => Assert.Single(d));
        var stream = Assert.Single(placements, p => p.GroupId == 99);
        Assert.Equal(3, stream.Number);
    }
}
