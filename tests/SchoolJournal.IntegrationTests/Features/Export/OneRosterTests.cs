using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Year.Plans;

namespace SchoolJournal.IntegrationTests.Features.Export;

/// <summary>
/// The OneRoster 1.2 CSV package (R-X-3, export). The school: 5А (class teacher Смирнова) with Иванова and Кузнецов, 6Б with Орлов, and
/// Выбывший who left 5А; Орлова, mother of Орлов and Иванова (login «roditel»), Кузнецов Павел, guardian of Кузнецов, Выбывшева, mother of
/// the one who left; staff Смирнова (teacher, «smirnova»), Петрова (teacher and psychologist) and Уволенный (dismissed); groups: maths of 5А
/// (Смирнова), an English sub-group of 5А with Иванова (Петрова), a choir of 5А and 6Б (Петрова); the builder's four quarters.
/// </summary>
public sealed class OneRosterTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<int> SeedAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.UserAsync("admin", "Администратор", [Roles.SysAdmin]);
        var smirnova = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var petrova = new StaffMember
        {
            SchoolId = b.School.Id, LastName = "Петрова", FirstName = "Ольга", MiddleName = "Николаевна", Email = "petrova@school.ru",
            HiredOn = new DateOnly(2010, 9, 1),
            Positions =
            [
                new StaffPosition { Kind = PositionKind.Teacher, Title = "учитель английского языка" },
                new StaffPosition { Kind = PositionKind.Psychologist, Title = "педагог-психолог", Rate = 0.25m },
            ],
        };
        b.Db.StaffMembers.AddRange(petrova, new StaffMember
        {
            SchoolId = b.School.Id, LastName = "Уволенный", FirstName = "Пётр", DismissedOn = new DateOnly(2026, 10, 1),
            Positions = [new StaffPosition { Kind = PositionKind.Teacher, Title = "учитель физики" }],
        });
        var a5 = await b.ClassAsync(5, "А", smirnova);
        var b6 = await b.ClassAsync(6, "Б");
        var orlov = await b.StudentAsync(b6, "Орлов", "Артём");
        var ivanova = await b.StudentAsync(a5, "Иванова", "Алёна");
        var kuznetsov = await b.StudentAsync(a5, "Кузнецов", "Илья");
        var left = await b.StudentAsync(a5, "Выбывший", "Олег");
        (left.Enrolments[0].To, left.Enrolments[0].LeaveReason) = (new DateOnly(2026, 10, 1), LeaveReason.Withdrawal);
        await b.Db.SaveChangesAsync();
        var mother = await b.ParentAsync("Орлова", "Елена", "roditel", orlov, ivanova);
        mother.Email = "orlova@example.ru";
        var guardian = await b.ParentAsync("Кузнецов", "Павел", null, kuznetsov);
        guardian.Children[0].Kind = RepresentativeKind.Guardian;
        await b.ParentAsync("Выбывшева", "Ольга", null, left);
        await b.GroupAsync("Математика", smirnova, [a5]);
        await b.GroupAsync("Английский язык", petrova, [a5], [ivanova], GroupKind.SubGroup);
        await b.GroupAsync("Хор", petrova, [a5, b6], kind: GroupKind.Stream);
        return b.School.Id;
    });

    private static readonly string Samples = Path.Combine(RepoRoot(), "..", "shared", "standards", "oneroster", "longsight-fixtures", "bulk");

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir.Parent is not null && !File.Exists(Path.Combine(dir.FullName, "SchoolJournal.slnx"))) dir = dir.Parent;
        return dir.FullName;
    }

    private async Task<Dictionary<string, List<string[]>>> PackageAsync(HttpClient api)
    {
        var response = await api.GetAsync("/api/v1/exports/oneroster");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return Read(await response.Content.ReadAsByteArrayAsync());
    }

    private static Dictionary<string, List<string[]>> Read(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.Name, e =>
        {
            using var reader = new StreamReader(e.Open(), Encoding.UTF8);
            return PlanFile.Csv(reader.ReadToEnd()).Select(r => r.Cells).ToList();
        });
    }

    private static IEnumerable<string> Column(List<string[]> file, string name)
    {
        var i = Array.IndexOf(file[0], name);
        Assert.True(i >= 0, $"no column {name}");
        return file.Skip(1).Select(r => r[i]);
    }

    private static string[] Row(List<string[]> file, string column, string value) =>
        file.Skip(1).Single(r => r[Array.IndexOf(file[0], column)] == value);

    [Fact]
    public async Task The_package_has_the_manifest_and_every_file_in_the_specs_column_order()
    {
        await SeedAsync();
        var package = await PackageAsync(await _app.ApiClientAsync("admin"));

        string[] present = ["academicSessions", "classes", "courses", "enrollments", "orgs", "roles", "users"];
        Assert.Equal(["academicSessions.csv", "classes.csv", "courses.csv", "enrollments.csv", "manifest.csv", "orgs.csv", "roles.csv", "users.csv"],
            package.Keys.Order(StringComparer.Ordinal));
        var sampleManifest = File.ReadAllLines(Path.Combine(Samples, "manifest.csv"));
        Assert.Equal(sampleManifest.Skip(3).Select(l => l.Split(',')[0]), package["manifest.csv"].Skip(3).Take(21).Select(r => r[0]));
        Assert.Equal(["propertyName", "value"], package["manifest.csv"][0]);
        Assert.Equal(["manifest.version", "1.0"], package["manifest.csv"][1]);
        Assert.Equal(["oneroster.version", "1.2"], package["manifest.csv"][2]);
        Assert.All(package["manifest.csv"].Skip(3).Take(21),
            r => Assert.Equal(present.Contains(r[0]["file.".Length..]) ? "bulk" : "absent", r[1]));
        foreach (var file in present)
            Assert.Equal(File.ReadLines(Path.Combine(Samples, file + ".csv")).First().Split(','), package[file + ".csv"][0]);
    }

    [Fact]
    public async Task Booleans_are_lower_case_dates_are_iso_and_bulk_rows_carry_no_status_or_date_time()
    {
        await SeedAsync();
        var package = await PackageAsync(await _app.ApiClientAsync("admin"));

        Assert.Equal(["false", "true"], Column(package["users.csv"], "enabledUser").Distinct().Order());
        Assert.Equal(["false", "true"], Column(package["enrollments.csv"], "primary").Distinct().Order());
        var date = new Regex(@"^\d{4}-\d{2}-\d{2}$");
        foreach (var (file, column) in new[] { ("academicSessions", "startDate"), ("academicSessions", "endDate"), ("enrollments", "beginDate") })
            Assert.All(Column(package[file + ".csv"], column), d => Assert.Matches(date, d));
        Assert.All(Column(package["roles.csv"], "beginDate").Where(d => d.Length > 0), d => Assert.Matches(date, d));
        foreach (var file in package.Keys.Where(k => k != "manifest.csv"))
        {
            Assert.All(Column(package[file], "status"), Assert.Empty);
            Assert.All(Column(package[file], "dateLastModified"), Assert.Empty);
        }
        var sessions = package["academicSessions.csv"];
        Assert.Equal(["2026/2027", "schoolYear", "2026-09-01", "2027-05-31", "", "2027"], Row(sessions, "type", "schoolYear")[3..]);
        Assert.Equal(["1 четверть", "term", "2026-09-01", "2026-10-24"], Row(sessions, "title", "1 четверть")[3..7]);
    }

    [Fact]
    public async Task Every_reference_points_at_a_row_of_the_package_and_counts_are_the_schools()
    {
        await SeedAsync();
        var package = await PackageAsync(await _app.ApiClientAsync("admin"));

        HashSet<string> Ids(string file) => [.. Column(package[file + ".csv"], "sourcedId")];
        var (users, classes, courses, sessions, orgs) = (Ids("users"), Ids("classes"), Ids("courses"), Ids("academicSessions"), Ids("orgs"));
        Assert.All(Column(package["enrollments.csv"], "classSourcedId"), id => Assert.Contains(id, classes));
        Assert.All(Column(package["enrollments.csv"], "userSourcedId"), id => Assert.Contains(id, users));
        Assert.All(Column(package["enrollments.csv"], "schoolSourcedId"), id => Assert.Contains(id, orgs));
        Assert.All(Column(package["roles.csv"], "userSourcedId"), id => Assert.Contains(id, users));
        Assert.All(Column(package["classes.csv"], "courseSourcedId"), id => Assert.Contains(id, courses));
        Assert.All(Column(package["classes.csv"], "termSourcedIds").SelectMany(t => t.Split(',')), id => Assert.Contains(id, sessions));
        Assert.All(Column(package["users.csv"], "agentSourcedIds").Where(a => a.Length > 0).SelectMany(a => a.Split(',')),
            id => Assert.Contains(id, users));
        foreach (var file in package.Keys.Where(k => k != "manifest.csv"))
            Assert.Equal(package[file].Count - 1, Column(package[file], "sourcedId").Distinct().Count());

        // By hand: one school; the year and its four quarters; courses: the homerooms of grades 5 and 6, maths, English and choir of grade 5;
        // classes: 5А, 6Б and the three groups; users: 3 students now in a class, the 2 parents of those, the 2 staff at work; roles: one each
        // and Петрова's second (counselor); enrollments: 3 in homerooms + Смирнова leading 5А + maths 2 + 1 + English 1 + 1 + choir 3 + 1.
        var counts = package.Where(p => p.Key != "manifest.csv").ToDictionary(p => p.Key[..^4], p => p.Value.Count - 1);
        Assert.Equal(new Dictionary<string, int>
        {
            ["orgs"] = 1, ["academicSessions"] = 5, ["courses"] = 5, ["classes"] = 5, ["users"] = 7, ["roles"] = 8, ["enrollments"] = 13,
        }, counts);
        var studentsInClasses = await _app.QueryAsync(db => db.Enrolments.IgnoreQueryFilters().CountAsync(e => e.To == null));
        Assert.Equal(studentsInClasses, Column(package["roles.csv"], "role").Count(r => r == "student"));
        Assert.Equal(["counselor", "guardian", "parent", "student", "teacher"], Column(package["roles.csv"], "role").Distinct().Order());
        Assert.Equal(["homeroom", "scheduled"], Column(package["classes.csv"], "classType").Distinct().Order());
        var choir = Row(package["classes.csv"], "title", "Хор, 5А, 6Б");
        Assert.Equal(["05,06", "scheduled", "Хор"], [choir[4], choir[7], choir[11]]);
        Assert.Equal(4, choir[10].Split(',').Length);
        var orlova = Row(package["users.csv"], "familyName", "Орлова");
        Assert.Equal(["true", "roditel", "Елена", "Орлова", "Сергеевна", "orlova@example.ru"],
            [orlova[3], orlova[4], orlova[6], orlova[7], orlova[8], orlova[10]]);
        Assert.Equal(2, orlova[13].Split(',').Length);
    }

    [Fact]
    public async Task Two_exports_give_the_same_ids_and_the_same_bytes_and_each_is_audited()
    {
        await SeedAsync();
        var api = await _app.ApiClientAsync("admin");

        var first = await api.GetByteArrayAsync("/api/v1/exports/oneroster");
        var second = await api.GetByteArrayAsync("/api/v1/exports/oneroster");

        Assert.Equal(first, second);
        var events = await _app.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Where(e => e.Type == AuditEventType.DataExported)
            .Select(e => new { e.EntityId, e.After }).ToListAsync());
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("oneroster", e.EntityId));
        Assert.Contains("\"users\":7", events[0].After);
        Assert.DoesNotContain("Орлов", events[0].After);
    }

    [Fact]
    public async Task Teachers_and_parents_are_refused_and_the_page_offers_the_package()
    {
        await SeedAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.ApiClientAsync("smirnova")).GetAsync("/api/v1/exports/oneroster")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.ApiClientAsync("roditel")).GetAsync("/api/v1/exports/oneroster")).StatusCode);
        var page = await _app.PageClientAsync("admin");
        var html = await page.GetPageAsync("/Admin/Export");
        var href = html.QuerySelector("a.oneroster-download")!.GetAttribute("href")!;
        var zip = await page.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        Assert.Equal(8, Read(await zip.Content.ReadAsByteArrayAsync()).Count);
    }
}
