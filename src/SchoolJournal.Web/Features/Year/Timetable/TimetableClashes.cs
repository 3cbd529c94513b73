namespace SchoolJournal.Web.Features.Year.Timetable;

/// <summary>
/// One timetable cell taken by a group: day (1 = Monday) and lesson number, with the weeks and dates it holds.
/// <see cref="EntryId"/> tells apart two entries of one group (odd and even weeks); 0 for an entry not yet saved.
/// </summary>
public sealed record Placement(int GroupId, int Day, int Number, int TeacherId, int? RoomId)
{
    public WeekParity Parity { get; init; } = WeekParity.Every;
    public DateOnly From { get; init; } = DateOnly.MinValue;
    public DateOnly To { get; init; } = DateOnly.MaxValue;
    public int EntryId { get; init; }

    /// <summary>Two placements of one cell meet when some week holds both: dates overlap and parities do (odd and even never).</summary>
    public bool Meets(Placement other) =>
        Day == other.Day && Number == other.Number && From <= other.To && other.From <= To
        && (Parity == WeekParity.Every || other.Parity == WeekParity.Every || Parity == other.Parity);
}

/// <summary>What the clash rules need to know about a group.</summary>
public sealed record GroupInfo(int GroupId, GroupKind Kind, int SubjectId, IReadOnlyList<int> ClassIds);

public enum ClashKind
{
    Teacher = 1,
    Room = 2,
    Class = 3,
    Student = 4,
}

/// <summary>A teacher, room, class or student (<see cref="Who"/>) wanted by several groups in one cell.</summary>
public sealed record Clash(ClashKind Kind, int Day, int Number, int Who, IReadOnlyList<int> GroupIds)
{
    /// <summary>The placements involved, in the order given.</summary>
    public IReadOnlyList<Placement> Items { get; init; } = [];
}

/// <summary>
/// Timetable conflicts (R-YEAR-11): a teacher or a room in two places at once, a student in two groups, a class
/// with two lessons in one cell. Sub-groups of a class may run in parallel (their members are checked as students);
/// an individual lesson takes one student out, not the class. Two placements only meet when some week holds both
/// (<see cref="Placement.Meets"/>). The one clash finder of the app: the timetable page, its API and the demo use it.
/// </summary>
public static class TimetableClashes
{
    public static IReadOnlyList<Clash> Find(
        IEnumerable<Placement> placements,
        IReadOnlyDictionary<int, GroupInfo> groups,
        Func<Placement, IEnumerable<int>> studentsOf)
    {
        var found = new Dictionary<(ClashKind, int Day, int Number, int Who), List<Placement>>();
        var order = new List<(ClashKind, int, int, int)>();
        foreach (var slot in placements.GroupBy(p => (p.Day, p.Number)))
        {
            var cell = slot.ToList();
            if (cell.Count < 2) continue;
            var students = cell.Select(p => studentsOf(p).ToHashSet()).ToList();
            for (var i = 0; i < cell.Count; i++)
                for (var j = i + 1; j < cell.Count; j++)
                    foreach (var (kind, who) in Between(cell[i], cell[j], groups, students[i], students[j]))
                    {
                        var key = (kind, slot.Key.Day, slot.Key.Number, who);
                        if (!found.TryGetValue(key, out var list))
                        {
                            found[key] = list = [];
                            order.Add(key);
                        }
                        if (!list.Contains(cell[i])) list.Add(cell[i]);
                        if (!list.Contains(cell[j])) list.Add(cell[j]);
                    }
        }
        return [.. order.Select(k =>
        {
            var items = found[k];
            return new Clash(k.Item1, k.Item2, k.Item3, k.Item4, [.. items.Select(p => p.GroupId)]) { Items = items };
        })];
    }

    /// <summary>The clashes a new or changed placement would bring against the others (itself excluded by entry id).</summary>
    public static IReadOnlyList<Clash> For(
        Placement candidate,
        IEnumerable<Placement> others,
        IReadOnlyDictionary<int, GroupInfo> groups,
        Func<Placement, IEnumerable<int>> studentsOf)
    {
        var mine = studentsOf(candidate).ToHashSet();
        var result = new List<Clash>();
        foreach (var other in others)
        {
            if (candidate.EntryId != 0 && other.EntryId == candidate.EntryId) continue;
            if (!candidate.Meets(other)) continue;
            foreach (var (kind, who) in Between(candidate, other, groups, mine, studentsOf(other).ToHashSet()))
                result.Add(new Clash(kind, candidate.Day, candidate.Number, who, [candidate.GroupId, other.GroupId]) { Items = [candidate, other] });
        }
        return result;
    }

    private static IEnumerable<(ClashKind Kind, int Who)> Between(Placement a, Placement b, IReadOnlyDictionary<int, GroupInfo> groups,
        HashSet<int> studentsA, HashSet<int> studentsB)
    {
        if (!a.Meets(b)) yield break;
        if (a.TeacherId == b.TeacherId) yield return (ClashKind.Teacher, a.TeacherId);
        if (a.RoomId is { } room && room == b.RoomId) yield return (ClashKind.Room, room);
        foreach (var s in studentsA.Where(studentsB.Contains).Order()) yield return (ClashKind.Student, s);

        var ga = groups[a.GroupId];
        var gb = groups[b.GroupId];
        if (ga.Kind == GroupKind.Individual || gb.Kind == GroupKind.Individual) yield break;
        var parallel = ga.Kind == GroupKind.SubGroup && gb.Kind == GroupKind.SubGroup && ga.GroupId != gb.GroupId;
        if (parallel) yield break;
        foreach (var c in ga.ClassIds.Intersect(gb.ClassIds)) yield return (ClashKind.Class, c);
    }
}
