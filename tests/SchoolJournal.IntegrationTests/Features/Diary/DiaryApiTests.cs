using System.Net;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Diary;

/// <summary>GET /api/v1/students/{studentId}/diary (API.md): its shape and values, who may read it, bad input.</summary>
public sealed class DiaryApiTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private const string Week = "from=2026-11-23&to=2026-11-29";

    [Fact]
    public async Task The_week_reads_as_computed_by_hand()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var student = await _app.ApiClientAsync("orlov");

        var response = await student.GetAsync($"/api/v1/students/{s.J.Orlov.Id}/diary?{Week}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var days = (await response.JsonAsync()).GetProperty("days");
        // Days with lessons only: Mon, Tue, Wed, Thu (the cancelled one), Sat (the moved one). Fri and Sun have none.
        Assert.Equal(["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-28"],
            days.EnumerateArray().Select(d => d.GetProperty("date").GetString()!).ToArray());

        var mon = Single(days, 0);
        Assert.Equal(s.MathMon.Id, mon.GetProperty("lessonId").GetInt32());
        Assert.Equal("Математика", mon.GetProperty("subject").GetString());
        Assert.Equal("Смирнова А. В.", mon.GetProperty("teacher").GetString());
        Assert.Equal("Дроби", mon.GetProperty("topic").GetString());
        Assert.Equal("№ 12", mon.GetProperty("homework").GetString());
        var mark = Assert.Single(mon.GetProperty("marks").EnumerateArray());
        Assert.Equal("5", mark.GetProperty("value").GetString());
        Assert.Equal("Контрольная работа", mark.GetProperty("workType").GetString());
        Assert.Equal(JsonValueKind.Null, mon.GetProperty("absence").ValueKind);
        Assert.False(mon.TryGetProperty("substitution", out _));

        var tue = Single(days, 1);
        Assert.Equal("Русский язык", tue.GetProperty("subject").GetString());
        Assert.Equal("Смирнова А. В.", tue.GetProperty("teacher").GetString()); // the substitute teaches
        Assert.Equal("Н", tue.GetProperty("absence").GetString());
        Assert.Equal(JsonValueKind.Null, tue.GetProperty("homework").ValueKind);
        var sub = tue.GetProperty("substitution");
        Assert.Equal("substitute", sub.GetProperty("kind").GetString());
        Assert.Equal("Смирнова А. В.", sub.GetProperty("teacher").GetString());
        Assert.Equal("Козлов И. П.", sub.GetProperty("originalTeacher").GetString());

        // Homework for Белов only: Орлов does not get it.
        var wed = Single(days, 2);
        Assert.Equal(s.MathWed.Id, wed.GetProperty("lessonId").GetInt32());
        Assert.Equal(JsonValueKind.Null, wed.GetProperty("homework").ValueKind);

        var thu = Single(days, 3);
        Assert.Equal(s.RussianThu.Id, thu.GetProperty("lessonId").GetInt32());
        Assert.Equal("cancelled", thu.GetProperty("substitution").GetProperty("kind").GetString());

        var sat = Single(days, 4);
        Assert.Equal(s.MathSat.Id, sat.GetProperty("lessonId").GetInt32());
        var moved = sat.GetProperty("substitution");
        Assert.Equal("moved", moved.GetProperty("kind").GetString());
        Assert.Equal("2026-11-26", moved.GetProperty("fromDate").GetString());
        Assert.Equal(3, moved.GetProperty("fromNumber").GetInt32());
    }

    [Fact]
    public async Task Homework_for_part_of_the_group_reaches_only_its_students()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        var belov = await (await teacher.GetAsync($"/api/v1/students/{s.J.Belov.Id}/diary?from=2026-11-25&to=2026-11-25")).JsonAsync();
        var orlov = await (await teacher.GetAsync($"/api/v1/students/{s.J.Orlov.Id}/diary?from=2026-11-25&to=2026-11-25")).JsonAsync();

        Assert.Equal("Доп. задача", Single(belov.GetProperty("days"), 0).GetProperty("homework").GetString());
        Assert.Equal(JsonValueKind.Null, Single(orlov.GetProperty("days"), 0).GetProperty("homework").ValueKind);
    }

    [Theory]
    [InlineData("orlov", HttpStatusCode.OK)]     // the student himself
    [InlineData("mama", HttpStatusCode.OK)]      // his parent
    [InlineData("smirnova", HttpStatusCode.OK)]  // a teacher of his group
    [InlineData("kozlova", HttpStatusCode.OK)]   // his class teacher
    [InlineData("petrov", HttpStatusCode.OK)]    // the director
    [InlineData("belova", HttpStatusCode.Forbidden)] // another family's parent
    [InlineData("ivanov", HttpStatusCode.Forbidden)] // a teacher of another class
    public async Task Only_the_student_his_parents_and_his_staff_read_his_diary(string login, HttpStatusCode expected)
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.ApiClientAsync(login);

        var response = await client.GetAsync($"/api/v1/students/{s.J.Orlov.Id}/diary?{Week}");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Нет доступа", body);
            Assert.DoesNotContain("Орлов", body);
            Assert.DoesNotContain("Математика", body);
        }
    }

    [Fact]
    public async Task A_student_of_another_school_is_refused_like_one_not_his()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.ApiClientAsync("mama");

        var response = await client.GetAsync($"/api/v1/students/{s.Zaitsev.Id + 1000}/diary?{Week}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("from=2026-11-23", "Неверные даты")]
    [InlineData("to=2026-11-29", "Неверные даты")]
    [InlineData("from=23.11.2026&to=29.11.2026", "Неверные даты")]
    [InlineData("from=2026-11-30&to=2026-11-23", "Неверные даты")]
    [InlineData("from=2026-09-01&to=2026-11-02", "Слишком большой период")] // 30 + 31 + 2 = 63 days
    public async Task Bad_dates_are_refused_in_Russian(string query, string title)
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.ApiClientAsync("orlov");

        var response = await client.GetAsync($"/api/v1/students/{s.J.Orlov.Id}/diary?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Sixty_two_days_are_allowed()
    {
        var s = await _app.SeedAsync(DiaryWeekSchool.BuildAsync);
        var client = await _app.ApiClientAsync("orlov");

        // 1.10 … 1.12 is 31 + 30 + 1 = 62 days.
        var response = await client.GetAsync($"/api/v1/students/{s.J.Orlov.Id}/diary?from=2026-10-01&to=2026-12-01");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // 20.11 (JournalSchool) and the five days of the week of 23.11.
        Assert.Equal(6, (await response.JsonAsync()).GetProperty("days").GetArrayLength());
    }

    [Fact]
    public async Task A_student_who_changed_class_mid_week_sees_each_class_on_its_days()
    {
        var (s, newMath) = await _app.SeedAsync(async b =>
        {
            var s = await DiaryWeekSchool.BuildAsync(b);
            var classB = await b.ClassAsync(5, "Б");
            var math = await b.GroupAsync("Математика", s.J.Teacher, [classB], members: []);
            await b.TransferAsync(s.J.Orlov, classB, DiaryWeekSchool.Monday.AddDays(2));
            var old = b.Db.GroupMemberships.Where(m => m.StudentId == s.J.Orlov.Id).ToList();
            foreach (var m in old) m.To = DiaryWeekSchool.Monday.AddDays(1);
            await b.Db.SaveChangesAsync();
            await b.MembershipAsync(math, s.J.Orlov, DiaryWeekSchool.Monday.AddDays(2));
            await b.LessonAsync(math, DiaryWeekSchool.Monday.AddDays(1), 5, s.J.Teacher, "5Б до перевода");
            var after = await b.LessonAsync(math, DiaryWeekSchool.Monday.AddDays(3), 5, s.J.Teacher, "5Б после перевода");
            return (s, after);
        });
        var client = await _app.ApiClientAsync("orlov");

        var days = (await (await client.GetAsync($"/api/v1/students/{s.J.Orlov.Id}/diary?{Week}")).JsonAsync()).GetProperty("days");

        var ids = days.EnumerateArray()
            .SelectMany(d => d.GetProperty("lessons").EnumerateArray().Select(l => l.GetProperty("lessonId").GetInt32())).ToList();
        // 5А's lessons of Monday and Tuesday, then 5Б's from Wednesday: not 5А's Wednesday, Thursday or Saturday lessons.
        Assert.Equal([s.MathMon.Id, s.RussianTue.Id, newMath.Id], ids);
    }

    private static JsonElement Single(JsonElement days, int day) => Assert.Single(days[day].GetProperty("lessons").EnumerateArray());
}
