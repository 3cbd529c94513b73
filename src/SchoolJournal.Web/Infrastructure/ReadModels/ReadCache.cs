using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace SchoolJournal.Web.Infrastructure.ReadModels;

/// <summary>
/// What a cached read model was built from, as one number: the kind of row (<see cref="ReadDep"/>) and its id. A save
/// that touches such a row "bumps" the number (<see cref="ReadCacheInterceptor"/>), and every entry built from it before
/// the bump is stale from then on.
/// </summary>
public static class ReadDep
{
    private enum Kind : long { School = 1, Student = 2, Lesson = 3, Group = 4, Daily = 5 }

    private static long Of(Kind kind, int id) => ((long)kind << 32) | (uint)id;

    /// <summary>Anything of the school not listed below: its structure, people, rules. Every entry depends on it.</summary>
    public static long School(int id) => Of(Kind.School, id);

    /// <summary>A student's own rows: his marks, absences, period grades, the class teacher's daily marks, messages to him.</summary>
    public static long Student(int id) => Of(Kind.Student, id);

    /// <summary>A lesson's row and what hangs on it: marks, attendance, homework, its files and students, changes.</summary>
    public static long Lesson(int id) => Of(Kind.Lesson, id);

    /// <summary>A group's lessons as a set (one added, moved, cancelled), its period grades, locks and messages.</summary>
    public static long Group(int id) => Of(Kind.Group, id);

    /// <summary>The class teacher's daily absence marks of a student (the grid folds them into each lesson of the day).</summary>
    public static long Daily(int id) => Of(Kind.Daily, id);
}

/// <summary>
/// Read models of the hot pages (the diary week, the journal grid, the access sets behind them) kept in memory and
/// dropped by the saves that change what they were built from — never by a timer (issue 16). Correctness rests on one
/// counter: an entry remembers the generation read <em>before</em> its queries ran, a bump takes a new generation
/// <em>after</em> its transaction committed, and an entry is served only while none of its dependencies was bumped
/// after it was built. A bump on another node arrives through <see cref="ReadCacheBus"/> (Redis); without Redis the
/// app is one node. Sizes: at most <see cref="Capacity"/> entries, the least used dropped first.
/// </summary>
public sealed class ReadCache(bool keeps = true) : IDisposable
{
    public const int Capacity = 20_000;

    /// <summary>
    /// Builds every time and keeps nothing: for what reads a replica (decision 0019), whose lag would make a model built after a
    /// write's bump look fresh while it holds the data from before it.
    /// </summary>
    public static readonly ReadCache Nothing = new(keeps: false);

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });
    private readonly ConcurrentDictionary<long, long> _bumped = new();
    private long _generation = 1;
    private long _flushedAt;
    private long _hits, _misses, _stale;

    private sealed record Entry(object Value, long Built, long[] Deps);

    public long Generation => Interlocked.Read(ref _generation);

    public (long Hits, long Misses, long Stale, int Entries) Counters =>
        (Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _stale), (int)_entries.Count);

    private sealed record Build(Task Value, long StartedAt);

    private readonly ConcurrentDictionary<object, Build> _building = new();

    /// <summary>
    /// The cached value of <paramref name="key"/>, or the one <paramref name="build"/> makes now (it returns the value and
    /// the dependencies it was read from; the school's own is added here). A value built while a dependency was bumped is
    /// handed out but not kept. Readers who miss the same key at once wait for one build instead of each running the queries
    /// (a grid dropped by a mark is wanted by everyone reading it) — but only while nothing was bumped since that build began,
    /// so a reader who comes after a write never gets a value read before it.
    /// </summary>
    public async Task<T> GetOrBuildAsync<T>(object key, int schoolId, Func<Task<(T Value, IEnumerable<long> Deps)>> build)
        where T : notnull
    {
        if (TryGet<T>(key, out var cached)) return cached;
        var started = Generation;
        var mine = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _building.GetOrAdd(key, new Build(mine.Task, started));
        if (running.Value != mine.Task)
        {
            if (running.StartedAt == started && running.Value is Task<T> shared)
            {
                try
                {
                    return await shared;
                }
                catch (OperationCanceledException)
                {
                    // The reader who built it went away (or failed): this one reads for itself.
                }
            }
            return await BuildAsync(key, schoolId, started, build);
        }
        try
        {
            var value = await BuildAsync(key, schoolId, started, build);
            mine.SetResult(value);
            return value;
        }
        catch
        {
            mine.SetCanceled();
            throw;
        }
        finally
        {
            _building.TryRemove(new KeyValuePair<object, Build>(key, running));
        }
    }

    private async Task<T> BuildAsync<T>(object key, int schoolId, long started, Func<Task<(T Value, IEnumerable<long> Deps)>> build)
        where T : notnull
    {
        var (value, deps) = await build();
        Set(key, value, started, [ReadDep.School(schoolId), .. deps]);
        return value;
    }

    public bool TryGet<T>(object key, out T value)
    {
        if (_entries.TryGetValue(key, out var o) && o is Entry e && e.Value is T v)
        {
            if (Fresh(e))
            {
                Interlocked.Increment(ref _hits);
                value = v;
                return true;
            }
            Interlocked.Increment(ref _stale);
            _entries.Remove(key);
        }
        Interlocked.Increment(ref _misses);
        value = default!;
        return false;
    }

    /// <summary>Keeps a value built from the data as it stood at generation <paramref name="built"/>.</summary>
    public void Set(object key, object value, long built, long[] deps)
    {
        var entry = new Entry(value, built, deps);
        if (!keeps || !Fresh(entry)) return;
        _entries.Set(key, entry, new MemoryCacheEntryOptions { Size = 1 });
    }

    private bool Fresh(Entry e)
    {
        if (e.Built < Interlocked.Read(ref _flushedAt)) return false;
        foreach (var dep in e.Deps)
            if (_bumped.TryGetValue(dep, out var at) && at > e.Built) return false;
        return true;
    }

    /// <summary>Marks these rows changed: every entry built from one of them before now is stale.</summary>
    public void Bump(IEnumerable<long> deps)
    {
        foreach (var dep in deps)
        {
            var at = Interlocked.Increment(ref _generation);
            _bumped[dep] = at;
        }
        // A node that ran for months keeps one number per row ever changed; past a million it starts afresh.
        if (_bumped.Count > 1_000_000) Flush();
    }

    /// <summary>Everything is stale: a change the cache cannot place (a login's roles, a bulk import, a lost Redis link).</summary>
    public void Flush()
    {
        var at = Interlocked.Increment(ref _generation);
        Interlocked.Exchange(ref _flushedAt, at);
        _entries.Compact(1.0);
        _bumped.Clear();
    }

    public void Dispose() => _entries.Dispose();
}
