using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.IntegrationTests.Features.Archive;

/// <summary><c>verify</c> over the data (R-ARCH-4): marks and attendance against their last audit event, and the signed anchors.</summary>
public sealed class IntegrityTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Written(JournalSchool School, int OrlovMark, int BelovMark, int BelovLate, int OrlovExcused);

    /// <summary>Four audited writes through the API, events № 1–4: Орлов «4», Белов «3», Белов ОП 5 мин, Орлов У.</summary>
    private async Task<Written> WriteAsync()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");
        var marks = $"/api/v1/lessons/{s.MathLesson.Id}/marks";
        var attendance = $"/api/v1/lessons/{s.MathLesson.Id}/attendance";
        async Task<int> MarkAsync(int student, string value) =>
            (await (await client.PostAsJsonAsync(marks, new { studentId = student, value })).JsonAsync()).GetProperty("id").GetInt32();
        var orlov = await MarkAsync(s.Orlov.Id, "4");
        var belov = await MarkAsync(s.Belov.Id, "3");
        (await client.PutAsJsonAsync(attendance, new { studentId = s.Belov.Id, code = "ОП", lateMinutes = 5 })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync(attendance, new { studentId = s.Orlov.Id, code = "У" })).EnsureSuccessStatusCode();
        var rows = await _app.QueryAsync(db => db.Attendance.IgnoreQueryFilters().ToDictionaryAsync(a => a.StudentId, a => a.Id));
        return new Written(s, orlov, belov, rows[s.Belov.Id], rows[s.Orlov.Id]);
    }

    [Fact]
    public async Task Verify_names_each_mark_attendance_row_and_audit_event_changed_behind_the_apps_back()
    {
        var w = await WriteAsync();
        Assert.Empty(await _app.ProblemsAsync());

        await _app.ExecuteAsync($"UPDATE \"Marks\" SET \"Value\" = {"5"} WHERE \"Id\" = {w.OrlovMark}");
        await _app.ExecuteAsync($"DELETE FROM \"Marks\" WHERE \"Id\" = {w.BelovMark}");
        var added = await _app.SeedAsync(async b =>
        {
            var mark = new Mark { SchoolId = w.School.School.Id, LessonId = w.School.MathLesson.Id, StudentId = w.School.Belov.Id, Value = "5",
                WorkTypeId = await b.Db.WorkTypes.IgnoreQueryFilters().Where(t => t.SchoolId == w.School.School.Id).Select(t => t.Id).FirstAsync(),
                CreatedAt = b.Now };
            b.Db.Marks.Add(mark);
            await b.Db.SaveChangesAsync();
            return mark.Id;
        });
        await _app.ExecuteAsync($"UPDATE \"Attendance\" SET \"Code\" = {(int)AttendanceCode.Absent} WHERE \"Id\" = {w.BelovLate}");
        await _app.ExecuteAsync($"DELETE FROM \"Attendance\" WHERE \"Id\" = {w.OrlovExcused}");
        await _app.ExecuteAsync(
            $"UPDATE \"AuditEvents\" SET \"ActorName\" = {"Иванов И. И."} WHERE \"Sequence\" = {1} AND \"SchoolId\" = {w.School.School.Id}");

        var school = (await _app.VerifyAsync()).Schools.Single(x => x.Id == w.School.School.Id);

        Assert.Equal(
        [
            "событие № 1 изменено после записи",
            $"Отметка № {w.OrlovMark} изменена в обход приложения: в базе «5», а событие № 1 записало «4»",
            $"Отметка № {added} добавлена в обход приложения: в журнале аудита о ней нет событий",
            $"Отметка посещаемости № {w.BelovLate} изменена в обход приложения: в базе «Н», а событие № 3 записало «ОП»",
            $"Отметка № {w.BelovMark} удалена в обход приложения: по журналу аудита (событие № 2) она есть",
            $"Отметка посещаемости № {w.OrlovExcused} удалена в обход приложения: по журналу аудита (событие № 4) она есть",
        ], school.Problems);
        Assert.False((await _app.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Changes_made_through_the_app_after_a_check_keep_verify_intact()
    {
        var w = await WriteAsync();
        await _app.VerifyAsync();
        var client = await _app.ApiClientAsync("smirnova");

        (await client.PutAsJsonAsync($"/api/v1/marks/{w.OrlovMark}", new { value = "5" })).EnsureSuccessStatusCode();
        (await client.DeleteAsync($"/api/v1/marks/{w.BelovMark}")).EnsureSuccessStatusCode();
        var clear = new { studentId = w.School.Belov.Id, code = (string?)null };
        (await client.PutAsJsonAsync($"/api/v1/lessons/{w.School.MathLesson.Id}/attendance", clear)).EnsureSuccessStatusCode();

        var result = await _app.VerifyAsync();
        Assert.True(result.IsIntact, string.Join("; ", result.Schools.SelectMany(s => s.Problems)));
        Assert.Equal(7, result.Schools.Single().Events);
    }

    /// <summary>What whoever can write the database does: event № 1 changed, it and every later hash recomputed; returns the new head.</summary>
    private Task<string> RewriteChainAsync(int school) => _app.QueryAsync(async db =>
    {
        var events = await db.AuditEvents.IgnoreQueryFilters().Where(e => e.SchoolId == school).OrderBy(e => e.Sequence).ToListAsync();
        events[0].ActorName = "Иванов И. И.";
        var previous = AuditLog.Genesis;
        foreach (var e in events)
        {
            e.PreviousHash = previous;
            e.Hash = previous = AuditLog.HashOf(e);
        }
        await db.SaveChangesAsync();
        return previous;
    });

    [Fact]
    public async Task A_chain_rewritten_in_the_database_with_a_forged_anchor_line_is_caught_by_the_anchor_signature()
    {
        var w = await WriteAsync();
        await _app.VerifyAsync();
        var school = w.School.School.Id;
        var anchors = Path.Combine(_app.DataPath, "audit-anchors", $"{school}.log");
        Assert.Matches(@"^\S+ 4 [0-9a-f]{64} [0-9a-f]{64}$", File.ReadAllLines(anchors).Single());

        // Whoever can write the database and the anchor files, but has not the key: event № 1 and every later hash rewritten, the new head
        // appended as the anchor line, signed with a key of his own.
        var head = await RewriteChainAsync(school);
        var at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        File.AppendAllText(anchors, $"{at} 4 {head} {new string('a', 64)}\n");

        var problems = (await _app.VerifyAsync()).Schools.Single().Problems;

        var problem = Assert.Single(problems);
        Assert.StartsWith("подпись последней записи файла привязок ", problem, StringComparison.Ordinal);
        Assert.EndsWith("неверна: запись подделана или ключ привязок заменён", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_rewritten_in_the_database_alone_differs_from_the_signed_anchor()
    {
        var w = await WriteAsync();
        await _app.VerifyAsync();
        var school = w.School.School.Id;
        await RewriteChainAsync(school);

        var problem = Assert.Single((await _app.VerifyAsync()).Schools.Single().Problems);

        Assert.StartsWith("событие № 4 не совпадает с тем, что видела проверка ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_anchor_line_added_later_is_reported()
    {
        var w = await WriteAsync();
        await _app.VerifyAsync();
        var anchors = Path.Combine(_app.DataPath, "audit-anchors", $"{w.School.School.Id}.log");
        var head = (await _app.AuditAsync()).Last().Hash;
        File.AppendAllText(anchors, $"{DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)} 4 {head}\n");

        var problem = Assert.Single((await _app.VerifyAsync()).Schools.Single().Problems);

        Assert.EndsWith("не подписана ключом: её дописали в обход проверки", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_anchor_key_is_made_on_first_use_outside_the_database_and_reused()
    {
        await WriteAsync();
        var keyFile = Path.Combine(_app.DataPath, "keys", "audit-anchor.key");
        Assert.False(File.Exists(keyFile));

        await _app.VerifyAsync();
        var key = File.ReadAllText(keyFile);
        await _app.VerifyAsync();

        Assert.Equal(32, Convert.FromBase64String(key).Length);
        Assert.Equal(key, File.ReadAllText(keyFile));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
    }
}
