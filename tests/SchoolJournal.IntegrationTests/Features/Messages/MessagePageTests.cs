using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Messages;

/// <summary>The student's messages page: the teacher writes to the parents from the journal; the message is audited.</summary>
public sealed class MessagePageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<JournalSchool> SchoolWithParentAsync() => await _app.SeedAsync(async b =>
    {
        var s = await JournalSchool.BuildAsync(b);
        await b.ParentAsync("Орлова", "Елена", "orlova", s.Orlov);
        return s;
    });

    [Fact]
    public async Task The_teacher_writes_to_the_parents_from_the_page_and_the_parent_reads_it()
    {
        var s = await SchoolWithParentAsync();
        var teacher = await _app.PageClientAsync("smirnova");
        var url = $"/Messages/Student/{s.Orlov.Id}?groupId={s.Math.Id}";

        var posted = await Forms.PostAsync(teacher, url,
            new() { ["Kind"] = "recommendation", ["Text"] = "Решить задачи 1–5 на повторение", ["ToParents"] = "true" });
        var page = await teacher.GetPageAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var message = Assert.Single(page.QuerySelectorAll("ul.messages li"));
        Assert.Equal("Решить задачи 1–5 на повторение", message.TextOf("p:not(.meta)"));
        Assert.EndsWith(" · Смирнова Анна Викторовна · рекомендация · Математика · родителям", message.TextOf("p.meta"));
        var parent = await (await _app.ApiClientAsync("orlova")).GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.Orlov.Id}/messages");
        Assert.Equal("Решить задачи 1–5 на повторение", parent[0].GetProperty("text").GetString());
        var audit = (await _app.AuditAsync()).Single(e => e.Type == AuditEventType.MessageSent);
        Assert.Equal(("message", "Смирнова Анна Викторовна"), (audit.Entity, audit.ActorName));
        Assert.Contains("Решить задачи 1–5 на повторение", audit.After);
    }

    [Fact]
    public async Task An_empty_text_is_refused_on_the_page_and_nothing_is_stored()
    {
        var s = await SchoolWithParentAsync();
        var teacher = await _app.PageClientAsync("smirnova");

        var posted = await Forms.PostAsync(teacher, $"/Messages/Student/{s.Orlov.Id}",
            new() { ["Kind"] = "message", ["Text"] = "   ", ["ToParents"] = "true" });

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Пустое сообщение", (await Html.ParseAsync(posted)).TextOf("main .errors"));
        Assert.Equal(0, await _app.QueryAsync(db => db.TeacherMessages.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task The_class_teacher_reads_and_writes_the_deputy_only_reads()
    {
        var s = await SchoolWithParentAsync();

        var leader = await (await _app.PageClientAsync("kozlova")).GetPageAsync($"/Messages/Student/{s.Orlov.Id}");
        var deputy = await (await _app.PageClientAsync("fedorova")).GetPageAsync($"/Messages/Student/{s.Orlov.Id}");

        Assert.Equal("Отправить", leader.TextOf("main form[method=post] button[type=submit]"));
        Assert.Empty(deputy.QuerySelectorAll("main form"));
        Assert.DoesNotContain("Отправить", deputy.Body!.Read());
        Assert.Equal("Орлов Артём Иванович", deputy.TextOf("main p.hint strong"));
    }
}
