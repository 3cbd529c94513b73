using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Demo;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Demo;

namespace SchoolJournal.IntegrationTests.Features.Year.Plans;

/// <summary>The demo teacher uchitel has a КТП for his groups, and his lessons' topics match it.</summary>
[Collection(DemoSchoolCollection.Name)]
public sealed class DemoPlansTests(DemoSchoolFixture fixture)
{
    [Fact]
    public async Task The_demo_teacher_has_plans_whose_topics_match_his_lessons()
    {
        var app = fixture.App;
        var api = await app.ApiClientAsync(DemoSeeder.Logins.Teacher, DemoSeeder.Password);

        var plans = await api.GetFromJsonAsync<JsonElement>("/api/v1/thematic-plans");

        // He is also class teacher of 6Б: his class's other groups are listed to read, his own ones have plans.
        var own = plans.EnumerateArray().Where(p => p.GetProperty("canEdit").GetBoolean()).ToList();
        Assert.NotEmpty(own);
        Assert.All(own, p => Assert.True(p.GetProperty("topics").GetInt32() > 0));
        var lesson = await app.QueryAsync(db => db.Lessons.IgnoreQueryFilters()
            .Where(l => l.ThematicTopicId != null).OrderBy(l => l.Id).Select(l => new { l.Id, l.Topic, l.TopicFromPlan }).FirstAsync());
        Assert.False(lesson.TopicFromPlan);
        var page = await (await app.PageClientAsync(DemoSeeder.Logins.Teacher, DemoSeeder.Password)).GetPageAsync($"/Journal/Lesson/{lesson.Id}");
        Assert.Equal(lesson.Topic, page.TextOf("#topic .plan-suggestion strong"));
    }
}
