using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Tests.Infrastructure.Audit;

public sealed class AuditChainTests
{
    /// <summary>A chain of <paramref name="count"/> mark events, linked as AuditLog links them.</summary>
    private static List<AuditEvent> Chain(int count)
    {
        var events = new List<AuditEvent>();
        var previous = AuditLog.Genesis;
        for (var n = 1; n <= count; n++)
        {
            var e = new AuditEvent
            {
                SchoolId = 1, Sequence = n, At = new DateTimeOffset(2026, 11, 23, 9, n, 0, TimeSpan.Zero),
                Type = AuditEventType.MarkCreated, ActorUserId = "u1", ActorName = "Смирнова Анна Викторовна",
                Entity = "mark", EntityId = n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                After = $$"""{"value":"{{n % 5 + 1}}"}""", PreviousHash = previous, Hash = "",
            };
            e.Hash = previous = AuditLog.HashOf(e);
            events.Add(e);
        }
        return events;
    }

    [Fact]
    public void An_intact_chain_has_no_problems()
    {
        var chain = AuditChain.Of(Chain(20));

        Assert.True(chain.IsIntact);
        Assert.Equal(20, chain.Count);
        Assert.Equal(20, chain.HeadSequence);
    }

    [Fact]
    public void An_empty_chain_is_intact()
    {
        var chain = AuditChain.Of([]);

        Assert.True(chain.IsIntact);
        Assert.Equal(AuditLog.Genesis, chain.HeadHash);
    }

    [Fact]
    public void An_edited_field_is_detected()
    {
        var events = Chain(20);
        events[16].After = """{"value":"5"}""";

        var chain = AuditChain.Of(events);

        Assert.Equal(["событие № 17 изменено после записи"], chain.Problems);
    }

    [Fact]
    public void An_edit_with_a_recomputed_hash_breaks_the_link_to_the_next_event()
    {
        var events = Chain(20);
        events[18].ActorName = "Петров Олег Иванович";
        events[18].Hash = AuditLog.HashOf(events[18]);

        var chain = AuditChain.Of(events);

        Assert.Equal(["цепочка нарушена перед событием № 20"], chain.Problems);
    }

    [Fact]
    public void A_deleted_middle_event_is_detected()
    {
        var events = Chain(20);
        events.RemoveAt(16);

        var chain = AuditChain.Of(events);

        Assert.Equal(["после события № 16 пропущены события"], chain.Problems);
    }

    [Fact]
    public void A_deleted_first_event_is_detected()
    {
        var events = Chain(5);
        events.RemoveAt(0);

        Assert.Equal(["в начале цепочки пропущены события (первое сохранённое — № 2)"], AuditChain.Of(events).Problems);
    }

    [Fact]
    public void Deleting_the_newest_events_leaves_the_chain_itself_intact()
    {
        var events = Chain(20);
        events.RemoveRange(17, 3);

        Assert.True(AuditChain.Of(events).IsIntact);
    }

    [Fact]
    public void Deleting_the_newest_events_is_detected_by_the_anchor_of_an_earlier_check()
    {
        var events = Chain(20);
        var anchor = new AuditAnchor(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero), 20, events[19].Hash);
        events.RemoveRange(17, 3);

        var chain = AuditChain.Of(events, anchor);

        Assert.Equal(["удалены последние события: проверка 23.11.2026 15:00 UTC видела событие № 20, его больше нет"], chain.Problems);
    }

    [Fact]
    public void A_chain_grown_since_the_anchor_is_intact()
    {
        var events = Chain(20);
        var anchor = new AuditAnchor(DateTimeOffset.UnixEpoch, 12, events[11].Hash);

        Assert.True(AuditChain.Of(events, anchor).IsIntact);
    }

    [Fact]
    public void A_chain_rebuilt_after_the_anchor_is_detected()
    {
        var anchor = new AuditAnchor(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero), 12, Chain(20)[11].Hash);
        var rebuilt = Chain(20);
        rebuilt[11].After = """{"value":"2"}""";
        var previous = rebuilt[10].Hash;
        foreach (var e in rebuilt.Skip(11))
        {
            e.PreviousHash = previous;
            e.Hash = previous = AuditLog.HashOf(e);
        }

        var chain = AuditChain.Of(rebuilt, anchor);

        Assert.Equal(["событие № 12 не совпадает с тем, что видела проверка 23.11.2026 15:00 UTC"], chain.Problems);
    }
}
