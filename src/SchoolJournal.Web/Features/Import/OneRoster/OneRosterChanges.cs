using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Import.OneRoster;

/// <summary>
/// What a confirmed OneRoster import wrote, kept on its <see cref="ImportBatch"/> so «Отменить импорт» takes back exactly that: every
/// row it added (entity and key) and every row it changed (the changed columns before and after). Read from EF's change tracker at the
/// save, so a new kind of row the import learns to write is covered without a list to keep up to date.
/// </summary>
public sealed class OneRosterChanges
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public List<RowRef> Added { get; set; } = [];
    public List<RowChange> Modified { get; set; } = [];
    /// <summary>The import's counts (created, changed, unchanged, closed) per kind of row, for the list of imports.</summary>
    public Dictionary<string, int[]> Counts { get; set; } = [];

    /// <summary>A row by its entity type's name and its key's values as text.</summary>
    public sealed record RowRef(string Entity, List<string?> Key);

    public sealed record RowChange(string Entity, List<string?> Key, Dictionary<string, string?> Before, Dictionary<string, string?> After);

    /// <summary>
    /// A value as text the way the database gives it back: an instant in UTC to the microsecond (PostgreSQL keeps no finer), so the undo's
    /// «changed since?» check does not mistake a re-read timestamp for a person's change.
    /// </summary>
    public static string? Text(object? value) =>
        ImportWriter.Text(value is DateTimeOffset t ? t.ToUniversalTime().AddTicks(-(t.Ticks % 10)) : value);

    public static OneRosterChanges Read(string? json) => JsonSerializer.Deserialize<OneRosterChanges>(json ?? "{}", Json) ?? new();

    /// <summary>The ids of the added rows of one type (single integer keys).</summary>
    public List<int> AddedIds<T>() => [.. Added.Where(a => a.Entity == typeof(T).FullName && a.Key.Count == 1)
        .Select(a => int.Parse(a.Key[0]!, CultureInfo.InvariantCulture))];

    /// <summary>
    /// Collects the tracked additions and changes before each save (a changed row's original values are gone after it); the added
    /// rows' keys are read at the end, when the database has given them.
    /// </summary>
    public sealed class Recorder
    {
        private readonly JournalDbContext _db;
        private readonly List<EntityEntry> _added = [];
        private readonly List<RowChange> _modified = [];

        public Recorder(JournalDbContext db)
        {
            _db = db;
            Capture();
        }

        public void Capture()
        {
            foreach (var e in _db.ChangeTracker.Entries().ToList())
            {
                if (e.State == EntityState.Added && !_added.Contains(e)) _added.Add(e);
                else if (e.State == EntityState.Modified)
                {
                    var changed = e.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).ToList();
                    if (changed.Count == 0) continue;
                    _modified.Add(new RowChange(e.Metadata.Name, Key(e),
                        changed.ToDictionary(p => p.Metadata.Name, p => Text(p.OriginalValue)),
                        changed.ToDictionary(p => p.Metadata.Name, p => Text(p.CurrentValue))));
                }
            }
        }

        public string Json(IEnumerable<ImportCount> counts) => JsonSerializer.Serialize(new OneRosterChanges
        {
            Added = [.. _added.Where(e => e.Metadata.ClrType != typeof(ImportBatch)).Select(e => new RowRef(e.Metadata.Name, Key(e)))],
            Modified = _modified,
            Counts = counts.ToDictionary(c => c.What, c => new[] { c.Created, c.Changed, c.Unchanged, c.Closed }),
        }, OneRosterChanges.Json);

        private static List<string?> Key(EntityEntry e) =>
            [.. e.Metadata.FindPrimaryKey()!.Properties.Select(p => ImportWriter.Text(e.Property(p.Name).CurrentValue))];
    }
}
