using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.IntegrationTests.Infrastructure.Audit;

/// <summary>
/// The group commit of marks on SQLite (decision 0026): the marks that come in while SQLite's one writer is busy are saved
/// together in one transaction, each with its own audit event and diary event, and a write the batch refuses fails alone.
/// SQLite only: PostgreSQL writes each mark in its request (the PostgreSQL lane filters the trait out).
/// </summary>
[Trait("Database", "Sqlite")]
public sealed class GroupCommitTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private GroupCommit Commit => _app.Services.GetRequiredService<GroupCommit>();

    private SqliteWriteGate Gate => _app.Services.GetRequiredService<SqliteWriteGate>();

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }

    /// <summary>The sizes of the group commit's transactions, as its meter records them.</summary>
    private MeterListener ListenToSizes(ConcurrentQueue<int> sizes)
    {
        var meters = _app.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "sqlite.group_commit.size" && ReferenceEquals(instrument.Meter.Scope, meters))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) => sizes.Enqueue(size));
        listener.Start();
        return listener;
    }

    /// <summary>Holds SQLite's writer, as a long write of another user would, until the returned transaction ends.</summary>
    private async Task<(AsyncServiceScope Scope, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction Tx)> HoldTheWriterAsync()
    {
        var scope = _app.Services.CreateAsyncScope();
        var tx = await scope.ServiceProvider.GetRequiredService<JournalDbContext>().Database.BeginTransactionAsync();
        return (scope, tx);
    }

    /// <summary>Stages for Орлов's marks, built straight on the batch's context as <c>RecordMark</c>'s stage is after its checks.</summary>
    private async Task<Func<int, string, GroupCommit.Stage>> OrlovsMarksAsync(JournalSchool s)
    {
        var workType = await _app.QueryAsync(db => db.WorkTypes.IgnoreQueryFilters().Where(w => w.SchoolId == s.School.Id)
            .Select(w => w.Id).FirstAsync());
        return (lessonId, value) => db =>
        {
            var mark = new Mark
            {
                SchoolId = s.School.Id, LessonId = lessonId, StudentId = s.Orlov.Id, Value = value, WorkTypeId = workType,
                CreatedAt = _app.Time.Now,
            };
            db.Marks.Add(mark);
            return () => new AuditDraft(AuditEventType.MarkCreated, "mark", mark.Id, null, value);
        };
    }

    [Fact]
    public async Task Marks_of_two_teachers_that_meet_a_busy_writer_land_in_one_transaction_each_event_naming_its_teacher()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var smirnova = await _app.ApiClientAsync("smirnova");
        var kozlov = await _app.ApiClientAsync("kozlov");
        var math = $"/api/v1/lessons/{s.MathLesson.Id}/marks";
        var earlier = (await (await smirnova.PostAsJsonAsync(math, new { studentId = s.Belov.Id, value = "3" })).JsonAsync())
            .GetProperty("id").GetInt32();
        var sizes = new ConcurrentQueue<int>();
        using var listener = ListenToSizes(sizes);

        var (scope, tx) = await HoldTheWriterAsync();
        HttpResponseMessage first, removed;
        HttpResponseMessage[] created;
        await using (scope)
        {
            // The first mark is taken at once and waits for the writer; the three after it queue behind it.
            var firstTask = smirnova.PostAsJsonAsync(math, new { studentId = s.Orlov.Id, value = "5" });
            await UntilAsync(() => Gate.Waiting == 1);
            var createdTasks = new[]
            {
                smirnova.PostAsJsonAsync(math, new { studentId = s.Orlov.Id, value = "4" }),
                kozlov.PostAsJsonAsync($"/api/v1/lessons/{s.RussianLesson.Id}/marks", new { studentId = s.Belov.Id, value = "5" }),
            };
            var removedTask = smirnova.DeleteAsync($"/api/v1/marks/{earlier}");
            await UntilAsync(() => Commit.Queued == 3);
            Assert.False(firstTask.IsCompleted);
            await tx.RollbackAsync();
            first = await firstTask;
            created = await Task.WhenAll(createdTasks);
            removed = await removedTask;
        }

        Assert.Equal([1, 3], sizes);
        Assert.All(created.Append(first), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var ids = new List<int>();
        foreach (var r in created.Prepend(first)) ids.Add((await r.JsonAsync()).GetProperty("id").GetInt32());
        var marks = await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.LessonId, m.StudentId, m.Value }).ToListAsync());
        // The queued three may come in any order: each is matched by the id its response gave.
        (int, int, int, string)[] expected =
            [(ids[0], s.MathLesson.Id, s.Orlov.Id, "5"), (ids[1], s.MathLesson.Id, s.Orlov.Id, "4"), (ids[2], s.RussianLesson.Id, s.Belov.Id, "5")];
        Assert.Equal(expected.OrderBy(m => m.Item1), marks.Select(m => (m.Id, m.LessonId, m.StudentId, m.Value)));

        var audit = await _app.AuditAsync();
        Assert.True(AuditChain.Of(audit).IsIntact);
        string Author(AuditEventType type, int id) => audit.Single(e => e.Type == type && e.EntityId == $"{id}").ActorName;
        Assert.Equal("Смирнова Анна Викторовна", Author(AuditEventType.MarkCreated, ids[0]));
        Assert.Equal("Смирнова Анна Викторовна", Author(AuditEventType.MarkCreated, ids[1]));
        Assert.Equal("Козлов Илья Петрович", Author(AuditEventType.MarkCreated, ids[2]));
        Assert.Equal("Смирнова Анна Викторовна", Author(AuditEventType.MarkDeleted, earlier));

        // The parents hear of each change: one diary event a mark, the removed one as removed.
        var diary = await _app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().Where(e => e.Kind == DiaryEventKind.Mark)
            .OrderBy(e => e.Id).Select(e => new { e.StudentId, e.LessonId, e.Value, e.Removed }).ToListAsync());
        Assert.Equal(5, diary.Count);
        Assert.Equal(((int?)s.Belov.Id, (int?)s.MathLesson.Id), diary.Where(e => e.Removed).Select(e => (e.StudentId, e.LessonId)).Single());
        Assert.Equal(["3", "4", "5", "5"], diary.Where(e => !e.Removed).Select(e => e.Value!).Order());
    }

    [Fact]
    public async Task A_write_the_batch_refuses_fails_alone_and_the_others_land()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var actor = new AuditActor(s.School.Id, null, "проверка", null);
        var markFor = await OrlovsMarksAsync(s);

        var (scope, tx) = await HoldTheWriterAsync();
        Task firstTask;
        Task[] rest;
        await using (scope)
        {
            firstTask = Commit.WriteAsync(actor, markFor(s.MathLesson.Id, "5"));
            await UntilAsync(() => Gate.Waiting == 1);
            // A lesson that does not exist: the foreign key refuses the batch that carries it.
            rest = [Commit.WriteAsync(actor, markFor(s.MathLesson.Id, "4")), Commit.WriteAsync(actor, markFor(999_999, "3")),
                Commit.WriteAsync(actor, markFor(s.MathLesson.Id, "2"))];
            await UntilAsync(() => Commit.Queued == 3);
            await tx.RollbackAsync();
            await firstTask;
            await rest[0];
            await Assert.ThrowsAsync<DbUpdateException>(() => rest[1]);
            await rest[2];
        }

        Assert.Equal(["5", "4", "2"],
            await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().OrderBy(m => m.Id).Select(m => m.Value).ToListAsync()));
        var audit = await _app.AuditAsync();
        Assert.Equal(["\"5\"", "\"4\"", "\"2\""], audit.Where(e => e.Type == AuditEventType.MarkCreated).Select(e => e.After!));
        Assert.True(AuditChain.Of(audit).IsIntact);
        Assert.Equal(3, await _app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().CountAsync(e => e.Kind == DiaryEventKind.Mark)));
    }

    [Fact]
    public async Task A_request_that_leads_a_batch_lends_it_neither_its_user_nor_its_school()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var five = (await OrlovsMarksAsync(s))(s.MathLesson.Id, "5");
        // The writer is free, so the write is saved on the calling flow, which here is a signed-in teacher's request.
        var accessor = _app.Services.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, "teacher"), new Claim(JournalClaims.School, $"{s.School.Id}")], "test")),
        };
        var seen = (School: (int?)-1, Request: true);
        try
        {
            await Commit.WriteAsync(new AuditActor(s.School.Id, null, "проверка", null), db =>
            {
                seen = (db.CurrentSchoolId, accessor.HttpContext is not null);
                return five(db);
            });
        }
        finally
        {
            accessor.HttpContext = null;
        }

        // A batch may carry other schools' writes: its context filters no school and knows no user.
        Assert.Equal(((int?)null, false), seen);
        Assert.Equal("проверка", (await _app.AuditAsync()).Single(e => e.Type == AuditEventType.MarkCreated).ActorName);
    }
}
