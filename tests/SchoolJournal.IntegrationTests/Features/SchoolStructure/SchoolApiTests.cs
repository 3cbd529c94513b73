using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.SchoolStructure;

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

    private sealed record ClassRow(int Id, string Name, int Grade, int[] ClassTeacherIds);
    private sealed record StudentRow(int Id, string DisplayName);
    private sealed record PeriodRow(int Id, string Name, DateOnly Start, DateOnly End, string Kind);

    /// <summary>5А and 6Б taught by Смирнова (maths), 7В led by Козлова (class teacher only), 8Г nobody's; a director, a deputy.</summary>
    private sealed record Structure(SchoolClass C5, SchoolClass C6, SchoolClass C7, SchoolClass C8, StaffMember ClassTeacher,
        TeachingGroup Math, TeachingGroup Russian7, TeachingGroup Biology7, TeachingGroup History8);

    private Task<Structure> SeedStructureAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.StaffAsync("Петров", "Олег", "Иванович", "director", Roles.Director);
        await b.StaffAsync("Фёдорова", "Нина", "Андреевна", "deputy", Roles.Deputy);
        var math = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var other = await b.StaffAsync("Козлов", "Илья", "Петрович", "kozlov", Roles.Teacher);
        var leader = await b.StaffAsync("Козлова", "Ирина", "Павловна", "kozlova", Roles.ClassTeacher);
        await b.UserAsync("admin", "Администратор", [Roles.SysAdmin]);
        var c5 = await b.ClassAsync(5, "А");
        var c6 = await b.ClassAsync(6, "Б");
        var c7 = await b.ClassAsync(7, "В", leader);
        var c8 = await b.ClassAsync(8, "Г");
        var pupil = await b.StudentAsync(c5, "Орлов", "Артём", "orlov");
        await b.StudentAsync(c7, "Белова", "Дарья");
        await b.StudentAsync(c8, "Зайцев", "Роман");
        await b.ParentAsync("Орлова", "Елена", "orlova", pupil);
        var mathGroup = await b.GroupAsync("Математика", math, [c5, c6]);
        var russian7 = await b.GroupAsync("Русский язык", other, [c7]);
        var biology7 = await b.GroupAsync("Биология", other, [c7]);
        var history8 = await b.GroupAsync("История", other, [c8]);
        return new Structure(c5, c6, c7, c8, leader, mathGroup, russian7, biology7, history8);
    });

    private async Task<string[]> ClassNamesAsync(string login)
    {
        var client = await _app.ApiClientAsync(login);
        return [.. (await client.GetFromJsonAsync<ClassRow[]>("/api/v1/classes"))!.Select(c => c.Name)];
    }

    [Fact]
    public async Task A_teacher_sees_the_classes_of_his_groups()
    {
        await SeedStructureAsync();

        Assert.Equal(["5А", "6Б"], await ClassNamesAsync("smirnova"));
    }

    [Fact]
    public async Task A_class_teacher_sees_his_class_with_himself_as_its_class_teacher()
    {
        var s = await SeedStructureAsync();
        var client = await _app.ApiClientAsync("kozlova");

        var classes = await client.GetFromJsonAsync<ClassRow[]>("/api/v1/classes");

        var only = Assert.Single(classes!);
        Assert.Equal((s.C7.Id, "7В", 7), (only.Id, only.Name, only.Grade));
        Assert.Equal([s.ClassTeacher.Id], only.ClassTeacherIds);
    }

    [Theory]
    [InlineData("director")]
    [InlineData("deputy")]
    public async Task The_administration_sees_every_class_of_the_school_in_order(string login)
    {
        await SeedStructureAsync();

        Assert.Equal(["5А", "6Б", "7В", "8Г"], await ClassNamesAsync(login));
    }

    [Fact]
    public async Task A_student_sees_only_his_own_class()
    {
        await SeedStructureAsync();

        Assert.Equal(["5А"], await ClassNamesAsync("orlov"));
        Assert.Equal(["5А"], await ClassNamesAsync("orlova"));
    }

    [Theory]
    [InlineData("orlov")]
    [InlineData("orlova")]
    [InlineData("kozlova")]
    public async Task The_roster_of_5A_is_closed_to_its_student_parent_and_an_unrelated_class_teacher(string login)
    {
        var s = await SeedStructureAsync();
        var client = await _app.ApiClientAsync(login);

        var response = await client.GetAsync($"/api/v1/classes/{s.C5.Id}/students");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Teacher_cannot_see_the_roster_of_a_class_he_does_not_teach()
    {
        var s = await SeedStructureAsync();
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.GetAsync($"/api/v1/classes/{s.C8.Id}/students");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Нет доступа к составу класса", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("kozlova")]
    [InlineData("director")]
    [InlineData("deputy")]
    [InlineData("admin")]
    [InlineData("kozlov")]
    public async Task Staff_involved_with_7V_read_its_roster(string login)
    {
        var s = await SeedStructureAsync();
        var client = await _app.ApiClientAsync(login);

        var roster = await client.GetFromJsonAsync<StudentRow[]>($"/api/v1/classes/{s.C7.Id}/students");

        Assert.Equal("Белова Дарья Иванович", Assert.Single(roster!).DisplayName);
    }

    [Fact]
    public async Task An_unknown_class_is_404()
    {
        await SeedStructureAsync();
        var client = await _app.ApiClientAsync("director");

        var response = await client.GetAsync("/api/v1/classes/999999/students");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_student_who_transferred_mid_term_is_only_in_his_new_class_roster()
    {
        var (from, to, moved) = await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            await b.StaffAsync("Петров", "Олег", "Иванович", "director", Roles.Director);
            var c5a = await b.ClassAsync(5, "А");
            var c5b = await b.ClassAsync(5, "Б");
            var moved = await b.StudentAsync(c5a, "Орлов", "Артём");
            await b.StudentAsync(c5a, "Белов", "Денис");
            await b.StudentAsync(c5b, "Яковлев", "Глеб");
            await b.TransferAsync(moved, c5b, new DateOnly(2026, 11, 9));
            return (c5a, c5b, moved);
        });
        var client = await _app.ApiClientAsync("director");

        var oldRoster = await client.GetFromJsonAsync<StudentRow[]>($"/api/v1/classes/{from.Id}/students");
        var newRoster = await client.GetFromJsonAsync<StudentRow[]>($"/api/v1/classes/{to.Id}/students");

        Assert.DoesNotContain(oldRoster!, r => r.Id == moved.Id);
        Assert.Equal(["Орлов Артём Иванович", "Яковлев Глеб Иванович"], newRoster!.Select(r => r.DisplayName));
        Assert.Equal(["Белов Денис Иванович"], oldRoster!.Select(r => r.DisplayName));
    }

    [Fact]
    public async Task Periods_are_the_four_quarters_of_the_current_year()
    {
        await SeedStructureAsync();
        var client = await _app.ApiClientAsync("orlova");

        var periods = await client.GetFromJsonAsync<PeriodRow[]>("/api/v1/periods");

        Assert.Equal(["1 четверть", "2 четверть", "3 четверть", "4 четверть"], periods!.Select(p => p.Name));
        Assert.All(periods!, p => Assert.Equal("quarter", p.Kind));
        Assert.Equal((new DateOnly(2026, 11, 3), new DateOnly(2026, 12, 28)), (periods![1].Start, periods[1].End));
    }

    [Fact]
    public async Task Periods_are_written_as_ISO_dates()
    {
        await SeedStructureAsync();
        var client = await _app.ApiClientAsync("director");

        var first = (await client.GetFromJsonAsync<JsonElement>("/api/v1/periods"))[0];

        Assert.Equal("2026-09-01", first.GetProperty("start").GetString());
        Assert.Equal("2026-10-24", first.GetProperty("end").GetString());
    }

    [Fact]
    public async Task A_class_teacher_sees_the_groups_of_his_class()
    {
        var s = await SeedStructureAsync();
        var client = await _app.ApiClientAsync("kozlova");

        var groups = await client.GetFromJsonAsync<GroupRow[]>("/api/v1/groups");

        Assert.Equal(new[] { s.Biology7.Id, s.Russian7.Id }.Order(), groups!.Select(g => g.Id).Order());
        Assert.All(groups!, g => Assert.Equal([s.C7.Id], g.ClassIds));
    }

    [Fact]
    public async Task A_deputy_sees_every_group_with_its_classes_and_teachers()
    {
        var s = await SeedStructureAsync();
        var client = await _app.ApiClientAsync("deputy");

        var groups = await client.GetFromJsonAsync<GroupRow[]>("/api/v1/groups");

        Assert.Equal(4, groups!.Length);
        var math = Assert.Single(groups, g => g.Id == s.Math.Id);
        Assert.Equal(new[] { s.C5.Id, s.C6.Id }.Order(), math.ClassIds.Order());
        Assert.Single(math.TeacherIds);
    }

    [Fact]
    public async Task A_user_of_one_school_never_sees_the_classes_groups_or_rosters_of_another()
    {
        var (classB, groupB) = await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync("МБОУ «СОШ № 1»");
            await b.StaffAsync("Петров", "Олег", "Иванович", "director.a", Roles.Director);
            var teacherA = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "teacher.a", Roles.Teacher);
            var classA = await b.ClassAsync(5, "А");
            await b.GroupAsync("Математика", teacherA, [classA]);

            await b.SchoolAsync("МБОУ «Гимназия № 2»");
            await b.StaffAsync("Сидоров", "Павел", "Львович", "director.b", Roles.Director);
            var teacherB = await b.StaffAsync("Кузнецова", "Ольга", "Игоревна", "teacher.b", Roles.Teacher);
            var classB = await b.ClassAsync(6, "Б");
            await b.StudentAsync(classB, "Ветров", "Игорь");
            return (classB, await b.GroupAsync("Математика", teacherB, [classB]));
        });
        var directorA = await _app.ApiClientAsync("director.a");

        var classes = await directorA.GetFromJsonAsync<ClassRow[]>("/api/v1/classes");
        var groups = await directorA.GetFromJsonAsync<GroupRow[]>("/api/v1/groups");
        var periods = await directorA.GetFromJsonAsync<PeriodRow[]>("/api/v1/periods");
        var roster = await directorA.GetAsync($"/api/v1/classes/{classB.Id}/students");

        Assert.Equal(["5А"], classes!.Select(c => c.Name));
        Assert.DoesNotContain(groups!, g => g.Id == groupB.Id);
        Assert.Single(groups!);
        Assert.Equal(4, periods!.Length);
        Assert.Equal(HttpStatusCode.NotFound, roster.StatusCode);
        Assert.Equal(["6Б"], await ClassNamesAsync("director.b"));
    }

    [Fact]
    public async Task An_account_without_a_school_sees_no_schools_data()
    {
        var cls = await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            var stray = await b.UserAsync("stray", "Без школы", [Roles.Director]);
            var cls = await b.ClassAsync(5, "А");
            await b.StudentAsync(cls, "Орлов", "Артём");
            stray.SchoolId = null;
            await b.Db.SaveChangesAsync();
            return cls;
        });
        var client = await _app.ApiClientAsync("stray");

        Assert.Empty((await client.GetFromJsonAsync<ClassRow[]>("/api/v1/classes"))!);
        Assert.Empty((await client.GetFromJsonAsync<GroupRow[]>("/api/v1/groups"))!);
        Assert.Empty((await client.GetFromJsonAsync<PeriodRow[]>("/api/v1/periods"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/classes/{cls.Id}/students")).StatusCode);
    }
}
