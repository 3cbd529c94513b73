using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Diary.Overview;

/// <summary>The diary's marks, homework, class and messages pages and their API (R-DIARY-1), on <see cref="OverviewSchool"/>.</summary>
public sealed class OverviewTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<OverviewSchool> SeedAsync() => _app.SeedAsync(OverviewSchool.BuildAsync);

    private static JsonElement Subject(JsonElement marks, string name) =>
        marks.GetProperty("subjects").EnumerateArray().Single(s => s.GetProperty("subject").GetString() == name);

    [Fact]
    public async Task Marks_by_subject_carry_the_journals_weighted_average_and_the_grades()
    {
        var s = await SeedAsync();
        var parent = await _app.ApiClientAsync("orlova");

        var marks = await parent.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.J.Orlov.Id}/marks");

        Assert.Equal(s.J.Quarter2.Id, marks.GetProperty("period").GetProperty("id").GetInt32());
        Assert.Equal("2026-11-03", marks.GetProperty("period").GetProperty("start").GetString());
        var math = Subject(marks, "Математика");
        // 16.11 «3» (weight 1), 18.11 «4» (weight 1), 20.11 «5» (контрольная, weight 2); the 1st quarter's «2» is not in it.
        Assert.Equal(["3", "4", "5"], math.GetProperty("marks").EnumerateArray().Select(m => m.GetProperty("value").GetString()));
        Assert.Equal(["2026-11-16", "2026-11-18", "2026-11-20"], math.GetProperty("marks").EnumerateArray().Select(m => m.GetProperty("date").GetString()));
        var five = math.GetProperty("marks")[2];
        Assert.Equal("Контрольная работа", five.GetProperty("workType").GetString());
        Assert.Equal(2m, five.GetProperty("weight").GetDecimal());
        Assert.Equal("Отличная работа", five.GetProperty("comment").GetString());
        // (3×1 + 4×1 + 5×2) / (1 + 1 + 2) = 17 / 4 = 4.25
        Assert.Equal(4.25m, math.GetProperty("average").GetDecimal());
        Assert.Equal("4", math.GetProperty("periodGrade").GetString());
        Assert.Equal("4", math.GetProperty("yearGrade").GetString());
        // Russian without marks is listed all the same; English is his sub-group's.
        Assert.Equal(JsonValueKind.Null, Subject(marks, "Русский язык").GetProperty("average").ValueKind);
        Assert.Equal(0, Subject(marks, "Английский язык").GetProperty("marks").GetArrayLength());
    }

    [Fact]
    public async Task Another_period_has_its_own_marks_and_grade_and_a_wrong_one_is_refused()
    {
        var s = await SeedAsync();
        var student = await _app.ApiClientAsync("orlov");
        var url = $"/api/v1/students/{s.J.Orlov.Id}/marks";

        var first = await student.GetFromJsonAsync<JsonElement>($"{url}?periodId={s.Quarter1.Id}");
        var unknown = await student.GetAsync($"{url}?periodId=999999");
        var bad = await student.GetAsync($"{url}?periodId=вторая");

        var math = Subject(first, "Математика");
        Assert.Equal("1 четверть", first.GetProperty("period").GetProperty("name").GetString());
        Assert.Equal(["2"], math.GetProperty("marks").EnumerateArray().Select(m => m.GetProperty("value").GetString()));
        Assert.Equal(2m, math.GetProperty("average").GetDecimal());
        Assert.Equal("5", math.GetProperty("periodGrade").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Учебный период не найден", (await unknown.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Неверный период", (await bad.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_marks_page_shows_the_average_as_the_journal_does_and_the_year_grades()
    {
        var s = await SeedAsync();
        var student = await _app.PageClientAsync("orlov");

        var html = await student.GetStringAsync("/Diary/Marks");

        Assert.Contains("<td class=\"num avg\" data-label=\"Средний балл\">4,25</td>", html);
        Assert.Contains("<td class=\"num grade\" data-label=\"За период\">4</td>", html);
        Assert.Contains("<td class=\"num year-grade\">4</td>", html);
        Assert.Contains("Отличная работа", html);
        Assert.Contains("Контрольная работа · вес 2", html);
        Assert.Contains($"href=\"/Diary/Homework?studentId={s.J.Orlov.Id}\"", html);
        // The «Год» table: the 1st quarter's «5», the 2nd's «4».
        Assert.Matches("<th scope=\"row\">Математика</th>\\s*<td class=\"num\">5</td><td class=\"num\">4</td>", html);
    }

    [Fact]
    public async Task A_student_in_a_sub_group_sees_only_his_sub_groups_teacher()
    {
        var s = await SeedAsync();
        var student = await _app.ApiClientAsync("orlov");

        var teachers = await student.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.J.Orlov.Id}/teachers");
        var page = await (await _app.PageClientAsync("orlov")).GetStringAsync("/Diary/Class");

        Assert.Equal("5А", teachers.GetProperty("className").GetString());
        Assert.Equal(["Козлова Ирина Павловна"], teachers.GetProperty("classTeachers").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var english = teachers.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("subject").GetString() == "Английский язык");
        Assert.Equal("subGroup", english.GetProperty("kind").GetString());
        Assert.Equal(["Иванова Мария Петровна"], english.GetProperty("teachers").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(3, teachers.GetProperty("groups").GetArrayLength());
        Assert.Contains("Иванова Мария Петровна", page);
        Assert.DoesNotContain("Петрова", page);
    }

    [Fact]
    public async Task The_class_page_lists_coming_control_works_first_and_the_holidays()
    {
        await SeedAsync();
        var parent = await _app.PageClientAsync("orlova");

        var html = await parent.GetStringAsync("/Diary/Class");

        var coming = html.IndexOf("Дроби", StringComparison.Ordinal);
        var past = html.IndexOf("Натуральные числа", StringComparison.Ordinal);
        Assert.True(coming > 0 && past > coming, "the coming control work (26.11) comes before the past one (18.11)");
        Assert.Contains("контрольная работа: Дроби", html);
        Assert.Contains("<strong>Зимние каникулы</strong>: 29.12.2026 – 08.01.2027", html);
    }

    [Fact]
    public async Task Homework_shows_the_lesson_it_is_due_for()
    {
        var s = await SeedAsync();
        var student = await _app.ApiClientAsync("orlov");

        var list = await student.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.J.Orlov.Id}/homework");
        var html = await (await _app.PageClientAsync("orlova")).GetStringAsync("/Diary/Homework");

        // Today is Monday 23.11: the past week, today and two weeks ahead.
        Assert.Equal("2026-11-16", list.GetProperty("from").GetString());
        Assert.Equal("2026-12-07", list.GetProperty("to").GetString());
        var item = list.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("№ 245", item.GetProperty("text").GetString());
        Assert.Equal(s.NextMath.Id, item.GetProperty("due").GetProperty("lessonId").GetInt32());
        Assert.Equal(s.J.MathLesson.Id, item.GetProperty("given").GetProperty("lessonId").GetInt32());
        Assert.Equal("к уроку 25.11, Математика, 2-й урок", item.GetProperty("dueCaption").GetString());
        Assert.Contains("к уроку 25.11, Математика, 2-й урок", html);
        Assert.Contains("задано на уроке 20.11, 2-й урок", html);
    }

    [Fact]
    public async Task Homework_for_part_of_a_group_shows_only_to_those_students()
    {
        var s = await SeedAsync();
        var orlov = await _app.ApiClientAsync("orlov");
        var belova = await _app.ApiClientAsync("belova");

        var his = await orlov.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.J.Orlov.Id}/homework");
        var belovs = await belova.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.J.Belov.Id}/homework");
        var page = await (await _app.PageClientAsync("belova")).GetStringAsync("/Diary/Homework");

        Assert.DoesNotContain("Выучить стихотворение", his.GetRawText());
        var part = belovs.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("text").GetString() == "Выучить стихотворение");
        Assert.True(part.GetProperty("forPart").GetBoolean());
        Assert.Equal("к 24.11", part.GetProperty("dueCaption").GetString());
        Assert.Contains("Выучить стихотворение", page);
        Assert.Contains("задано не всей группе", page);
    }

    [Fact]
    public async Task Bad_homework_dates_are_refused_in_russian()
    {
        var s = await SeedAsync();
        var student = await _app.ApiClientAsync("orlov");
        var url = $"/api/v1/students/{s.J.Orlov.Id}/homework";

        var bad = await student.GetAsync($"{url}?from=23.11.2026");
        var backwards = await student.GetAsync($"{url}?from=2026-11-30&to=2026-11-01");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Неверная дата", (await bad.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("Неверный промежуток дат", (await backwards.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_parent_of_another_family_gets_403_on_every_page_and_api_without_data()
    {
        var s = await SeedAsync();
        var api = await _app.ApiClientAsync("belova");
        var pages = await _app.PageClientAsync("belova");
        var id = s.J.Orlov.Id;

        foreach (var url in new[] { $"/api/v1/students/{id}/marks", $"/api/v1/students/{id}/homework", $"/api/v1/students/{id}/teachers" })
        {
            var response = await api.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url}: {(int)response.StatusCode}");
            Assert.DoesNotContain("Орлов", body);
            Assert.DoesNotContain("Математика", body);
        }
        foreach (var page in new[] { "/Diary/Marks", "/Diary/Homework", "/Diary/Class", "/Diary/Messages" })
        {
            var response = await pages.GetAsync($"{page}?studentId={id}");
            var location = response.Headers.Location?.OriginalString ?? "";
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden || location.Contains("/Account/AccessDenied", StringComparison.Ordinal),
                $"{page}: {(int)response.StatusCode} {location}");
        }
    }

    [Fact]
    public async Task The_student_reads_messages_addressed_to_him_and_the_parent_those_to_parents()
    {
        await SeedAsync();

        var student = await (await _app.PageClientAsync("orlov")).GetStringAsync("/Diary/Messages");
        var parent = await (await _app.PageClientAsync("orlova")).GetStringAsync("/Diary/Messages");

        Assert.Contains("Артём, повтори дроби", student);
        Assert.DoesNotContain("Прошу зайти в школу", student);
        Assert.Contains("Прошу зайти в школу", parent);
        Assert.DoesNotContain("Артём, повтори дроби", parent);
    }

    [Fact]
    public async Task A_parent_switches_between_his_children_and_staff_open_a_students_diary()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var o = await OverviewSchool.BuildAsync(b);
            b.Db.StudentParents.Add(new SchoolJournal.Web.Domain.StudentParent { ParentId = o.Orlova.Id, StudentId = o.J.Belov.Id, Kind = SchoolJournal.Web.Domain.RepresentativeKind.Mother });
            await b.Db.SaveChangesAsync();
            return o;
        });
        var parent = await _app.PageClientAsync("orlova");
        var leader = await _app.PageClientAsync("kozlova");

        var belov = await parent.GetStringAsync($"/Diary/Marks?studentId={s.J.Belov.Id}");
        var staff = await leader.GetStringAsync($"/Diary/Marks?studentId={s.J.Orlov.Id}");
        var noStudent = await leader.GetAsync("/Diary/Marks");

        Assert.Contains($"href=\"/Diary/Marks?studentId={s.J.Orlov.Id}\"", belov);
        Assert.Contains("Белов Борис", belov);
        Assert.Contains("<td class=\"num avg\" data-label=\"Средний балл\">2,00</td>", belov);
        Assert.Contains("4,25", staff);
        Assert.True(noStudent.StatusCode == HttpStatusCode.Forbidden || (noStudent.Headers.Location?.OriginalString ?? "").Contains("AccessDenied", StringComparison.Ordinal));
    }
}
