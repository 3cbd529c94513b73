using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Year.Curricula;

/// <summary>The pages /Year/Curricula, /Year/Curricula/{id} and /Year/Load: every write through its form.</summary>
public sealed class PageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Deputy_creates_a_plan_fills_its_lines_assigns_classes_copies_and_deletes_through_the_forms()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");

        var create = await PageForms.PostAsync(client, "/Year/Curricula", "/Year/Curricula?handler=Create", new()
        {
            ["Input.Name"] = "Учебный план 5-х классов", ["Input.Grade"] = "5", ["Input.Profile"] = "none", ["Input.StudentId"] = "",
            ["Input.CopyOf"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var id = await _app.QueryAsync(db => db.Curricula.Select(c => c.Id).SingleAsync());
        var page = $"/Year/Curricula/{id}";
        Assert.Equal(page, create.Headers.Location?.OriginalString);

        var save = await PageForms.PostAsync(client, page, $"{page}?handler=Save", new()
        {
            ["Name"] = "Учебный план 5-х классов", ["Grade"] = "5", ["Profile"] = "none",
            ["Lines[0].SubjectId"] = s.Maths.Id.ToString(), ["Lines[0].Hours"] = "5", ["Lines[0].Part"] = "federal",
            ["Lines[1].SubjectId"] = s.Chess.Id.ToString(), ["Lines[1].Hours"] = "0,5", ["Lines[1].Part"] = "school", ["Lines[1].Divided"] = "true",
            ["Lines[2].SubjectId"] = "", ["Lines[2].Hours"] = "", ["Lines[2].Part"] = "federal",
        });
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        var lines = await _app.QueryAsync(db => db.CurriculumLines.OrderBy(l => l.HoursPerWeek)
            .Select(l => new { l.SubjectId, l.HoursPerWeek, l.Part, l.Divided }).ToListAsync());
        Assert.Equal([(s.Chess.Id, 0.5m, SubjectComponent.School, true), (s.Maths.Id, 5m, SubjectComponent.Federal, false)],
            lines.Select(l => (l.SubjectId, l.HoursPerWeek, l.Part, l.Divided)));
        var total = (await client.GetPageAsync(page))
            .QuerySelectorAll("li.figure").Single(f => f.Read().Contains("ч в неделю всего", StringComparison.Ordinal));
        Assert.Equal("5,5 ч в неделю всего; максимум 29 ч при 5-дневной, 32 ч при 6-дневной неделе", total.Read());
        Assert.Equal("5,5", total.TextOf("b"));

        var classes = await PageForms.PostAsync(client, page, $"{page}?handler=Classes", new() { ["ClassIds"] = s.B5.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, classes.StatusCode);
        Assert.Equal([s.B5.Id], await _app.QueryAsync(db => db.SchoolClasses.Where(c => c.CurriculumId == id).Select(c => c.Id).ToListAsync()));

        var refused = await PageForms.PostAsync(client, page, $"{page}?handler=Delete", []);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("План назначен классам. По этому плану учатся 5Б: сначала назначьте им другой план.",
            (await Html.ParseAsync(refused)).TextOf("main p.errors[role=alert]"));

        var copy = await PageForms.PostAsync(client, page, $"{page}?handler=Copy",
            new() { ["CopyName"] = "План 5-х классов, вариант 2", ["CopyProfile"] = "none" });
        Assert.Equal(HttpStatusCode.Redirect, copy.StatusCode);
        var copyId = await _app.QueryAsync(db => db.Curricula.Where(c => c.Name == "План 5-х классов, вариант 2").Select(c => c.Id).SingleAsync());
        Assert.Equal(2, await _app.QueryAsync(db => db.CurriculumLines.CountAsync(l => l.CurriculumId == copyId)));

        var delete = await PageForms.PostAsync(client, $"/Year/Curricula/{copyId}", $"/Year/Curricula/{copyId}?handler=Delete", []);
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.Equal([id], await _app.QueryAsync(db => db.Curricula.Select(c => c.Id).ToListAsync()));
        Assert.Equal(
            [AuditEventType.SetupCreated, AuditEventType.SetupChanged, AuditEventType.SetupChanged, AuditEventType.SetupCreated,
                AuditEventType.SetupDeleted],
            (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task Bad_hours_in_the_editor_show_a_message_and_change_nothing()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");
        await PageForms.PostAsync(client, "/Year/Curricula", "/Year/Curricula?handler=Create",
            new() { ["Input.Name"] = "План", ["Input.Grade"] = "5", ["Input.Profile"] = "none" });
        var id = await _app.QueryAsync(db => db.Curricula.Select(c => c.Id).SingleAsync());

        var response = await PageForms.PostAsync(client, $"/Year/Curricula/{id}", $"/Year/Curricula/{id}?handler=Save", new()
        {
            ["Name"] = "План", ["Grade"] = "5", ["Profile"] = "none",
            ["Lines[0].SubjectId"] = s.Maths.Id.ToString(), ["Lines[0].Hours"] = "11", ["Lines[0].Part"] = "federal",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await Html.ParseAsync(response);
        Assert.Equal("Неверное число часов. Строка 1 (Математика): часов в неделю — больше 0 и не больше 10, с шагом 0,5.",
            html.TextOf("main p.errors[role=alert]"));
        Assert.Equal("11", html.One("input[name='Lines[0].Hours']").GetAttribute("value"));
        Assert.Equal(0, await _app.QueryAsync(db => db.CurriculumLines.CountAsync()));
        Assert.Single(await _app.AuditAsync());
    }

    [Fact]
    public async Task A_teacher_reads_the_pages_without_forms_and_his_posts_are_refused()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var deputy = await _app.PageClientAsync("fedorova");
        var teacher = await _app.PageClientAsync("smirnova");

        var list = await teacher.GetPageAsync("/Year/Curricula");
        var load = await teacher.GetPageAsync("/Year/Load");
        var post = await PageForms.PostAsync(teacher, "/Year/Load", "/Year/Load?handler=Create", new()
        {
            ["Input.StaffMemberId"] = s.Kozlov.Id.ToString(), ["Input.TeachingGroupId"] = s.Math.Id.ToString(), ["Input.Hours"] = "1",
        });

        Assert.DoesNotContain("Новый учебный план", list.Body!.Read());
        Assert.Contains(load.One("table.load-teachers").BodyRows(), r => r[0].StartsWith("Смирнова Анна Викторовна", StringComparison.Ordinal));
        Assert.DoesNotContain("Новое назначение", load.TextsOf("main h2"));
        Assert.Empty(load.QuerySelectorAll("main form[method=post]"));
        Assert.True(post.StatusCode is HttpStatusCode.Forbidden || post.Headers.Location?.OriginalString.Contains("/Account/AccessDenied") == true);
        Assert.Equal(1, await _app.QueryAsync(db => db.TeachingAssignments.CountAsync()));
        Assert.Contains("Новое назначение", (await deputy.GetPageAsync("/Year/Load")).TextsOf("main h2"));
    }

    [Fact]
    public async Task Deputy_assigns_changes_hands_over_and_deletes_through_the_load_page()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");
        var old = await _app.QueryAsync(db => db.TeachingAssignments.Select(a => a.Id).SingleAsync());

        var update = await PageForms.PostAsync(client, "/Year/Load", $"/Year/Load?handler=Update&id={old}",
            new() { ["Input.Hours"] = "5", ["Input.From"] = "2026-09-01", ["Input.To"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, update.StatusCode);
        Assert.Equal(5m, await _app.QueryAsync(db => db.TeachingAssignments.Where(a => a.Id == old).Select(a => a.HoursPerWeek).SingleAsync()));

        var bad = await PageForms.PostAsync(client, "/Year/Load", $"/Year/Load?handler=Update&id={old}",
            new() { ["Input.Hours"] = "0,3", ["Input.From"] = "2026-09-01" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Неверное число часов. Часов в неделю — от 0,5 до 40, с шагом 0,5.", await bad.Content.ReadAsStringAsync());

        var handOver = await PageForms.PostAsync(client, $"/Year/Load?edit={old}", $"/Year/Load?handler=Replace&id={old}", new()
        {
            ["Input.StaffMemberId"] = s.Kozlov.Id.ToString(), ["Input.From"] = "2026-11-16",
        });
        Assert.Equal(HttpStatusCode.Redirect, handOver.StatusCode);
        var rows = await _app.QueryAsync(db => db.TeachingAssignments.OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.StaffMemberId, a.HoursPerWeek, a.To }).ToListAsync());
        Assert.Equal([(s.Smirnova.Id, 5m, (DateOnly?)new DateOnly(2026, 11, 15)), (s.Kozlov.Id, 5m, null)],
            rows.Select(r => (r.StaffMemberId, r.HoursPerWeek, r.To)));

        var create = await PageForms.PostAsync(client, "/Year/Load", "/Year/Load?handler=Create", new()
        {
            ["Input.StaffMemberId"] = s.Smirnova.Id.ToString(), ["Input.TeachingGroupId"] = s.Math.Id.ToString(), ["Input.Hours"] = "1,5",
            ["Input.From"] = "2027-01-11",
        });
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var added = await _app.QueryAsync(db => db.TeachingAssignments.OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.HoursPerWeek, a.From }).ToListAsync());
        Assert.Equal((1.5m, new DateOnly(2027, 1, 11)), (added[^1].HoursPerWeek, added[^1].From));

        var delete = await PageForms.PostAsync(client, "/Year/Load", $"/Year/Load?handler=Delete&id={added[^1].Id}", []);
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.Equal(2, await _app.QueryAsync(db => db.TeachingAssignments.CountAsync()));
        Assert.Equal(
            [AuditEventType.SetupChanged, AuditEventType.SetupChanged, AuditEventType.SetupCreated, AuditEventType.SetupCreated,
                AuditEventType.SetupDeleted],
            (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task The_exports_are_workbooks_with_the_plan_and_the_tariff_list()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var deputy = await _app.PageClientAsync("fedorova");
        await PageForms.PostAsync(deputy, "/Year/Curricula", "/Year/Curricula?handler=Create",
            new() { ["Input.Name"] = "План", ["Input.Grade"] = "5", ["Input.Profile"] = "none" });
        var id = await _app.QueryAsync(db => db.Curricula.Select(c => c.Id).SingleAsync());
        await PageForms.PostAsync(deputy, $"/Year/Curricula/{id}", $"/Year/Curricula/{id}?handler=Save", new()
        {
            ["Name"] = "План", ["Grade"] = "5", ["Profile"] = "none", ["Lines[0].SubjectId"] = s.Maths.Id.ToString(), ["Lines[0].Hours"] = "5",
            ["Lines[0].Part"] = "federal",
        });

        var plan = Xlsx.Read(await deputy.GetStreamAsync($"/Year/Curricula/{id}?handler=Export"));
        var list = Xlsx.Read(await deputy.GetStreamAsync("/Year/Curricula?handler=Export"));
        var tariff = Xlsx.Read(await deputy.GetStreamAsync("/Year/Load?handler=Export"));

        // 5 h a week × 34 weeks = 170 h a year.
        Assert.Equal("Математика", plan[1][0]);
        Assert.Equal(["5", "170"], plan[1][3..5]);
        Assert.Equal(["Итого", "", "", "5", "170"], plan[2]);
        Assert.Equal(["План", "5", "", "", "Математика", "обязательная часть", "5", "170", "нет"], list[1]);
        // Every teacher of the staff list has a total line; Смирнова has her maths line before it: 4 h against 18 h of a rate.
        var smirnova = tariff.FindIndex(r => r.Length > 1 && r[1] == "Смирнова Анна Викторовна");
        Assert.Equal(["1", "Смирнова Анна Викторовна", "учитель", "Математика", "Математика, 5А", "5А", "4"], tariff[smirnova][..7]);
        Assert.Equal(["", "Смирнова Анна Викторовна", "Итого", "", "", "", "4", "", "", "1", "18", "-14"], tariff[smirnova + 1]);
        Assert.Contains(tariff, r => r.SequenceEqual(["", "Козлов Илья Петрович", "Итого", "", "", "", "0", "", "", "1", "18", "-18"]));
    }
}
