using Microsoft.EntityFrameworkCore;
using System.Net.Http.Json;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>The journal grid's database round trips do not grow with the class or the quarter (issue 4, Performance).</summary>
public sealed class JournalGridRoundTripTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_journal_of_a_full_class_takes_two_round_trips()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var more = new List<SchoolJournal.Web.Domain.Student>();
            for (var i = 0; i < 8; i++) more.Add(await b.StudentAsync(s.Class, $"Ученик{i}", "Иван"));
            foreach (var student in more) await b.MembershipAsync(s.Math, student, b.Year.Start);
            for (var d = 0; d < 10; d++)
            {
                var lesson = await b.LessonAsync(s.Math, new DateOnly(2026, 11, 9).AddDays(d), 1, s.Teacher, $"Тема {d}");
                foreach (var student in more) await b.MarkAsync(lesson, student, "4");
            }
            return s;
        });
        var teacher = await _app.ApiClientAsync("smirnova");
        await teacher.GetAsync($"/api/v1/groups/{s.Math.Id}/journal"); // warm-up: model, JIT, the caller's first look-ups
        // A mark drops the period's grid from the read cache (issue 16): the counted read is the one right after a write.
        var posted = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" });
        Assert.Equal(System.Net.HttpStatusCode.Created, posted.StatusCode);

        using var counter = new CommandCounter(_app.DatabaseName);
        var journal = await teacher.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/groups/{s.Math.Id}/journal");

        Assert.Equal(10, journal.GetProperty("students").GetArrayLength());
        Assert.Equal(11, journal.GetProperty("lessons").GetArrayLength());
        Assert.Contains(journal.GetProperty("students").EnumerateArray(),
            st => st.GetProperty("marks").EnumerateArray().Any(m => m.GetProperty("value").GetString() == "5"));
        // Plus the session's security stamp, read on every signed-in request so that a lock or a password change ends it at once (R-SEC-5).
        Assert.Single(counter.Commands, c => c.Contains("\"SecurityStamp\"", StringComparison.Ordinal));
        Assert.True(counter.Count <= 3, $"{counter.Count} round trips:\n{string.Join("\n---\n", counter.Commands)}");
    }
}
