using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Students;

/// <summary>«Личное дело ученика» (R-ROLE-3): the class teacher corrects his students' files, audited, and nobody else's.</summary>
public sealed class StudentCardTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record World(int FifthA, int FifthB, int Ivanov, int Petrov);

    private Task<World> SeedAsync(bool moveIvanov = false) => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        var kozlova = await b.StaffAsync("Козлова", "Ирина", "Павловна", "kozlova", Roles.ClassTeacher, Roles.Teacher);
        var orlov = await b.StaffAsync("Орлов", "Пётр", "Ильич", "orlov", Roles.ClassTeacher);
        await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        await b.StaffAsync("Волкова", "Ольга", "Петровна", "zavuch", Roles.Deputy);
        await b.StaffAsync("Сидоров", "Сергей", "Николаевич", "admin", Roles.SysAdmin);
        var a = await b.ClassAsync(5, "А", kozlova);
        var bClass = await b.ClassAsync(5, "Б", orlov);
        var ivanov = await b.StudentAsync(a, "Иванов", "Алексей");
        var petrov = await b.StudentAsync(a, "Петров", "Дмитрий");
        await b.ParentAsync("Иванова", "Мария", null, ivanov);
        if (moveIvanov) await b.TransferAsync(ivanov, bClass, new DateOnly(2026, 11, 16));
        return new World(a.Id, bClass.Id, ivanov.Id, petrov.Id);
    });

    private static Dictionary<string, object?> Body(string lastName = "Иванов", string? address = "г. Тверь, ул. Советская, д. 5, кв. 12",
        int? health = 2, string? pe = "preparatory", string birth = "14.03.2015", string? snils = "112-233-445 95", string gender = "male") => new()
    {
        ["lastName"] = lastName, ["firstName"] = "Алексей", ["middleName"] = "Иванович", ["birthDate"] = birth, ["gender"] = gender,
        ["snils"] = snils, ["address"] = address, ["identityDocument"] = "свидетельство о рождении II-МЮ № 123456",
        ["healthGroup"] = health, ["physicalEducationGroup"] = pe,
    };

    private Task<Student> StudentAsync(int id) => _app.QueryAsync(db => db.Students.AsNoTracking().SingleAsync(s => s.Id == id));

    private Task<List<AuditEvent>> ChangesAsync() => _app.QueryAsync(db =>
        db.AuditEvents.AsNoTracking().Where(e => e.Type == AuditEventType.StudentCardChanged).OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task The_class_teacher_corrects_his_students_file_on_the_page_and_the_audit_names_what_changed_without_the_address()
    {
        var w = await SeedAsync();
        var kozlova = await _app.PageClientAsync("kozlova");

        var register = await kozlova.GetPageAsync($"/Parents/Class/{w.FifthA}");
        Assert.Equal($"/Students/{w.Ivanov}", register.QuerySelectorAll("a.card-link").Select(a => a.GetAttribute("href"))
            .Single(h => h == $"/Students/{w.Ivanov}"));
        var page = await kozlova.GetPageAsync($"/Students/{w.Ivanov}");
        Assert.Equal("Личное дело: Иванов Алексей Иванович", page.TextOf("h1"));
        Assert.Equal("Класс 5А. Исправления записываются в журнал аудита: кто и когда. Адрес, документ и сведения о здоровье видят только "
            + "классный руководитель, директор и заместитель директора.", page.TextOf("main > p.hint"));
        Assert.Equal("Иванова Мария Сергеевна — мать", page.TextOf("section.card li"));

        var saved = await Forms.PostAsync(kozlova, $"/Students/{w.Ivanov}", new()
        {
            ["LastName"] = "Иванов-Петров", ["FirstName"] = "Алексей", ["MiddleName"] = "Иванович", ["BirthDate"] = "14.03.2015",
            ["Gender"] = "male", ["Snils"] = "", ["Address"] = "г. Тверь, ул. Советская, д. 5, кв. 12",
            ["IdentityDocument"] = "свидетельство о рождении II-МЮ № 123456", ["HealthGroup"] = "2", ["PhysicalEducationGroup"] = "preparatory",
        });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var after = await Html.ParseAsync(saved);
        Assert.Equal("Личное дело сохранено.", after.TextOf("p.flash"));
        Assert.Equal("II", after.TextOf("select[name=HealthGroup] option[selected]"));
        var student = await StudentAsync(w.Ivanov);
        Assert.Equal(("Иванов-Петров", new DateOnly(2015, 3, 14), 2, PhysicalEducationGroup.Preparatory),
            (student.LastName, student.BirthDate, student.HealthGroup, student.PhysicalEducationGroup));
        Assert.Equal("г. Тверь, ул. Советская, д. 5, кв. 12", student.Address);
        var change = Assert.Single(await ChangesAsync());
        Assert.Equal("Козлова Ирина Павловна", change.ActorName);
        var before = JsonDocument.Parse(change.Before!).RootElement;
        var now = JsonDocument.Parse(change.After!).RootElement;
        Assert.Equal("Иванов", before.GetProperty("lastName").GetString());
        Assert.Equal("Иванов-Петров", now.GetProperty("lastName").GetString());
        Assert.Equal(["address", "identityDocument", "healthGroup", "physicalEducationGroup"],
            now.GetProperty("changed").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("Советская", change.After, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", change.After, StringComparison.Ordinal);

        // The same values again: no second event.
        var api = await _app.ApiClientAsync("kozlova");
        var card = await api.GetFromJsonAsync<JsonElement>($"/api/v1/students/{w.Ivanov}/card");
        Assert.Equal("5А", card.GetProperty("className").GetString());
        Assert.Equal("preparatory", card.GetProperty("physicalEducationGroup").GetString());
        var same = Body("Иванов-Петров", snils: null);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/students/{w.Ivanov}/card", same)).StatusCode);
        Assert.Single(await ChangesAsync());
    }

    [Theory]
    [InlineData("missing-address", "")]
    [InlineData("empty-name", "Не указаны фамилия или имя")]
    [InlineData("birth-format", "Неверная дата рождения")]
    [InlineData("too-young", "Неверная дата рождения")]
    [InlineData("snils", "Неверный СНИЛС")]
    [InlineData("health", "Неверная группа здоровья")]
    [InlineData("pe", "Неверная физкультурная группа")]
    [InlineData("gender", "Не указан пол")]
    public async Task Bad_input_is_refused_in_russian_and_changes_nothing(string @case, string title)
    {
        var w = await SeedAsync();
        var before = await StudentAsync(w.Ivanov);
        var body = @case switch
        {
            "missing-address" => Body().Where(kv => kv.Key != "address").ToDictionary(),
            "empty-name" => Body(lastName: "  "),
            "birth-format" => Body(birth: "2015/03/14"),
            "too-young" => Body(birth: "01.01.2024"),
            "snils" => Body(snils: "112-233-445 96"),
            "health" => Body(health: 7),
            "pe" => Body(pe: "olympic"),
            _ => Body(gender: "x"),
        };

        var response = await (await _app.ApiClientAsync("kozlova")).PutAsJsonAsync($"/api/v1/students/{w.Ivanov}/card", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (title.Length > 0) Assert.Equal(title, problem.GetProperty("title").GetString());
        else Assert.Equal("Не переданы обязательные поля: address. Передайте все поля, в том числе неизменные; пустые — как null.",
            problem.GetProperty("detail").GetString());
        var after = await StudentAsync(w.Ivanov);
        Assert.Equal((before.LastName, before.BirthDate, before.Address, before.HealthGroup), (after.LastName, after.BirthDate, after.Address,
            after.HealthGroup));
        Assert.Empty(await ChangesAsync());
    }

    [Fact]
    public async Task Another_class_teacher_a_subject_teacher_and_the_administrator_are_refused_the_director_and_deputy_are_not()
    {
        var w = await SeedAsync();
        foreach (var login in new[] { "orlov", "smirnova", "admin" })
        {
            var api = await _app.ApiClientAsync(login);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/students/{w.Ivanov}/card")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PutAsJsonAsync($"/api/v1/students/{w.Ivanov}/card", Body("Чужой"))).StatusCode);
        }
        Assert.Equal("Иванов", (await StudentAsync(w.Ivanov)).LastName);
        Assert.Empty(await ChangesAsync());

        var deputy = await _app.ApiClientAsync("zavuch");
        Assert.Equal(HttpStatusCode.OK, (await deputy.PutAsJsonAsync($"/api/v1/students/{w.Petrov}/card", Body("Петров"))).StatusCode);
        Assert.Equal(2, (await StudentAsync(w.Petrov)).HealthGroup);
    }

    [Fact]
    public async Task A_student_who_moved_class_is_kept_by_his_new_class_teacher_and_no_longer_by_the_old_one()
    {
        var w = await SeedAsync(moveIvanov: true);

        var kozlova = await _app.ApiClientAsync("kozlova");
        Assert.Equal(HttpStatusCode.Forbidden, (await kozlova.GetAsync($"/api/v1/students/{w.Ivanov}/card")).StatusCode);
        var orlov = await _app.ApiClientAsync("orlov");
        var card = await orlov.GetFromJsonAsync<JsonElement>($"/api/v1/students/{w.Ivanov}/card");
        Assert.Equal("5Б", card.GetProperty("className").GetString());
        Assert.Equal(HttpStatusCode.OK, (await orlov.PutAsJsonAsync($"/api/v1/students/{w.Ivanov}/card", Body())).StatusCode);
    }
}
