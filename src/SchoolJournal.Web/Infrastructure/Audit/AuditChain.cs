namespace SchoolJournal.Web.Infrastructure.Audit;

/// <summary>
/// Checks one school's audit events, fed in order of <see cref="AuditEvent.Sequence"/>: numbers 1..n without
/// gaps, each event linked to its predecessor's hash, each hash matching the event's fields. Streaming, so a
/// school's whole history is never held in memory. Problems are worded for the school's administrator.
/// </summary>
/// <param name="anchor">The head an earlier check saw, if any: deleting the newest events leaves the chain
/// itself intact, so only a record kept outside the database can show it.</param>
public sealed class AuditChain(AuditAnchor? anchor = null)
{
    private readonly List<string> _problems = [];
    private AuditEvent? _last;
    private string? _hashAtAnchor;

    public long Count { get; private set; }

    /// <summary>The last event seen: what an anchor records.</summary>
    public long HeadSequence => _last?.Sequence ?? 0;

    public string HeadHash => _last?.Hash ?? AuditLog.Genesis;

    public IReadOnlyList<string> Problems => [.. _problems, .. AnchorProblems()];

    public bool IsIntact => Problems.Count == 0;

    public static AuditChain Of(IEnumerable<AuditEvent> events, AuditAnchor? anchor = null)
    {
        var chain = new AuditChain(anchor);
        foreach (var e in events) chain.Add(e);
        return chain;
    }

    public void Add(AuditEvent e)
    {
        var expected = (_last?.Sequence ?? 0) + 1;
        if (e.Sequence > expected)
            _problems.Add(_last is null
                ? $"в начале цепочки пропущены события (первое сохранённое — № {e.Sequence})"
                : $"после события № {_last.Sequence} пропущены события");
        else if (e.Sequence < expected)
            _problems.Add($"событие № {e.Sequence} повторяется или стоит не на своём месте");
        else if (e.PreviousHash != (_last?.Hash ?? AuditLog.Genesis))
            _problems.Add($"цепочка нарушена перед событием № {e.Sequence}");

        if (AuditLog.HashOf(e) != e.Hash)
            _problems.Add($"событие № {e.Sequence} изменено после записи");

        if (anchor is not null && e.Sequence == anchor.Sequence) _hashAtAnchor = e.Hash;
        _last = e;
        Count++;
    }

    private IEnumerable<string> AnchorProblems()
    {
        if (anchor is null) yield break;
        var seen = anchor.CheckedAt.ToUniversalTime().ToString("dd.MM.yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
        if (_hashAtAnchor is null)
            yield return $"удалены последние события: проверка {seen} видела событие № {anchor.Sequence}, его больше нет";
        else if (_hashAtAnchor != anchor.Hash)
            yield return $"событие № {anchor.Sequence} не совпадает с тем, что видела проверка {seen}";
    }
}

/// <summary>A chain head seen by a check: its number and hash, kept outside the database.</summary>
public sealed record AuditAnchor(DateTimeOffset CheckedAt, long Sequence, string Hash);
