using SchoolJournal.Web.Features.Year.Timetable;

namespace SchoolJournal.Web.Demo;

/// <summary>A group's share of a lesson: the group with its teacher and room.</summary>
public sealed record UnitSession(int GroupId, int TeacherId, int? RoomId);

/// <summary>
/// Something to place <see cref="Hours"/> times a week. Sessions run in parallel (two sub-groups of a class).
/// <see cref="ClassIds"/> are the classes it takes; when <see cref="TakesClasses"/> is false (an individual lesson)
/// the classes only have to be free, the rest of the class is not held.
/// </summary>
public sealed record TimetableUnit(IReadOnlyList<UnitSession> Sessions, IReadOnlyList<int> ClassIds, int Hours, bool TakesClasses = true,
    bool Extra = false);

/// <summary>
/// Greedy timetable construction with one-step repair. Each class gets a planned number of lessons per day
/// (filled from lesson 1, no gaps); regular units go into those cells; extra units (streams, individual lessons)
/// go after the class's last lesson. The result is checked by <see cref="TimetableClashes"/> by the caller.
/// </summary>
public static class TimetableBuilder
{
    public sealed class Failure(string message) : Exception(message);

    /// <summary>Spreads a weekly load over the days: 33 over 5 → 7, 7, 7, 6, 6.</summary>
    public static int[] LessonsPerDay(int weekly, int days)
    {
        var result = new int[days];
        for (var d = 0; d < days; d++) result[d] = weekly / days + (d < weekly % days ? 1 : 0);
        return result;
    }

    public static List<(TimetableUnit Unit, int Day, int Number)> Build(
        IReadOnlyList<TimetableUnit> units, IReadOnlyDictionary<int, int[]> lessonsPerDay, IReadOnlyDictionary<int, int> maxNumber, int days,
        int seed)
    {
        var rng = new Random(seed);
        var state = new State(days);
        foreach (var (c, perDay) in lessonsPerDay) state.DayLength[c] = (int[])perDay.Clone();

        var regular = units.Where(u => !u.Extra)
            .OrderByDescending(u => u.Sessions.Count)
            .ThenByDescending(u => u.Sessions.Max(s => state.Load(units, s.TeacherId)))
            .ThenByDescending(u => u.Hours)
            .ThenBy(_ => rng.Next())
            .ToList();
        foreach (var unit in regular)
            for (var h = 0; h < unit.Hours; h++)
                if (!PlaceRegular(state, unit, maxNumber, rng))
                    throw new Failure($"Не удалось разместить {unit.Hours} ч. группы {unit.Sessions[0].GroupId}");

        foreach (var unit in units.Where(u => u.Extra).OrderByDescending(u => u.TakesClasses))
            for (var h = 0; h < unit.Hours; h++)
                if (!PlaceExtra(state, unit, maxNumber))
                    throw new Failure($"Не удалось разместить дополнительное занятие группы {unit.Sessions[0].GroupId}");

        return state.Placed;
    }

    private sealed class State(int days)
    {
        public int Days { get; } = days;
        public Dictionary<int, int[]> DayLength { get; } = [];
        public Dictionary<(int Class, int Day, int Number), TimetableUnit> ClassCells { get; } = [];
        public HashSet<(int Teacher, int Day, int Number)> Teachers { get; } = [];
        public HashSet<(int Room, int Day, int Number)> Rooms { get; } = [];
        public List<(TimetableUnit Unit, int Day, int Number)> Placed { get; } = [];
        private Dictionary<int, int>? _load;

        public int Load(IReadOnlyList<TimetableUnit> units, int teacher)
        {
            _load ??= units.SelectMany(u => u.Sessions.Select(s => (s.TeacherId, u.Hours)))
                .GroupBy(x => x.TeacherId).ToDictionary(g => g.Key, g => g.Sum(x => x.Hours));
            return _load[teacher];
        }

        public bool PeopleFree(TimetableUnit u, int day, int number) =>
            u.Sessions.All(s => !Teachers.Contains((s.TeacherId, day, number))
                && (s.RoomId is null || !Rooms.Contains((s.RoomId.Value, day, number))));

        public int OnDay(TimetableUnit u, int day) => Placed.Count(p => ReferenceEquals(p.Unit, u) && p.Day == day);

        public void Put(TimetableUnit u, int day, int number)
        {
            foreach (var s in u.Sessions)
            {
                Teachers.Add((s.TeacherId, day, number));
                if (s.RoomId is { } r) Rooms.Add((r, day, number));
            }
            if (u.TakesClasses)
                foreach (var c in u.ClassIds) ClassCells[(c, day, number)] = u;
            Placed.Add((u, day, number));
        }

        public void Remove(TimetableUnit u, int day, int number)
        {
            foreach (var s in u.Sessions)
            {
                Teachers.Remove((s.TeacherId, day, number));
                if (s.RoomId is { } r) Rooms.Remove((r, day, number));
            }
            if (u.TakesClasses)
                foreach (var c in u.ClassIds) ClassCells.Remove((c, day, number));
            Placed.RemoveAt(Placed.FindIndex(p => ReferenceEquals(p.Unit, u) && p.Day == day && p.Number == number));
        }
    }

    private static int MaxPerDay(TimetableUnit u, int days) => (u.Hours + days - 1) / days;

    private static bool PlaceRegular(State st, TimetableUnit unit, IReadOnlyDictionary<int, int> maxNumber, Random rng)
    {
        var cls = unit.ClassIds[0];
        var len = st.DayLength[cls];
        var limit = MaxPerDay(unit, st.Days);
        var best = (Day: 0, Number: 0, Score: double.MinValue);
        for (var d = 1; d <= st.Days; d++)
        {
            if (st.OnDay(unit, d) >= limit) continue;
            var free = 0;
            for (var n = 1; n <= len[d - 1]; n++) if (!st.ClassCells.ContainsKey((cls, d, n))) free++;
            for (var n = 1; n <= len[d - 1]; n++)
            {
                if (st.ClassCells.ContainsKey((cls, d, n)) || !st.PeopleFree(unit, d, n)) continue;
                var score = free + rng.NextDouble();
                if (score > best.Score) best = (d, n, score);
            }
        }
        if (best.Day > 0)
        {
            st.Put(unit, best.Day, best.Number);
            return true;
        }

        // Repair: move another lesson of the class out of a cell this unit could take.
        for (var d = 1; d <= st.Days; d++)
        {
            if (st.OnDay(unit, d) >= limit) continue;
            for (var n = 1; n <= len[d - 1]; n++)
            {
                if (!st.ClassCells.TryGetValue((cls, d, n), out var other) || other.Extra || other.ClassIds.Count != 1) continue;
                st.Remove(other, d, n);
                if (st.PeopleFree(unit, d, n))
                {
                    st.Put(unit, d, n);
                    if (TryMove(st, other, cls, len)) return true;
                    st.Remove(unit, d, n);
                }
                st.Put(other, d, n);
            }
        }

        // Last resort: a longer day for the class (within its bell schedule).
        for (var d = 1; d <= st.Days; d++)
        {
            if (st.OnDay(unit, d) >= limit) continue;
            var n = len[d - 1] + 1;
            if (n > maxNumber[cls]) continue;
            if (!st.PeopleFree(unit, d, n)) continue;
            len[d - 1] = n;
            st.Put(unit, d, n);
            return true;
        }
        return false;
    }

    private static bool TryMove(State st, TimetableUnit unit, int cls, int[] len)
    {
        var limit = MaxPerDay(unit, st.Days);
        for (var d = 1; d <= st.Days; d++)
        {
            if (st.OnDay(unit, d) >= limit) continue;
            for (var n = 1; n <= len[d - 1]; n++)
            {
                if (st.ClassCells.ContainsKey((cls, d, n)) || !st.PeopleFree(unit, d, n)) continue;
                st.Put(unit, d, n);
                return true;
            }
        }
        return false;
    }

    private static bool PlaceExtra(State st, TimetableUnit unit, IReadOnlyDictionary<int, int> maxNumber)
    {
        var candidates = new List<(int Day, int Number)>();
        for (var d = 1; d <= st.Days; d++)
        {
            if (st.OnDay(unit, d) > 0) continue;
            var n = unit.ClassIds.Max(c => LastTaken(st, c, d)) + 1;
            for (; n <= unit.ClassIds.Min(c => maxNumber[c]); n++)
                if (unit.ClassIds.All(c => !st.ClassCells.ContainsKey((c, d, n))) && st.PeopleFree(unit, d, n))
                {
                    candidates.Add((d, n));
                    break;
                }
        }
        if (candidates.Count == 0) return false;
        var (day, number) = candidates.OrderBy(c => c.Number).ThenBy(c => c.Day).First();
        st.Put(unit, day, number);
        return true;
    }

    private static int LastTaken(State st, int cls, int day)
    {
        var last = 0;
        for (var n = 1; n <= 10; n++) if (st.ClassCells.ContainsKey((cls, day, n))) last = n;
        return last;
    }
}
