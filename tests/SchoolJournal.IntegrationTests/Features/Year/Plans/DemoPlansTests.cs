using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Demo;

namespace SchoolJournal.IntegrationTests.Features.Year.Plans;

/// <summary>The demo teacher uchitel has a КТП for his groups, and his lessons' topics match it.</summary>
public sealed class DemoPlansTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_demo_teacher_has_plans_whose_topics_match_his_lessons()
    {
        _ = _app.Server;
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>()
                .SeedAsync(new DemoOptions(StudentsPerSchool: 200, Today: new DateOnly(2026, 11, 23)));
        var api = await _app.ApiClientAsync(DemoSeeder.Logins.Teacher, DemoSeeder.Password);

        var plans = await api.GetFromJsonAsync<JsonElement>("/api/v1/thematic-plans");

        // He is also class teacher of 6Б: his class's other groups are listed to read, his own ones have plans.
        var own = plans.EnumerateArray().Where(p => p.GetProperty("canEdit").GetBoolean()).ToList();
        Assert.NotEmpty(own);
        Assert.All(own, p => Assert.True(p.GetProperty("topics").GetInt32() > 0));
        var lesson = await _app.QueryAsync(db => db.Lessons.IgnoreQueryFilters()
            .Where(l => l.ThematicTopicId != null).OrderBy(l => l.Id).Select(l => new { l.Id, l.Topic, l.TopicFromPlan }).FirstAsync());
        Assert.False(lesson.TopicFromPlan);
        var page = await (await _app.PageClientAsync(DemoSeeder.Logins.Teacher, DemoSeeder.Password)).GetPageAsync($"/Journal/Lesson/{lesson.Id}");
        Assert.Equal(lesson.Topic, page.TextOf("#topic .plan-suggestion strong"));
    }
}
