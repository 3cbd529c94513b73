using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Year.Groups;

/// <summary>The pages /Year/Groups and /Year/Groups/{id}: the same writes as the API, through their forms.</summary>
public sealed class GroupsPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Class_teacher_creates_a_sub_group_on_the_page_and_sees_only_his_class()
    {
        var s = await _app.SeedAsync(GroupsSchool.BuildAsync);
        var client = await _app.PageClientAsync("kozlova");

        var response = await client.PostFormAsync("/Year/Groups", "/Year/Groups?handler=Create", new()
        {
            ["Form.SubjectId"] = s.English.Id.ToString(), ["Form.Kind"] = "subGroup", ["Form.ClassIds"] = s.J.Class.Id.ToString(),
            ["Form.Name"] = "Английский язык 5А (девочки)",
        });
        var other = await client.PostFormAsync("/Year/Groups", "/Year/Groups?handler=Create", new()
        {
            ["Form.SubjectId"] = s.English.Id.ToString(), ["Form.Kind"] = "subGroup", ["Form.ClassIds"] = s.ClassB.Id.ToString(),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(1, await _app.QueryAsync(db => db.TeachingGroups.CountAsync(g => g.Name == "Английский язык 5А (девочки)")));
        var names = (await client.GetPageAsync("/Year/Groups")).One("table.groups-list").BodyRows().Select(r => r[0]).ToList();
        Assert.Contains("Английский язык 5А (девочки)", names);
        Assert.Contains("Математика, 5А", names);
        Assert.DoesNotContain("Математика, 5Б", names);
    }

    [Fact]
    public async Task Deputy_edits_and_deletes_a_group_on_its_page()
    {
        var s = await _app.SeedAsync(GroupsSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");
        var url = $"/Year/Groups/{s.MathB.Id}";

        var saved = await client.PostFormAsync(url, url + "?handler=Save", new()
        {
            ["Form.SubjectId"] = s.MathB.SubjectId.ToString(), ["Form.Kind"] = "wholeClass", ["Form.ClassIds"] = s.ClassB.Id.ToString(),
            ["Form.Name"] = "Математика 5Б", ["Form.DaysPerWeek"] = "6", ["Form.Note"] = "шестидневка",
        });
        var refused = await client.PostFormAsync($"/Year/Groups/{s.J.Math.Id}", $"/Year/Groups/{s.J.Math.Id}?handler=Delete", []);
        var deleted = await client.PostFormAsync(url, url + "?handler=Delete", []);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("У группы есть уроки", (await Html.ParseAsync(refused)).TextOf("main p.errors"));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await _app.QueryAsync(db => db.TeachingGroups.AnyAsync(g => g.Id == s.MathB.Id)));
        Assert.Equal([AuditEventType.SetupChanged, AuditEventType.SetupDeleted], (await _app.AuditAsync()).Select(e => e.Type));
        var change = (await _app.AuditAsync())[0];
        Assert.Contains("шестидневка", change.After);
    }

    [Fact]
    public async Task Class_teacher_splits_his_class_adds_ends_and_moves_members_on_the_pages()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await GroupsSchool.BuildAsync(b);
            await b.StudentAsync(s.J.Class, "Андреев", "Антон");
            return s;
        });
        var client = await _app.PageClientAsync("kozlova");

        var split = await client.PostFormAsync("/Year/Groups", "/Year/Groups?handler=Split", new()
        {
            ["Split.ClassId"] = s.J.Class.Id.ToString(), ["Split.SubjectId"] = s.English.Id.ToString(), ["Split.By"] = "alphabet",
            ["Split.From"] = "2026-11-02",
        });
        Assert.Equal(HttpStatusCode.Redirect, split.StatusCode);
        var ids = await _app.QueryAsync(db => db.TeachingGroups.Where(g => g.Kind == GroupKind.SubGroup)
            .OrderBy(g => g.Name).Select(g => g.Id).ToListAsync());
        var (first, second) = (ids[0], ids[1]);
        var url = $"/Year/Groups/{first}";
        var andreev = await _app.QueryAsync(db => db.Students.Where(x => x.LastName == "Андреев").Select(x => x.Id).SingleAsync());

        // Андреев and Белов are in the 1st group, Орлов in the 2nd; Андреев moves to the 2nd from 16 November.
        var moved = await client.PostFormAsync(url, url + "?handler=Move", new()
        {
            ["StudentId"] = andreev.ToString(), ["ToGroupId"] = second.ToString(), ["Date"] = "2026-11-16",
        });
        var ended = await client.PostFormAsync(url, url + "?handler=End", new() { ["StudentId"] = s.J.Belov.Id.ToString(), ["Date"] = "2026-11-20" });
        var added = await client.PostFormAsync(url, url + "?handler=Add", new() { ["StudentId"] = s.J.Orlov.Id.ToString(), ["Date"] = "2026-11-23" });
        var overlap = await client.PostFormAsync(url, url + "?handler=Add",
            new() { ["StudentId"] = s.J.Orlov.Id.ToString(), ["Date"] = "2026-11-25" });

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect],
            new[] { moved.StatusCode, ended.StatusCode, added.StatusCode });
        Assert.Contains("Ученик уже в группе", (await Html.ParseAsync(overlap)).TextOf("main p.errors"));
        var stays = await _app.MembershipsAsync(andreev);
        Assert.Equal(2, stays.Count);
        Assert.Equal((first, (DateOnly?)new DateOnly(2026, 11, 15)), (stays[0].TeachingGroupId, stays[0].To));
        Assert.Equal((second, new DateOnly(2026, 11, 16), (DateOnly?)null), (stays[1].TeachingGroupId, stays[1].From, stays[1].To));
        var belov = (await _app.MembershipsAsync(s.J.Belov.Id)).Single(m => m.TeachingGroupId == first);
        Assert.Equal(new DateOnly(2026, 11, 20), belov.To);
        var members = (await client.GetPageAsync(url)).One("table.members");
        Assert.Equal("15.11.2026", members.Row("Андреев Антон Иванович").Cell("По").Read());
        Assert.Equal("20.11.2026", members.Row("Белов Борис Иванович").Cell("По").Read());
        Assert.Equal(("23.11.2026", "—"),
            (members.Row("Орлов Артём Иванович").Cell("С").Read(), members.Row("Орлов Артём Иванович").Cell("По").Read()));
    }

    [Fact]
    public async Task Teacher_reads_the_group_page_but_cannot_write_and_does_not_open_the_list()
    {
        var s = await _app.SeedAsync(GroupsSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");

        var page = await client.GetAsync($"/Year/Groups/{s.J.Math.Id}");
        var list = await client.GetAsync("/Year/Groups");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var shown = await Html.ParseAsync(page);
        Assert.NotEmpty(shown.One("table.members").BodyRows());
        Assert.Empty(shown.QuerySelectorAll("main form[method=post]"));
        Assert.NotEqual(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task The_list_exports_to_excel_with_teachers_and_members()
    {
        var s = await _app.SeedAsync(GroupsSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");

        var response = await client.GetAsync($"/Year/Groups?handler=Export&classId={s.J.Class.Id}");

        Assert.Equal(Xlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
        var rows = Xlsx.Read(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["Группа", "Предмет", "Вид", "Классы", "Учителя", "Учеников"], rows[0]);
        Assert.Equal(["Математика, 5А", "Математика", "весь класс", "5А", "Смирнова А. В.", "2"], rows[1]);
        Assert.Equal(3, rows.Count);
    }
}
