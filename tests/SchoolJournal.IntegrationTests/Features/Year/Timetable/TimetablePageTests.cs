using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Year.Timetable;

/// <summary>The page /Year/Timetable: the form's check, save, stale version and delete; «Создать уроки»; the export; access.</summary>
public sealed class TimetablePageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Dictionary<string, string> Fields(TimetableSchool s, int day, int number, int? id = null, int? version = null) => new()
    {
        ["Entry.Id"] = id?.ToString() ?? "", ["Entry.Version"] = version?.ToString() ?? "",
        ["Entry.GroupId"] = s.Math5A.Id.ToString(), ["Entry.Day"] = day.ToString(), ["Entry.Number"] = number.ToString(),
        ["Entry.TeacherId"] = "", ["Entry.RoomId"] = s.Room204.Id.ToString(), ["Entry.Parity"] = "every", ["Entry.Activity"] = "main",
        ["Entry.ValidFrom"] = "", ["Entry.ValidTo"] = "",
    };

    [Fact]
    public async Task The_deputy_checks_saves_edits_and_deletes_through_the_form()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await TimetableSchool.BuildAsync(b);
            await TimetableSchool.EntryAsync(b, s.Math6B, 1, 3, s.Smirnova, s.Room301);
            return s;
        });
        var deputy = await _app.PageClientAsync("fedorova");
        var url = $"/Year/Timetable?classId={s.C5A.Id}";

        var check = await Forms.PostAsync(deputy, url + "&handler=Check", Fields(s, 1, 3));
        Assert.Contains((await Html.ParseAsync(check)).TextsOf("ul.clashes li"),
            c => c.StartsWith("Учитель Смирнова А. В. в понедельник на 3-м уроке уже ведёт «Математика, 6Б»", StringComparison.Ordinal));
        var refused = await Forms.PostAsync(deputy, url + "&handler=Save", Fields(s, 1, 3));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(1, await _app.EntryCountAsync());

        var saved = await Forms.PostAsync(deputy, url + "&handler=Save", Fields(s, 1, 4));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = await _app.QueryAsync(db => db.TimetableEntries.IgnoreQueryFilters()
            .Where(e => e.TeachingGroupId == s.Math5A.Id).Select(e => e.Id).SingleAsync());

        var edited = await Forms.PostAsync(deputy, url + "&handler=Save", Fields(s, 2, 4, id, 0));
        var stale = await Forms.PostAsync(deputy, url + "&handler=Save", Fields(s, 3, 4, id, 0));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Contains("Запись расписания изменил другой пользователь", (await Html.ParseAsync(stale)).TextOf("p.error[role=alert]"));
        Assert.Equal(2,
            await _app.QueryAsync(db => db.TimetableEntries.IgnoreQueryFilters().Where(e => e.Id == id).Select(e => e.DayOfWeek).SingleAsync()));

        var generated = await Forms.PostAsync(deputy, url + "&handler=Generate", []);
        Assert.Equal(HttpStatusCode.Redirect, generated.StatusCode);
        Assert.StartsWith("Уроки созданы: новых", (await deputy.GetPageAsync(url)).TextOf("main p.notice[role=status]"));

        var deleted = await Forms.PostAsync(deputy, url + "&handler=Delete", new() { ["id"] = id.ToString(), ["version"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(1, await _app.EntryCountAsync());
        var export = await deputy.GetAsync(url + "&handler=Export");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_teacher_reads_the_page_but_cannot_post_the_form()
    {
        var s = await _app.SeedAsync(TimetableSchool.BuildAsync);
        var teacher = await _app.PageClientAsync("smirnova");
        var url = $"/Year/Timetable?classId={s.C5A.Id}";

        var page = await teacher.GetPageAsync(url);
        await Forms.PostAsync(teacher, url + "&handler=Save", Fields(s, 1, 1));

        Assert.NotNull(page.QuerySelector("table.timetable"));
        Assert.DoesNotContain(page.QuerySelectorAll("main button[type=submit]"), b => b.Read() == "Сохранить");
        Assert.DoesNotContain("Сохранить", page.Body!.Read());
        Assert.Equal(0, await _app.EntryCountAsync());
        Assert.Empty(await _app.AuditAsync());
    }
}
