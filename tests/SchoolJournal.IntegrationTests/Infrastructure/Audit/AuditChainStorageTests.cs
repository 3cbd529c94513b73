using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.IntegrationTests.Infrastructure.Audit;

/// <summary>The stored chain on the real database: concurrent writers and the <c>verify</c> check (decision record 0005).</summary>
public sealed class AuditChainStorageTests : IDisposable
{
    private readonly JournalApp _app = new();
    private readonly string _anchors = Path.Combine(Path.GetTempPath(), "sj_anchors_" + Guid.NewGuid().ToString("N")[..12]);

    public AuditChainStorageTests() => _app.Settings["Audit:AnchorDirectory"] = _anchors;

    public void Dispose()
    {
        _app.Dispose();
        if (Directory.Exists(_anchors)) Directory.Delete(_anchors, recursive: true);
    }

    private Task<int> SchoolAsync() => _app.SeedAsync(async b => (await b.SchoolAsync()).Id);

    private async Task RecordAsync(int school, int markId, string value)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        await audit.RecordAsync(AuditEventType.MarkCreated, "mark", markId, null, new { value }, schoolId: school);
        await audit.SaveAsync();
    }

    private async Task<IReadOnlyList<AuditVerifier.SchoolReport>> VerifyAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync();
    }

    private async Task SqlAsync(Func<JournalDbContext, Task> change)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await change(scope.ServiceProvider.GetRequiredService<JournalDbContext>());
    }

    [Fact]
    public async Task Twenty_writers_reading_the_same_head_all_land_in_one_unbroken_chain()
    {
        var school = await SchoolAsync();
        const int writers = 20;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = 0;

        async Task WriteAsync(int n)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            // A change of the same unit of work: it must land exactly once, whatever the retries.
            db.Rooms.Add(new Room { SchoolId = school, Number = $"{100 + n}" });
            await audit.RecordAsync(AuditEventType.MarkCreated, "mark", n, null, new { value = "5" }, schoolId: school);
            // Everyone has read the same chain head before anyone saves.
            if (Interlocked.Increment(ref ready) == writers) gate.SetResult();
            await gate.Task;
            await audit.SaveAsync();
        }

        await Task.WhenAll(Enumerable.Range(1, writers).Select(n => Task.Run(() => WriteAsync(n))));

        var report = Assert.Single(await VerifyAsync());
        Assert.Empty(report.Problems);
        Assert.Equal(writers, report.Count);
        Assert.Equal(writers, report.HeadSequence);
        await SqlAsync(async db =>
        {
            Assert.Equal(writers, await db.Rooms.IgnoreQueryFilters().CountAsync(r => r.SchoolId == school));
            var marks = await db.AuditEvents.IgnoreQueryFilters().Select(e => e.EntityId).ToListAsync();
            Assert.Equal(Enumerable.Range(1, writers).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
                marks.Order());
        });
    }

    [Fact]
    public async Task Verify_finds_an_intact_chain_and_writes_its_head_outside_the_database()
    {
        var school = await SchoolAsync();
        for (var n = 1; n <= 5; n++) await RecordAsync(school, n, "4");

        var report = Assert.Single(await VerifyAsync());

        Assert.True(report.IsIntact, string.Join("; ", report.Problems));
        Assert.Equal(5, report.Count);
        var anchor = File.ReadAllLines(Path.Combine(_anchors, $"{school}.log")).Single();
        // Time, sequence, hash, and the line's HMAC under the anchor key (decision record 0012).
        Assert.Matches($" 5 {report.HeadHash} [0-9a-f]{{64}}$", anchor);
    }

    [Fact]
    public async Task Verify_fails_when_a_stored_event_is_edited()
    {
        var school = await SchoolAsync();
        for (var n = 1; n <= 5; n++) await RecordAsync(school, n, "2");

        var forged = """{"value":"5"}""";
        await SqlAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE \"AuditEvents\" SET \"After\" = {forged} WHERE \"SchoolId\" = {school} AND \"Sequence\" = {3}"));

        var report = Assert.Single(await VerifyAsync());
        Assert.Equal(["событие № 3 изменено после записи"], report.Problems);
    }

    [Fact]
    public async Task Verify_fails_when_an_event_in_the_middle_is_deleted()
    {
        var school = await SchoolAsync();
        for (var n = 1; n <= 5; n++) await RecordAsync(school, n, "3");

        await SqlAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEvents\" WHERE \"SchoolId\" = {school} AND \"Sequence\" = {2}"));

        var report = Assert.Single(await VerifyAsync());
        Assert.Equal(["после события № 1 пропущены события"], report.Problems);
    }

    [Fact]
    public async Task Verify_fails_when_the_newest_events_are_deleted_after_an_earlier_check()
    {
        var school = await SchoolAsync();
        for (var n = 1; n <= 5; n++) await RecordAsync(school, n, "3");
        Assert.True(Assert.Single(await VerifyAsync()).IsIntact);

        await SqlAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEvents\" WHERE \"SchoolId\" = {school} AND \"Sequence\" >= {4}"));

        var report = Assert.Single(await VerifyAsync());
        var problem = Assert.Single(report.Problems);
        Assert.StartsWith("удалены последние события: проверка ", problem, StringComparison.Ordinal);
        Assert.EndsWith("видела событие № 5, его больше нет", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_written_after_a_check_keep_the_chain_intact()
    {
        var school = await SchoolAsync();
        await RecordAsync(school, 1, "5");
        await VerifyAsync();
        await RecordAsync(school, 2, "4");

        var report = Assert.Single(await VerifyAsync());

        Assert.True(report.IsIntact, string.Join("; ", report.Problems));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_anchors, $"{school}.log")).Length);
    }
}
