using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Curricula;

/// <summary>Учебные планы through the API: create, change, classes, copy, delete, refusals.</summary>
public sealed class CurriculaTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Deputy_creates_a_plan_and_sees_its_total_against_the_maximum()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        var body = new
        {
            name = "Учебный план 5-х классов", grade = 5,
            lines = new object[]
            {
                new { subjectId = s.Maths.Id, hours = 5m, part = "federal", divided = false },
                new { subjectId = s.Russian.Id, hours = 6m, part = "federal", divided = false },
                new { subjectId = s.Chess.Id, hours = 0.5m, part = "school", divided = true },
            },
        };

        var response = await deputy.PostAsJsonAsync("/api/v1/curricula", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var plan = await response.JsonAsync();
        // 5 + 6 = 11 h of the обязательная часть, 0,5 h of the school's part, 11,5 h in all; the 5th grade's maximum is 29 / 32.
        Assert.Equal((11m, 0.5m, 11.5m, 29, 32), (plan.GetProperty("federalHours").GetDecimal(), plan.GetProperty("schoolHours").GetDecimal(),
            plan.GetProperty("totalHours").GetDecimal(), plan.GetProperty("maxHoursFiveDay").GetInt32(),
            plan.GetProperty("maxHoursSixDay").GetInt32()));
        Assert.Empty(plan.GetProperty("warnings").EnumerateArray());
        var lines = await _app.QueryAsync(db => db.CurriculumLines.OrderBy(l => l.HoursPerWeek)
            .Select(l => new { l.SubjectId, l.HoursPerWeek, l.Part, l.Divided }).ToListAsync());
        Assert.Equal(
            [(s.Chess.Id, 0.5m, SubjectComponent.School, true), (s.Maths.Id, 5m, SubjectComponent.Federal, false),
                (s.Russian.Id, 6m, SubjectComponent.Federal, false)],
            lines.Select(l => (l.SubjectId, l.HoursPerWeek, l.Part, l.Divided)));
        var audit = Assert.Single(await _app.AuditAsync());
        Assert.Equal((AuditEventType.SetupCreated, "curriculum", plan.GetProperty("id").GetInt32().ToString()),
            (audit.Type, audit.Entity, audit.EntityId));
    }

    [Fact]
    public async Task A_plan_over_the_maximum_is_warned()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        // 10 + 10 + 9,5 = 29,5 h > 29 h of the 5th grade on a 5-day week.
        var body = new
        {
            name = "Перегруженный план", grade = 5,
            lines = new object[]
            {
                new { subjectId = s.Maths.Id, hours = 10m, part = "federal" }, new { subjectId = s.Russian.Id, hours = 10m, part = "federal" },
                new { subjectId = s.Chess.Id, hours = 9.5m, part = "school" },
            },
        };

        var plan = await (await deputy.PostAsJsonAsync("/api/v1/curricula", body)).JsonAsync();

        Assert.Equal(["Недельная нагрузка 29,5 ч превышает максимально допустимую для 5 класса при пятидневной неделе: 29 ч (СанПиН 1.2.3685-21)."],
            plan.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    public static TheoryData<string, string> BadPlans() => new()
    {
        { """{ "name": "План", "grade": 5, "lines": [{ "subjectId": {maths}, "hours": 10.5, "part": "federal" }] }""", "Неверное число часов" },
        { """{ "name": "План", "grade": 5, "lines": [{ "subjectId": {maths}, "hours": 0, "part": "federal" }] }""", "Неверное число часов" },
        { """{ "name": "План", "grade": 5, "lines": [{ "subjectId": {maths}, "hours": 1.25, "part": "federal" }] }""", "Неверное число часов" },
        { """{ "name": "План", "grade": 5, "lines": [{ "subjectId": 999999, "hours": 1, "part": "federal" }] }""", "Предмет не найден" },
        {
            """{ "name": "План", "grade": 5, "lines": [{ "subjectId": {maths}, "hours": 1, "part": "federal" }, """
                + """{ "subjectId": {maths}, "hours": 2, "part": "federal" }] }""",
            "Предмет повторяется"
        },
        { """{ "name": "План", "grade": 5, "lines": [{ "subjectId": {maths}, "hours": 1, "part": "региональная" }] }""", "Неизвестная часть плана" },
        { """{ "name": "  ", "grade": 5, "lines": [] }""", "Не указано название плана" },
        { """{ "name": "План", "grade": 12, "lines": [] }""", "Неверная параллель" },
        { """{ "name": "План", "grade": 5, "profile": "technological", "lines": [] }""", "Профиль только для 10–11 классов" },
        { """{ "name": "План", "grade": 10, "lines": [] }""", "Не указан профиль" },
        { """{ "name": "План", "grade": 10, "profile": "военный", "lines": [] }""", "Неизвестный профиль" },
    };

    [Theory]
    [MemberData(nameof(BadPlans))]
    public async Task Bad_input_is_refused_in_russian_and_writes_nothing(string json, string title)
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsync("/api/v1/curricula",
            new StringContent(json.Replace("{maths}", s.Maths.Id.ToString()), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, (await response.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.Curricula.CountAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Staff_read_the_plans_only_managers_write_and_students_see_nothing()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var id = await CreateAsync(s);

        var teacher = await _app.ApiClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"/api/v1/curricula/{id}")).StatusCode);
        var post = await teacher.PostAsJsonAsync("/api/v1/curricula", new { name = "Мой план", grade = 5 });
        var put = await teacher.PutAsJsonAsync($"/api/v1/curricula/{id}", new { name = "Мой план", grade = 5 });
        var delete = await teacher.DeleteAsync($"/api/v1/curricula/{id}");
        var student = await (await _app.ApiClientAsync("orlov")).GetAsync("/api/v1/curricula");

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            [post.StatusCode, put.StatusCode, delete.StatusCode, student.StatusCode]);
        Assert.Equal(["Учебный план 5-х классов"], await _app.QueryAsync(db => db.Curricula.Select(c => c.Name).ToListAsync()));
        Assert.Single(await _app.AuditAsync());
    }

    [Fact]
    public async Task Put_replaces_the_lines()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var id = await CreateAsync(s);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PutAsJsonAsync($"/api/v1/curricula/{id}", new
        {
            name = "Учебный план 5-х классов (изм.)", grade = 5,
            lines = new[] { new { subjectId = s.Chess.Id, hours = 1.5m, part = "school", divided = false } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = await _app.QueryAsync(db => db.CurriculumLines.Select(l => new { l.CurriculumId, l.SubjectId, l.HoursPerWeek }).ToListAsync());
        Assert.Equal((id, s.Chess.Id, 1.5m), lines.Select(l => (l.CurriculumId, l.SubjectId, l.HoursPerWeek)).Single());
        Assert.Equal([AuditEventType.SetupCreated, AuditEventType.SetupChanged], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task Classes_are_assigned_and_a_plan_in_use_is_not_deleted()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var id = await CreateAsync(s);
        var deputy = await _app.ApiClientAsync("fedorova");

        var assign = await deputy.PutAsJsonAsync($"/api/v1/curricula/{id}/classes", new { classIds = new[] { s.A5.Id, s.B5.Id } });
        var refused = await deputy.DeleteAsync($"/api/v1/curricula/{id}");

        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        Assert.Equal(["5А", "5Б"], (await assign.JsonAsync()).GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("По этому плану учатся 5А, 5Б: сначала назначьте им другой план.",
            (await refused.JsonAsync()).GetProperty("detail").GetString());

        var unassign = await deputy.PutAsJsonAsync($"/api/v1/curricula/{id}/classes", new { classIds = new[] { s.A5.Id } });
        Assert.Equal(HttpStatusCode.OK, unassign.StatusCode);
        Assert.Equal([(s.A5.Id, (int?)id), (s.B5.Id, null)], await _app.QueryAsync(db =>
            db.SchoolClasses.OrderBy(c => c.Id).Select(c => new { c.Id, c.CurriculumId }).ToListAsync()) is var rows ? rows.Select(r =>
                (r.Id, r.CurriculumId)) : []);
        await deputy.PutAsJsonAsync($"/api/v1/curricula/{id}/classes", new { classIds = Array.Empty<int>() });
        Assert.Equal(HttpStatusCode.NoContent, (await deputy.DeleteAsync($"/api/v1/curricula/{id}")).StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.CurriculumLines.CountAsync()));
        Assert.Equal(AuditEventType.SetupDeleted, (await _app.AuditAsync())[^1].Type);
    }

    [Fact]
    public async Task A_class_of_another_grade_is_refused_and_keeps_its_plan()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await CurriculaSchool.BuildAsync(b);
            await b.ClassAsync(6, "А");
            return s;
        });
        var id = await CreateAsync(s);
        var deputy = await _app.ApiClientAsync("fedorova");
        var sixth = await _app.QueryAsync(db => db.SchoolClasses.Where(c => c.Grade == 6).Select(c => c.Id).SingleAsync());

        var response = await deputy.PutAsJsonAsync($"/api/v1/curricula/{id}/classes", new { classIds = new[] { s.A5.Id, sixth } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Класс другой параллели", (await response.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.SchoolClasses.CountAsync(c => c.CurriculumId != null)));
    }

    [Fact]
    public async Task A_plan_is_copied_for_another_profile()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        var source = await (await deputy.PostAsJsonAsync("/api/v1/curricula", new
        {
            name = "10 класс, универсальный профиль", grade = 10, profile = "universal",
            lines = new[] { new { subjectId = s.Maths.Id, hours = 4m, part = "federal", divided = false } },
        })).JsonAsync();

        var response = await deputy.PostAsJsonAsync("/api/v1/curricula", new
        {
            name = "10 класс, технологический профиль", grade = 10, profile = "технологический", copyOf = source.GetProperty("id").GetInt32(),
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var copy = await response.JsonAsync();
        Assert.Equal(("technological", "технологический", 4m),
            (copy.GetProperty("profile").GetString(), copy.GetProperty("profileName").GetString(), copy.GetProperty("totalHours").GetDecimal()));
        Assert.Equal(2, await _app.QueryAsync(db => db.CurriculumLines.CountAsync(l => l.SubjectId == s.Maths.Id && l.HoursPerWeek == 4)));
    }

    [Fact]
    public async Task An_individual_plan_belongs_to_a_student_of_its_grade()
    {
        var s = await _app.SeedAsync(CurriculaSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var wrongGrade = await deputy.PostAsJsonAsync("/api/v1/curricula", new { name = "ИУП Орлова", grade = 6, studentId = s.Orlov.Id });
        var created = await deputy.PostAsJsonAsync("/api/v1/curricula", new { name = "ИУП Орлова", grade = 5, studentId = s.Orlov.Id });

        Assert.Equal(HttpStatusCode.BadRequest, wrongGrade.StatusCode);
        Assert.Equal("Обучающийся учится в 5 классе, а план — для 6 класса.", (await wrongGrade.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plan = await created.JsonAsync();
        Assert.Equal("Орлов Артём Иванович", plan.GetProperty("student").GetString());
        var assign = await deputy.PutAsJsonAsync($"/api/v1/curricula/{plan.GetProperty("id").GetInt32()}/classes",
            new { classIds = new[] { s.A5.Id } });
        Assert.Equal(HttpStatusCode.BadRequest, assign.StatusCode);
    }

    private async Task<int> CreateAsync(CurriculaSchool s)
    {
        var deputy = await _app.ApiClientAsync("fedorova");
        var response = await deputy.PostAsJsonAsync("/api/v1/curricula", new
        {
            name = "Учебный план 5-х классов", grade = 5,
            lines = new[] { new { subjectId = s.Maths.Id, hours = 5m, part = "federal", divided = false } },
        });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }
}
