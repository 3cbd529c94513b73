using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Year.Timetable;

/// <summary>Lessons the timetable generates take their topics from the group's КТП in order (R-YEAR-10 with R-YEAR-11).</summary>
public sealed class GenerationTopicsTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Generated_lessons_take_the_plan_topics_in_order()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await TimetableSchool.BuildAsync(b);
            await TimetableSchool.EntryAsync(b, s.Math5A, 1, 1, s.Smirnova, s.Room204);
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");
        (await deputy.PutAsJsonAsync($"/api/v1/groups/{s.Math5A.Id}/thematic-plan", new
        {
            topics = new[] { new { title = "Натуральные числа", hours = 2 }, new { title = "Дроби", hours = 1 } },
        })).EnsureSuccessStatusCode();

        // Mondays 12 Oct, 19 Oct, 9 Nov, 16 Nov (26 Oct and 2 Nov fall between the quarters).
        (await deputy.PostAsJsonAsync("/api/v1/timetable/generate", new { from = "2026-10-12", to = "2026-11-17", classId = s.C5A.Id }))
            .EnsureSuccessStatusCode();

        var topics = await _app.QueryAsync(db => db.Lessons.IgnoreQueryFilters().Where(l => l.TeachingGroupId == s.Math5A.Id)
            .OrderBy(l => l.Date).Select(l => new { l.Topic, l.TopicFromPlan }).ToListAsync());
        Assert.Equal(["Натуральные числа", "Натуральные числа", "Дроби", null], topics.Select(t => t.Topic));
        Assert.Equal([true, true, true, false], topics.Select(t => t.TopicFromPlan));
    }
}
