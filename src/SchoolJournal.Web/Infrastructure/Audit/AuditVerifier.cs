using System.Security.Cryptography;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure.Audit;

/// <summary>
/// The <c>verify</c> command: checks every school's audit chain (<see cref="AuditChain"/>) and compares it with
/// the head the previous check saw, kept in an append-only file outside the database
/// (<c>Audit:AnchorDirectory</c>, by default data/audit-anchors/&lt;school&gt;.log). An intact chain's head is
/// appended there, so deleting the newest events is caught by the next check (decision record 0005). Each line is
/// signed with HMAC-SHA256 under a key kept outside the database (<see cref="AnchorKey"/>, decision record 0012), so a
/// rewritten chain cannot be matched by rewriting the anchors without the key.
/// </summary>
public sealed class AuditVerifier(JournalDbContext db, IConfiguration config, IHostEnvironment env, TimeProvider time)
{
    private readonly AnchorKey _key = new(config, env);

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
            var (anchor, anchorProblem) = ReadAnchor(school);
            var chain = new AuditChain(anchor);
            await foreach (var e in db.AuditEvents.IgnoreQueryFilters().AsNoTracking()
                               .Where(e => e.SchoolId == school).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
                chain.Add(e);
            var report = new SchoolReport(school, names.GetValueOrDefault(school, "(школа удалена)"), chain.Count, chain.HeadSequence, chain.HeadHash,
                anchorProblem is null ? chain.Problems : [anchorProblem, .. chain.Problems]);
            if (report.IsIntact && chain.Count > 0 && (anchor is null || anchor.Sequence != chain.HeadSequence))
                WriteAnchor(school, new AuditAnchor(time.GetUtcNow(), chain.HeadSequence, chain.HeadHash));
            reports.Add(report);
        }
        return reports;
    }

    private string AnchorFile(int school) => Path.Combine(AnchorDirectory, school.ToString(CultureInfo.InvariantCulture) + ".log");

    /// <summary>
    /// The last line: «2026-11-23T09:00:00.0000000+00:00 17 &lt;hash&gt; &lt;hmac&gt;». A line without its signature (written before
    /// anchors were signed) is trusted only on the run that creates the key; a forged or unsigned line is itself a problem.
    /// </summary>
    private (AuditAnchor? Anchor, string? Problem) ReadAnchor(int school)
    {
        var file = AnchorFile(school);
        if (!File.Exists(file)) return (null, null);
        var last = File.ReadLines(file).LastOrDefault(l => !string.IsNullOrWhiteSpace(l));
        if (last is null) return (null, null);
        var parts = last.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (3 or 4)
            || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var sequence))
            throw new InvalidDataException($"Файл привязок {file} повреждён: «{last}».");
        var anchor = new AuditAnchor(at, sequence, parts[2]);
        var key = _key.Get(out var created);
        if (parts.Length == 3)
            return created ? (anchor, null) : (null, $"последняя запись файла привязок {file} не подписана ключом: её дописали в обход проверки");
        return Sign(key, school, anchor) == parts[3]
            ? (anchor, null)
            : (null, $"подпись последней записи файла привязок {file} неверна: запись подделана или ключ привязок заменён");
    }

    private static string Sign(byte[] key, int school, AuditAnchor a) => Convert.ToHexStringLower(HMACSHA256.HashData(key,
        System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{school} {a.CheckedAt:O} {a.Sequence} {a.Hash}"))));

    private void WriteAnchor(int school, AuditAnchor anchor)
    {
        Directory.CreateDirectory(AnchorDirectory);
        File.AppendAllText(AnchorFile(school),
            string.Create(CultureInfo.InvariantCulture,
                $"{anchor.CheckedAt:O} {anchor.Sequence} {anchor.Hash} {Sign(_key.Get(out _), school, anchor)}\n"));
    }
}
