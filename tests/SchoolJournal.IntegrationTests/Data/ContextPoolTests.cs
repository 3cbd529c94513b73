using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Data;

/// <summary>
/// The request's context comes from a pool (issue 16): a context a request gave back is the next request's, and nothing the last
/// lease set on it may carry over into the next one.
/// </summary>
public sealed class ContextPoolTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_context_disposed_once_for_each_registration_never_goes_back_under_another_requests_lease()
    {
        _ = _app.Server;
        await using var first = _app.Services.CreateAsyncScope();
        var db = first.ServiceProvider.GetRequiredService<JournalDbContext>();
        Assert.Same(db, first.ServiceProvider.GetRequiredService(db.GetType()));
        Assert.Equal(0, await db.Schools.CountAsync());

        // What DI does at a scope's end to a context it resolved through two registrations (its own type and JournalDbContext):
        // one disposal for each. Under load another request can lease from the pool between them.
        await db.DisposeAsync();
        await using var second = _app.Services.CreateAsyncScope();
        var other = second.ServiceProvider.GetRequiredService<JournalDbContext>();
        await db.DisposeAsync();

        // Before the mend the first disposal gave the context back, the second request leased it, and the second disposal marked it
        // disposed under that request: "Cannot access a disposed context instance".
        Assert.NotSame(db, other);
        Assert.Equal(0, await other.Schools.CountAsync());
        Assert.Equal(0, await db.Schools.CountAsync());
    }

    [Fact]
    public async Task A_context_whose_last_lease_suppressed_diary_events_writes_them_for_the_next_request()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        using var teacher = await _app.ApiClientAsync("smirnova");

        // Every context the pool holds is leased at once and given back with the seeder's setting on (more leases than the pool
        // has contexts, so the pool makes the rest, and all of them go back to it).
        var leased = new HashSet<JournalDbContext>(ReferenceEqualityComparer.Instance);
        var scopes = Enumerable.Range(0, 32).Select(_ => _app.Services.CreateAsyncScope()).ToList();
        foreach (var scope in scopes)
        {
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            db.SuppressDiaryEvents = true;
            leased.Add(db);
        }
        foreach (var scope in scopes) await scope.DisposeAsync();
        Assert.Equal(32, leased.Count);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var next = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            Assert.Contains(next, leased);
            Assert.False(next.SuppressDiaryEvents);
        }

        // The teacher's mark, written through one of those contexts, is the parents' news.
        var before = await DiaryEventsAsync();
        var posted = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
            new { studentId = s.Orlov.Id, value = "5" });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(before + 1, await DiaryEventsAsync());
    }

    private async Task<int> DiaryEventsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JournalDbContext>().DiaryEvents.IgnoreQueryFilters().CountAsync();
    }
}
