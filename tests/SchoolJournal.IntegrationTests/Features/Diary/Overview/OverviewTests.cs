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
        Assert.Equal(["2026-11-16", "2026-11-18", "2026-11-20"],
            math.GetProperty("marks").EnumerateArray().Select(m => m.GetProperty("date").GetString()));
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

        var page = await student.GetPageAsync("/Diary/Marks");

        var math = page.One(".diary-subjects").Row("Математика");
        Assert.Equal("4,25", math.Cell("Средний балл").Read());
        Assert.Equal("4", math.Cell("За период").Read());
        var five = math.QuerySelectorAll("details.dmark").Single(d => d.TextOf("summary .value") == "5");
        Assert.Equal("Отличная работа", five.TextOf(".comment"));
        Assert.EndsWith(" · Контрольная работа · вес 2", five.TextOf(".dmark-info p:first-child"));
        Assert.Equal("Домашние задания", page.TextOf($".diary-nav a[href='/Diary/Homework?studentId={s.J.Orlov.Id}']"));
        // The «Год» table: the 1st quarter's «5», the 2nd's «4», the year's «4».
        var year = page.One(".diary-year-grid").Row("Математика");
        Assert.Equal(("5", "4", "4"), (year.Cell("1 четверть").Read(), year.Cell("2 четверть").Read(), year.Cell("Год").Read()));
    }

    [Fact]
    public async Task A_student_in_a_sub_group_sees_only_his_sub_groups_teacher()
    {
        var s = await SeedAsync();
        var student = await _app.ApiClientAsync("orlov");

        var teachers = await student.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.J.Orlov.Id}/teachers");
        var html = await (await _app.PageClientAsync("orlov")).GetStringAsync("/Diary/Class");

        Assert.Equal("5А", teachers.GetProperty("className").GetString());
        Assert.Equal(["Козлова Ирина Павловна"],
            teachers.GetProperty("classTeachers").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var english = teachers.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("subject").GetString() == "Английский язык");
        Assert.Equal("subGroup", english.GetProperty("kind").GetString());
        Assert.Equal(["Иванова Мария Петровна"], english.GetProperty("teachers").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(3, teachers.GetProperty("groups").GetArrayLength());
        var groups = Html.Parse(html).QuerySelectorAll(".diary-groups tbody tr");
        Assert.Equal("Иванова Мария Петровна", groups.Single(g => g.TextOf(".subject") == "Английский язык").TextOf(".teachers"));
        Assert.Equal(3, groups.Length);
        Assert.DoesNotContain("Петрова", html);
    }

    [Fact]
    public async Task The_class_page_lists_coming_control_works_first_and_the_holidays()
    {
        await SeedAsync();
        var parent = await _app.PageClientAsync("orlova");

        var page = await parent.GetPageAsync("/Diary/Class");

        // The coming control work (26.11) comes before the past one (18.11).
        var works = page.QuerySelectorAll(".diary-control-works tbody tr");
        Assert.Equal(["coming", "past"], works.Select(w => w.ClassName));
        Assert.Equal(("Математика", "контрольная работа: Дроби", "2-й урок"),
            (works[0].Cell("Предмет").Read(), works[0].Cell("Форма").Read(), works[0].Cell("Урок").Read()));
        Assert.EndsWith(": Натуральные числа", works[1].Cell("Форма").Read());
        var winter = page.QuerySelectorAll(".diary-holidays li").Single(h => h.TextOf("strong") == "Зимние каникулы");
        Assert.Equal("Зимние каникулы: 29.12.2026 – 08.01.2027", winter.Read());
    }

    [Fact]
    public async Task Homework_shows_the_lesson_it_is_due_for()
    {
        var s = await SeedAsync();
        var student = await _app.ApiClientAsync("orlov");

        var list = await student.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.J.Orlov.Id}/homework");
        var page = await (await _app.PageClientAsync("orlova")).GetPageAsync("/Diary/Homework");

        // Today is Monday 23.11: the past week, today and two weeks ahead.
        Assert.Equal("2026-11-16", list.GetProperty("from").GetString());
        Assert.Equal("2026-12-07", list.GetProperty("to").GetString());
        var item = list.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("№ 245", item.GetProperty("text").GetString());
        Assert.Equal(s.NextMath.Id, item.GetProperty("due").GetProperty("lessonId").GetInt32());
        Assert.Equal(s.J.MathLesson.Id, item.GetProperty("given").GetProperty("lessonId").GetInt32());
        Assert.Equal("к уроку 25.11, Математика, 2-й урок", item.GetProperty("dueCaption").GetString());
        var shown = page.One($"li.homework-item[data-homework-id='{s.MathHomework.Id}']");
        Assert.Equal("к уроку 25.11, Математика, 2-й урок", shown.TextOf(".due"));
        Assert.Equal("Математика · задано на уроке 20.11, 2-й урок", shown.TextOf(".subject"));
        Assert.Equal("№ 245", shown.TextOf(".text"));
        Assert.Single(page.QuerySelectorAll("li.homework-item"));
    }

    [Fact]
    public async Task Homework_for_part_of_a_group_shows_only_to_those_students()
    {
        var s = await SeedAsync();
        var orlov = await _app.ApiClientAsync("orlov");
        var belova = await _app.ApiClientAsync("belova");

        var his = await orlov.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.J.Orlov.Id}/homework");
        var belovs = await belova.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.J.Belov.Id}/homework");
        var page = await (await _app.PageClientAsync("belova")).GetPageAsync("/Diary/Homework");

        Assert.DoesNotContain("Выучить стихотворение", his.GetRawText());
        var part = belovs.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("text").GetString() == "Выучить стихотворение");
        Assert.True(part.GetProperty("forPart").GetBoolean());
        Assert.Equal("к 24.11", part.GetProperty("dueCaption").GetString());
        var shown = page.QuerySelectorAll("li.homework-item").Single(i => i.TextOf(".text") == "Выучить стихотворение");
        Assert.Equal("задано не всей группе", shown.TextOf(".due .tag"));
        Assert.Equal(s.PartHomework.Id.ToString(), shown.GetAttribute("data-homework-id"));
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

        var student = await (await _app.PageClientAsync("orlov")).GetPageAsync("/Diary/Messages");
        var parent = await (await _app.PageClientAsync("orlova")).GetPageAsync("/Diary/Messages");

        Assert.Equal(["Артём, повтори дроби"], student.TextsOf(".messages li .text"));
        Assert.Equal(["Прошу зайти в школу"], parent.TextsOf(".messages li .text"));
    }

    [Fact]
    public async Task A_parent_switches_between_his_children_and_staff_open_a_students_diary()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var o = await OverviewSchool.BuildAsync(b);
            b.Db.StudentParents.Add(
                new SchoolJournal.Web.Domain.StudentParent { ParentId = o.Orlova.Id, StudentId = o.J.Belov.Id,
                    Kind = SchoolJournal.Web.Domain.RepresentativeKind.Mother });
            await b.Db.SaveChangesAsync();
            return o;
        });
        var parent = await _app.PageClientAsync("orlova");
        var leader = await _app.PageClientAsync("kozlova");

        var belov = await parent.GetPageAsync($"/Diary/Marks?studentId={s.J.Belov.Id}");
        var staff = await leader.GetPageAsync($"/Diary/Marks?studentId={s.J.Orlov.Id}");
        var noStudent = await leader.GetAsync("/Diary/Marks");

        Assert.StartsWith("Орлов Артём", belov.TextOf($".diary-children a[href='/Diary/Marks?studentId={s.J.Orlov.Id}']"));
        Assert.StartsWith("Белов Борис", belov.TextOf($".diary-children a[aria-current=page]"));
        Assert.StartsWith("· Белов Борис", belov.TextOf("h1 .diary-who"));
        Assert.Equal("2,00", belov.One(".diary-subjects").Row("Математика").Cell("Средний балл").Read());
        Assert.Equal("4,25", staff.One(".diary-subjects").Row("Математика").Cell("Средний балл").Read());
        Assert.True(noStudent.StatusCode == HttpStatusCode.Forbidden
            || (noStudent.Headers.Location?.OriginalString ?? "").Contains("AccessDenied", StringComparison.Ordinal));
    }
}
