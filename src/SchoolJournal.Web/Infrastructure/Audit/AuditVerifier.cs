using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure.Audit;

/// <summary>
/// The <c>verify</c> command: checks every school's audit chain (<see cref="AuditChain"/>) and compares it with
/// the head the previous check saw, kept in an append-only file outside the database
/// (<c>Audit:AnchorDirectory</c>, by default data/audit-anchors/&lt;school&gt;.log). An intact chain's head is
/// appended there, so deleting the newest events is caught by the next check (decision record 0005).
/// </summary>
public sealed class AuditVerifier(JournalDbContext db, IConfiguration config, IHostEnvironment env, TimeProvider time)
{
    public sealed record SchoolReport(int SchoolId, string SchoolName, long Count, long HeadSequence, string HeadHash, IReadOnlyList<string> Problems)
    {
        public bool IsIntact => Problems.Count == 0;
    }

    public string AnchorDirectory =>
        config["Audit:AnchorDirectory"] is { Length: > 0 } dir ? dir : Path.Combine(env.ContentRootPath, "data", "audit-anchors");

    public async Task<IReadOnlyList<SchoolReport>> VerifyAsync(CancellationToken ct = default)
    {
        var names = await db.Schools.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var withEvents = await db.AuditEvents.IgnoreQueryFilters().Select(e => e.SchoolId).Distinct().ToListAsync(ct);
        var reports = new List<SchoolReport>();
        foreach (var school in names.Keys.Union(withEvents).Order())
        {
            var anchor = ReadAnchor(school);
            var chain = new AuditChain(anchor);
            await foreach (var e in db.AuditEvents.IgnoreQueryFilters().AsNoTracking()
                               .Where(e => e.SchoolId == school).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
                chain.Add(e);
            var report = new SchoolReport(school, names.GetValueOrDefault(school, "(школа удалена)"), chain.Count, chain.HeadSequence, chain.HeadHash,
                chain.Problems);
            if (report.IsIntact && chain.Count > 0 && (anchor is null || anchor.Sequence != chain.HeadSequence))
                WriteAnchor(school, new AuditAnchor(time.GetUtcNow(), chain.HeadSequence, chain.HeadHash));
            reports.Add(report);
        }
        return reports;
    }

    private string AnchorFile(int school) => Path.Combine(AnchorDirectory, school.ToString(CultureInfo.InvariantCulture) + ".log");

    /// <summary>The last line: «2026-11-23T09:00:00.0000000+00:00 17 &lt;hash&gt;».</summary>
    private AuditAnchor? ReadAnchor(int school)
    {
        var file = AnchorFile(school);
        if (!File.Exists(file)) return null;
        var last = File.ReadLines(file).LastOrDefault(l => !string.IsNullOrWhiteSpace(l));
        if (last is null) return null;
        var parts = last.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 3
            && DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var sequence)
            ? new AuditAnchor(at, sequence, parts[2])
            : throw new InvalidDataException($"Файл привязок {file} повреждён: «{last}».");
    }

    private void WriteAnchor(int school, AuditAnchor anchor)
    {
        Directory.CreateDirectory(AnchorDirectory);
        File.AppendAllText(AnchorFile(school),
            string.Create(CultureInfo.InvariantCulture, $"{anchor.CheckedAt:O} {anchor.Sequence} {anchor.Hash}\n"));
    }
}
