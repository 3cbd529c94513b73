using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Export;

/// <summary>
/// Выгрузка списков (R-X-1) on the provider the run is configured for. School 1: 5А and 6Б (second shift, six days); Иванова Алёна and
/// Кузнецов Илья (enrolled on 5 October) in 5А, Орлов Артём (with СНИЛС) in 6Б, Выбывший Олег who left 5А; Орлова Елена, mother of Орлов and
/// Иванова, Кузнецов Павел, father of Кузнецов, and Выбывшева Ольга, mother of the one who left; staff Смирнова (teacher, «smirnova»),
/// Петрова (maths at 0.5 and psychologist) and Уволенный, dismissed. School 2 is empty but for its year and «admin2».
/// </summary>
public sealed class ExportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<int> SeedAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.UserAsync("admin", "Администратор", [Roles.SysAdmin]);
        await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var a5 = await b.ClassAsync(5, "А");
        var b6 = await b.ClassAsync(6, "Б");
        b6.Shift = 2;
        b6.DaysPerWeek = 6;
        var orlov = await b.StudentAsync(b6, "Орлов", "Артём");
        orlov.Snils = "123-456-789 64";
        var ivanova = await b.StudentAsync(a5, "Иванова", "Алёна");
        (ivanova.MiddleName, ivanova.Gender) = ("Петровна", Gender.Female);
        var late = await b.StudentAsync(a5, "Кузнецов", "Илья");
        late.MiddleName = null;
        late.Enrolments[0].From = new DateOnly(2026, 10, 5);
        var left = await b.StudentAsync(a5, "Выбывший", "Олег");
        (left.Enrolments[0].To, left.Enrolments[0].LeaveReason) = (new DateOnly(2026, 10, 1), LeaveReason.Withdrawal);
        var mother = await b.ParentAsync("Орлова", "Елена", "roditel", orlov, ivanova);
        (mother.Phone, mother.Email) = ("+7 912 000-00-01", "orlova@example.ru");
        var father = await b.ParentAsync("Кузнецов", "Павел", null, late);
        (father.MiddleName, father.Snils, father.Children[0].Kind) = ("Андреевич", "112-233-445 95", RepresentativeKind.Father);
        await b.ParentAsync("Выбывшева", "Ольга", null, left);
        b.Db.StaffMembers.AddRange(
            new StaffMember
            {
                SchoolId = b.School.Id, LastName = "Петрова", FirstName = "Ольга", MiddleName = "Николаевна", Phone = "+7 900 111-22-33",
                HiredOn = new DateOnly(2010, 9, 1),
                Positions =
                [
                    new StaffPosition { Kind = PositionKind.Teacher, Title = "учитель математики", Rate = 0.5m },
                    new StaffPosition { Kind = PositionKind.Psychologist, Title = "педагог-психолог", Rate = 0.25m },
                ],
            },
            new StaffMember
            {
                SchoolId = b.School.Id, LastName = "Уволенный", FirstName = "Пётр", DismissedOn = new DateOnly(2026, 10, 1),
                Positions = [new StaffPosition { Kind = PositionKind.Teacher, Title = "учитель физики" }],
            });
        await b.Db.SaveChangesAsync();
        var second = await b.SchoolAsync("МБОУ «СОШ № 2»");
        await b.UserAsync("admin2", "Администратор школы № 2", [Roles.SysAdmin]);
        return second.Id;
    });

    /// <summary>The rows of each list, counted by hand from the seed: who is now in a class of the year, his parents' links, staff at work.</summary>
    public static TheoryData<string, string, int> Lists() => new()
    {
        { "classes", "csv", 2 }, { "students", "csv", 3 }, { "parents", "csv", 3 }, { "staff", "csv", 2 },
        { "classes", "xlsx", 2 }, { "students", "xlsx", 3 }, { "parents", "xlsx", 3 }, { "staff", "xlsx", 2 },
    };

    private static async Task<byte[]> DownloadAsync(HttpClient api, string list, string format)
    {
        var response = await api.GetAsync($"/api/v1/exports/{list}?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<JsonElement> PreviewAsync(HttpClient api, string list, byte[] content, string format)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(format == "csv" ? "text/csv" : Xlsx.ContentType);
        var response = await api.PostAsync($"/api/v1/imports/{list}/preview", new MultipartFormDataContent { { file, "file", $"{list}.{format}" } });
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static (int, int, int) Counts(JsonElement p) =>
        (p.GetProperty("created").GetInt32(), p.GetProperty("changed").GetInt32(), p.GetProperty("unchanged").GetInt32());

    private static string Text(byte[] csv) => Encoding.UTF8.GetString(csv);

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task An_exported_list_imported_back_into_the_same_school_changes_nothing(string list, string format, int rows)
    {
        await SeedAsync();
        var api = await _app.ApiClientAsync("admin");

        var file = await DownloadAsync(api, list, format);
        var preview = await PreviewAsync(api, list, file, format);

        Assert.Equal((0, 0, rows), Counts(preview));
    }

    [Fact]
    public async Task Exported_lists_imported_into_a_fresh_school_create_the_same_people()
    {
        var school2 = await SeedAsync();
        var first = await _app.ApiClientAsync("admin");
        var second = await _app.ApiClientAsync("admin2");
        string[] lists = ["classes", "students", "parents", "staff"];
        var files = new Dictionary<string, byte[]>();
        foreach (var list in lists) files[list] = await DownloadAsync(first, list, "csv");

        var created = new List<int>();
        foreach (var list in lists)
        {
            var preview = await PreviewAsync(second, list, files[list], "csv");
            var done = await second.PostAsync($"/api/v1/imports/{preview.GetProperty("batchId").GetInt32()}/confirm", null);
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            created.Add((await done.JsonAsync()).GetProperty("created").GetInt32());
        }

        Assert.Equal([2, 3, 3, 2], created);
        foreach (var list in lists) Assert.Equal(Text(files[list]), Text(await DownloadAsync(second, list, "csv")));
        Assert.Equal(2, await _app.QueryAsync(db => db.Parents.IgnoreQueryFilters().CountAsync(p => p.SchoolId == school2)));
    }

    [Fact]
    public async Task The_csv_is_utf8_with_bom_and_semicolons_in_the_templates_columns_and_its_audit_event_names_no_one()
    {
        await SeedAsync();
        var api = await _app.ApiClientAsync("admin");

        var csv = await DownloadAsync(api, "parents", "csv");

        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var lines = Text(csv)[1..].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "Фамилия;Имя;Отчество;СНИЛС;Телефон;Электронная почта;Кем приходится;Фамилия ребёнка;Имя ребёнка;Отчество ребёнка;Дата рождения ребёнка",
            "Кузнецов;Павел;Андреевич;112-233-445 95;;;отец;Кузнецов;Илья;;04.03.2014",
            "Орлова;Елена;Сергеевна;;+7 912 000-00-01;orlova@example.ru;мать;Иванова;Алёна;Петровна;03.03.2014",
            "Орлова;Елена;Сергеевна;;+7 912 000-00-01;orlova@example.ru;мать;Орлов;Артём;Иванович;02.03.2013",
        ], lines);
        var students = Text(await DownloadAsync(api, "students", "csv"))[1..].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "Фамилия;Имя;Отчество;Дата рождения;Пол;Класс;СНИЛС;Дата зачисления",
            "Иванова;Алёна;Петровна;03.03.2014;ж;5А;;",
            "Кузнецов;Илья;;04.03.2014;м;5А;;05.10.2026",
            "Орлов;Артём;Иванович;02.03.2013;м;6Б;123-456-789 64;",
        ], students);
        var staff = Xlsx.Read(new MemoryStream(await DownloadAsync(api, "staff", "xlsx")));
        Assert.Equal([["Петрова", "Ольга", "Николаевна", "учитель математики", "0.5", "", "+7 900 111-22-33", "", "2010-09-01"],
            ["Смирнова", "Анна", "Викторовна", "учитель", "1"]], staff.Skip(1).ToArray());

        var events = await _app.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Where(e => e.Type == AuditEventType.DataExported)
            .OrderBy(e => e.Id).Select(e => new { e.EntityId, e.After, e.ActorName }).ToListAsync());
        Assert.Equal(["parents", "students", "staff"], events.Select(e => e.EntityId));
        Assert.Equal("""{"list":"parents","format":"csv","rows":3}""", events[0].After);
        Assert.All(events, e => Assert.Equal("Администратор", e.ActorName));
    }

    [Fact]
    public async Task Teachers_and_parents_are_refused_and_bad_requests_are_explained()
    {
        await SeedAsync();
        var admin = await _app.ApiClientAsync("admin");

        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.ApiClientAsync("smirnova")).GetAsync("/api/v1/exports/students")).StatusCode);
        var parent = await _app.ApiClientAsync("roditel");
        Assert.Equal(HttpStatusCode.Forbidden, (await parent.GetAsync("/api/v1/exports/parents?format=csv")).StatusCode);
        var teacherPage = await (await _app.PageClientAsync("smirnova")).GetAsync("/Admin/Export?handler=File&list=students&format=csv");
        Assert.NotEqual(HttpStatusCode.OK, teacherPage.StatusCode);
        var unknown = await admin.GetAsync("/api/v1/exports/pupils");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("Неизвестный список", (await unknown.JsonAsync()).GetProperty("title").GetString());
        var pdf = await admin.GetAsync("/api/v1/exports/students?format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, pdf.StatusCode);
        Assert.Equal("Списки выгружаются в форматах xlsx и csv.", (await pdf.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.Type == AuditEventType.DataExported)));
    }

    [Fact]
    public async Task The_page_offers_each_list_in_both_formats_and_downloads_it()
    {
        await SeedAsync();
        var page = await _app.PageClientAsync("admin");

        var html = await page.GetPageAsync("/Admin/Export");
        var file = await page.GetAsync("/Admin/Export?handler=File&list=classes&format=csv");

        Assert.Equal(["Ученики", "Родители", "Классы", "Сотрудники"],
            html.QuerySelectorAll(".export-lists tbody tr td:first-child").Select(c => c.TextContent.Trim()));
        Assert.Equal(8, html.QuerySelectorAll(".export-links a").Length);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("Класс;Смена;Дней в неделе\r\n5А;1;5\r\n6Б;2;6\r\n", Text(await file.Content.ReadAsByteArrayAsync())[1..]);
    }
}
