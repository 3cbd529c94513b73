using SchoolJournal.Web.Infrastructure.ReadModels;

namespace SchoolJournal.Tests.Infrastructure;

/// <summary>The read cache's one rule: an entry is served only while none of what it was read from changed after it was read.</summary>
public sealed class ReadCacheTests
{
    [Fact]
    public async Task An_entry_is_served_until_one_of_its_rows_is_bumped()
    {
        using var cache = new ReadCache();
        var builds = 0;
        Task<(string, IEnumerable<long>)> Build() => Task.FromResult(($"v{++builds}", (IEnumerable<long>)[ReadDep.Lesson(7)]));

        Assert.Equal("v1", await cache.GetOrBuildAsync("k", 1, Build));
        Assert.Equal("v1", await cache.GetOrBuildAsync("k", 1, Build));
        cache.Bump([ReadDep.Lesson(8), ReadDep.Student(7), ReadDep.Group(7)]); // other rows, other kinds with the same id
        Assert.Equal("v1", await cache.GetOrBuildAsync("k", 1, Build));
        cache.Bump([ReadDep.Lesson(7)]);
        Assert.Equal("v2", await cache.GetOrBuildAsync("k", 1, Build));
        cache.Bump([ReadDep.School(1)]);
        Assert.Equal("v3", await cache.GetOrBuildAsync("k", 1, Build));
        cache.Bump([ReadDep.School(2)]);
        Assert.Equal("v3", await cache.GetOrBuildAsync("k", 1, Build));
        cache.Flush();
        Assert.Equal("v4", await cache.GetOrBuildAsync("k", 1, Build));
    }

    [Fact]
    public async Task A_value_read_while_its_row_changed_is_handed_out_but_not_kept()
    {
        using var cache = new ReadCache();
        var builds = 0;
        // The write commits (and bumps) after the read's queries started: what they read may be the old value.
        var first = await cache.GetOrBuildAsync("k", 1, () =>
        {
            builds++;
            cache.Bump([ReadDep.Student(3)]);
            return Task.FromResult(("old", (IEnumerable<long>)[ReadDep.Student(3)]));
        });
        var second = await cache.GetOrBuildAsync("k", 1, () => Task.FromResult(($"new{++builds}", (IEnumerable<long>)[ReadDep.Student(3)])));
        var third = await cache.GetOrBuildAsync("k", 1, () => Task.FromResult(($"newer{++builds}", (IEnumerable<long>)[ReadDep.Student(3)])));

        Assert.Equal(("old", "new2", "new2"), (first, second, third));
    }

    [Fact]
    public async Task A_flush_during_a_read_keeps_nothing_read_before_it()
    {
        using var cache = new ReadCache();
        await cache.GetOrBuildAsync("k", 1, () =>
        {
            cache.Flush();
            return Task.FromResult(("before", (IEnumerable<long>)[]));
        });
        Assert.False(cache.TryGet<string>("k", out _));
    }
}
