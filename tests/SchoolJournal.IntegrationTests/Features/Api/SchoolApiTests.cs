using System.Net;
using System.Net.Http.Json;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features.Api;

public sealed class SchoolApiTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record GroupRow(int Id, string Name, string Subject, int[] ClassIds, int[] TeacherIds);

    [Fact]
    public async Task A_teacher_token_lists_only_the_groups_he_teaches()
    {
        var (mathGroup, _) = await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            var math = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
            var russian = await b.StaffAsync("Козлов", "Илья", "Петрович", "kozlov", Roles.Teacher);
            var c5a = await b.ClassAsync(5, "А");
            await b.StudentAsync(c5a, "Орлов", "Артём");
            return (await b.GroupAsync("Математика", math, [c5a]), await b.GroupAsync("Русский язык", russian, [c5a]));
        });

        var client = await _app.ApiClientAsync("smirnova");
        var groups = await client.GetFromJsonAsync<GroupRow[]>("/api/v1/groups");

        var only = Assert.Single(groups!);
        Assert.Equal(mathGroup.Id, only.Id);
        Assert.Equal("Математика", only.Subject);
    }

    [Fact]
    public async Task A_parent_gets_403_on_a_class_roster()
    {
        var cls = await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            var c5a = await b.ClassAsync(5, "А");
            var child = await b.StudentAsync(c5a, "Орлов", "Артём");
            await b.ParentAsync("Орлова", "Елена", "orlova", child);
            return c5a;
        });

        var client = await _app.ApiClientAsync("orlova");
        var response = await client.GetAsync($"/api/v1/classes/{cls.Id}/students");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
