using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure.ReadModels;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// The hot pages' access rules as sets kept in the read cache per login (issue 16): the groups whose grid the user reads
/// and the students whose diary he reads, each the same rule as its composable query (<see cref="GridReadableGroups"/>,
/// <see cref="DiaryReadableStudents"/>), taken once and dropped by any change of the school's structure or people
/// (assignments, substitutions, class teachers, parent links, memberships all bump the school). A login's roles are in
/// its cookie or token, so the key carries the permissions the request holds.
/// </summary>
public sealed partial class AccessService
{
    public sealed record ReadableSet(bool All, IReadOnlySet<int> Ids)
    {
        public bool Contains(int id) => All || Ids.Contains(id);
    }

    private sealed record SetKey(string Rule, string UserId, Permission Permissions);

    private sealed record DatedSetKey(string Rule, string UserId, Permission Permissions, DateOnly Today);

    private static readonly ReadableSet Nothing = new(false, new HashSet<int>());

    /// <summary>The groups whose journal grid the user reads (the rule of <see cref="GridReadableGroups"/>).</summary>
    public async Task<ReadableSet> GridReadableGroupSetAsync(CancellationToken ct = default)
    {
        if (SeesWholeSchool || Has(Permission.OverseeJournals)) return new(true, Nothing.Ids);
        return await CachedSetAsync("grid", () => GridReadableGroups().Select(g => g.Id), ct);
    }

    /// <summary>The students whose diary the user reads (the rule of <see cref="DiaryReadableStudents"/>).</summary>
    public async Task<ReadableSet> DiaryReadableStudentSetAsync(CancellationToken ct = default)
    {
        if (SeesWholeSchool) return new(true, Nothing.Ids);
        return await CachedSetAsync("diary", () => DiaryReadableStudents().Select(s => s.Id), ct);
    }

    /// <summary>The groups the user writes today (the rule of <see cref="TaughtGroupsAsync"/>: a current assignment); the date is in
    /// the key.</summary>
    public async Task<ReadableSet> TaughtGroupSetAsync(CancellationToken ct = default)
    {
        if (!Has(Permission.TeachGroups) || user.Id is not string id || user.SchoolId is not int school) return Nothing;
        return await cache.GetOrBuildAsync<ReadableSet>(new DatedSetKey("taught", id, Permissions, Today()), school, async () =>
        {
            var set = (await (await TaughtGroupsAsync(ct)).Select(g => g.Id).ToListAsync(ct)).ToHashSet();
            return (new ReadableSet(false, set), Array.Empty<long>());
        });
    }

    // The rule's query is built only when the set is not in the cache: its expression tree (the rule and the filters of the
    // groups inside it) took 5 % of the diary week's CPU under load when it was built for every request (perf, issue 16).
    private async Task<ReadableSet> CachedSetAsync(string rule, Func<IQueryable<int>> ids, CancellationToken ct)
    {
        if (user.Id is not string id || user.SchoolId is not int school) return Nothing;
        return await cache.GetOrBuildAsync<ReadableSet>(new SetKey(rule, id, Permissions), school, async () =>
        {
            var set = (await ids().ToListAsync(ct)).ToHashSet();
            return (new ReadableSet(false, set), Array.Empty<long>());
        });
    }

    public sealed record OwnStudent(int Id, string LastName, string FirstName, DateOnly BirthDate);

    /// <summary>The student himself or the parent's children, eldest first (<see cref="OwnStudents"/>), cached per login.</summary>
    public async Task<IReadOnlyList<OwnStudent>> OwnStudentListAsync(CancellationToken ct = default)
    {
        if (user.Id is not string id || user.SchoolId is not int school) return [];
        if (!user.IsInRole(Roles.Student) && !user.IsInRole(Roles.Parent)) return [];
        return await cache.GetOrBuildAsync<IReadOnlyList<OwnStudent>>(new SetKey("own", id, Permissions), school, async () =>
        {
            var list = await OwnStudents().OrderBy(s => s.BirthDate).ThenBy(s => s.Id)
                .Select(s => new OwnStudent(s.Id, s.LastName, s.FirstName, s.BirthDate)).ToListAsync(ct);
            return (list, Array.Empty<long>());
        });
    }
}
