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

namespace SchoolJournal.IntegrationTests.Features.Import;

/// <summary>
/// Импорт из таблиц (R-X-1) through the API and the page, on the provider the run is configured for. The school: 5А with a
/// whole-class maths group, 6Б with Орлов Артём Иванович; the administrator «admin» imports.
/// </summary>
public sealed class ImportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    static ImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private sealed record World(SchoolClass A5, SchoolClass B6, Student Orlov, TeachingGroup Math, Lesson Lesson);

    private Task<World> SeedAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.UserAsync("admin", "Администратор", [Roles.SysAdmin]);
        var teacher = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var a5 = await b.ClassAsync(5, "А");
        var b6 = await b.ClassAsync(6, "Б");
        var orlov = await b.StudentAsync(b6, "Орлов", "Артём");
        var math = await b.GroupAsync("Математика", teacher, [a5]);
        return new World(a5, b6, orlov, math, await b.LessonAsync(math, new DateOnly(2026, 11, 20), 2, teacher));
    });

    private const string StudentsHeader = "Фамилия;Имя;Отчество;Дата рождения;Пол;Класс;СНИЛС;Дата зачисления";

    private static byte[] Cp1251(params string[] lines) => Encoding.GetEncoding(1251).GetBytes(string.Join("\r\n", lines) + "\r\n");

    private static MultipartFormDataContent File(byte[] content, string name)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : Xlsx.ContentType);
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private static async Task<JsonElement> PreviewAsync(HttpClient api, string kind, byte[] content, string name,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await api.PostAsync($"/api/v1/imports/{kind}/preview", File(content, name));
        Assert.Equal(expected, response.StatusCode);
        return await response.JsonAsync();
    }

    private static async Task<JsonElement> ConfirmAsync(HttpClient api, JsonElement preview)
    {
        var response = await api.PostAsync($"/api/v1/imports/{preview.GetProperty("batchId").GetInt32()}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static (int, int, int) Counts(JsonElement p) =>
        (p.GetProperty("created").GetInt32(), p.GetProperty("changed").GetInt32(), p.GetProperty("unchanged").GetInt32());

    private Task<int> CountAsync<T>() where T : class => _app.QueryAsync(db => db.Set<T>().IgnoreQueryFilters().CountAsync());

    private byte[] StudentsFile(World w) => Cp1251(StudentsHeader,
        "Иванов;Пётр;Сергеевич;14.03.2015;м;5А;112-233-445 95;",
        "Смирнова;Анна;Олеговна;02.11.2014;ж;5а;;",
        "Кузнецов;Илья;;2015-01-20;мужской;5 А;;",
        $"Орлов;Артём;Иванович;{w.Orlov.BirthDate:dd.MM.yyyy};м;6Б;123-456-789 64;");

    [Fact]
    public async Task A_windows_1251_csv_with_semicolons_creates_students_in_their_class_and_its_groups_and_a_second_load_changes_nothing()
    {
        var w = await SeedAsync();
        var api = await _app.ApiClientAsync("admin");
        var students = await CountAsync<Student>();

        var preview = await PreviewAsync(api, "students", StudentsFile(w), "ученики.csv");

        // By hand: Иванов, Смирнова, Кузнецов are new; Орлов is in 6Б already and the file adds his СНИЛС.
        Assert.Equal((3, 1, 0), Counts(preview));
        Assert.Empty(preview.GetProperty("problems").EnumerateArray());
        var orlovRow = preview.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("row").GetInt32() == 5);
        Assert.Equal("change", orlovRow.GetProperty("action").GetString());
        Assert.Equal("СНИЛС: — → 123-456-789 64", orlovRow.GetProperty("detail").GetString());
        Assert.Equal(students, await CountAsync<Student>());

        var done = await ConfirmAsync(api, preview);

        Assert.Equal(3, done.GetProperty("created").GetInt32());
        Assert.Equal(students + 3, await CountAsync<Student>());
        var inA5 = await _app.QueryAsync(db => db.Enrolments.IgnoreQueryFilters().Where(e => e.SchoolClassId == w.A5.Id && e.To == null)
            .Select(e => e.Student!.LastName + " " + e.Student.FirstName).OrderBy(n => n).ToListAsync());
        Assert.Equal(["Иванов Пётр", "Кузнецов Илья", "Смирнова Анна"], inA5);
        Assert.Equal(3, await _app.QueryAsync(db => db.GroupMemberships.IgnoreQueryFilters().CountAsync(m => m.TeachingGroupId == w.Math.Id)));
        Assert.Equal("123-456-789 64", await _app.QueryAsync(db => db.Students.IgnoreQueryFilters()
            .Where(s => s.Id == w.Orlov.Id).Select(s => s.Snils).SingleAsync()));
        Assert.Equal(new DateOnly(2026, 9, 1), await _app.QueryAsync(db => db.Enrolments.IgnoreQueryFilters()
            .Where(e => e.Student!.LastName == "Иванов").Select(e => e.From).SingleAsync()));
        var events = await _app.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().Select(e => e.Type).ToListAsync());
        Assert.Equal(1, events.Count(t => t == AuditEventType.ImportConfirmed));
        Assert.Equal(3, events.Count(t => t == AuditEventType.StudentMoved));

        var again = await PreviewAsync(api, "students", StudentsFile(w), "ученики.csv");

        Assert.Equal((0, 0, 4), Counts(again));
        await ConfirmAsync(api, again);
        Assert.Equal(students + 3, await CountAsync<Student>());
    }

    [Fact]
    public async Task Every_problem_is_named_by_row_and_column_in_russian_and_nothing_is_written()
    {
        var w = await SeedAsync();
        var api = await _app.ApiClientAsync("admin");
        var (students, enrolments) = (await CountAsync<Student>(), await CountAsync<Enrolment>());
        var file = Cp1251(StudentsHeader,
            "Иванов;Пётр;Сергеевич;14.03.2015;м;5А;112-233-445 95;",
            "Иванов;Пётр;Сергеевич;14.03.2015;м;5А;;",
            "Петров;;Ильич;01.02.2015;м;5А;;",
            "Сидоров;Олег;;31.02.2015;м;5А;;",
            "Кузнецова;Анна;;05.05.2015;ж;5Д;;",
            "Попова;Мария;;06.06.2015;ж;5А;112-233-445 96;",
            $"Орлов;Артём;Иванович;{w.Orlov.BirthDate:dd.MM.yyyy};м;5А;;");

        var problem = await PreviewAsync(api, "students", file, "ученики.csv", HttpStatusCode.BadRequest);

        Assert.Equal("В файле есть ошибки", problem.GetProperty("title").GetString());
        Assert.Equal(
        [
            "Строка 3: ученик Иванов Пётр Сергеевич уже есть в строке 2 этого файла.",
            "Строка 4, столбец «Имя»: не заполнено обязательное поле.",
            "Строка 5, столбец «Дата рождения»: «31.02.2015» — не дата; пишите ДД.ММ.ГГГГ, например 14.03.2015.",
            "Строка 6, столбец «Класс»: класса 5Д нет в текущем учебном году. Добавьте его (импорт классов или страница «Классы») и загрузите файл " +
                "снова.",
            "Строка 7, столбец «СНИЛС»: «112-233-445 96» — неверный СНИЛС: нужно 11 цифр (123-456-789 01), и контрольное число должно сходиться.",
            "Строка 8, столбец «Класс»: ученик Орлов Артём Иванович уже учится в классе 6Б; перевод в 5А оформляется в «Движении обучающихся».",
        ], problem.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()).ToList());
        Assert.Equal((students, enrolments), (await CountAsync<Student>(), await CountAsync<Enrolment>()));
        Assert.Equal(0, await CountAsync<ImportBatch>());
    }

    private Task<int> ShiftAsync(SchoolClass cls) =>
        _app.QueryAsync(db => db.SchoolClasses.IgnoreQueryFilters().Where(c => c.Id == cls.Id).Select(c => c.Shift).SingleAsync());

    [Fact]
    public async Task An_xlsx_of_classes_creates_and_changes_and_its_undo_puts_the_school_back()
    {
        var w = await SeedAsync();
        var api = await _app.ApiClientAsync("admin");
        var file = Xlsx.Write("Классы", ["Класс", "Смена", "Дней в неделе"], [["5А", 2, 5], ["6Б", 1, 5], ["7В", 1, 6]]);

        var preview = await PreviewAsync(api, "classes", file, "классы.xlsx");

        Assert.Equal((1, 1, 1), Counts(preview));
        await ConfirmAsync(api, preview);
        Assert.Equal(2, await ShiftAsync(w.A5));
        Assert.True(await _app.QueryAsync(db => db.SchoolClasses.IgnoreQueryFilters()
            .AnyAsync(c => c.Grade == 7 && c.Letter == "В" && c.DaysPerWeek == 6)));

        var undo = await api.PostAsync($"/api/v1/imports/{preview.GetProperty("batchId").GetInt32()}/undo", null);

        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        var body = await undo.JsonAsync();
        Assert.Equal((1, 1), (body.GetProperty("removed").GetInt32(), body.GetProperty("restored").GetInt32()));
        Assert.Equal(1, await ShiftAsync(w.A5));
        Assert.False(await _app.QueryAsync(db => db.SchoolClasses.IgnoreQueryFilters().AnyAsync(c => c.Grade == 7)));
        Assert.Equal(1, await _app.QueryAsync(db => db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.Type == AuditEventType.ImportUndone)));
        var twice = await api.PostAsync($"/api/v1/imports/{preview.GetProperty("batchId").GetInt32()}/undo", null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task Undo_removes_the_imported_students_until_a_mark_depends_on_one_then_it_is_refused_naming_why()
    {
        var w = await SeedAsync();
        var api = await _app.ApiClientAsync("admin");
        var students = await CountAsync<Student>();
        var first = await ConfirmAsync(api, await PreviewAsync(api, "students", StudentsFile(w), "ученики.csv"));

        var undone = await api.PostAsync($"/api/v1/imports/{first.GetProperty("batchId").GetInt32()}/undo", null);

        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        Assert.Equal(students, await CountAsync<Student>());
        Assert.Null(await _app.QueryAsync(db => db.Students.IgnoreQueryFilters().Where(s => s.Id == w.Orlov.Id).Select(s => s.Snils).SingleAsync()));
        Assert.Equal(0, await _app.QueryAsync(db => db.GroupMemberships.IgnoreQueryFilters().CountAsync(m => m.TeachingGroupId == w.Math.Id)));

        var second = await ConfirmAsync(api, await PreviewAsync(api, "students", StudentsFile(w), "ученики.csv"));
        await _app.QueryAsync(async db =>
        {
            var ivanov = await db.Students.IgnoreQueryFilters().Where(s => s.LastName == "Иванов" && s.FirstName == "Пётр").ToListAsync();
            Assert.Single(ivanov);
            db.Marks.Add(new Mark { SchoolId = ivanov[0].SchoolId, LessonId = w.Lesson.Id, StudentId = ivanov[0].Id, Value = "5",
                WorkTypeId = await db.WorkTypes.IgnoreQueryFilters().Select(t => t.Id).FirstAsync(), CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

        var refused = await api.PostAsync($"/api/v1/imports/{second.GetProperty("batchId").GetInt32()}/undo", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal("Отменить импорт нельзя", problem.GetProperty("title").GetString());
        Assert.StartsWith("у ученика Иванов Пётр уже есть отметка «5» за 20.11.2026.", problem.GetProperty("detail").GetString());
        Assert.Equal(students + 3, await CountAsync<Student>());
    }

    [Fact]
    public async Task A_parent_is_created_once_and_linked_to_two_children_in_two_classes()
    {
        var w = await SeedAsync();
        var api = await _app.ApiClientAsync("admin");
        await ConfirmAsync(api, await PreviewAsync(api, "students", StudentsFile(w), "ученики.csv"));
        var parents = Encoding.UTF8.GetBytes(string.Join("\n",
            "Фамилия,Имя,Отчество,СНИЛС,Телефон,Электронная почта,Кем приходится,Фамилия ребёнка,Имя ребёнка,Отчество ребёнка,Дата рождения ребёнка",
            $"Орлова,Елена,Петровна,,+7 912 000-00-01,orlova@example.ru,мать,Орлов,Артём,Иванович,{w.Orlov.BirthDate:dd.MM.yyyy}",
            "Орлова,Елена,Петровна,,+7 912 000-00-01,orlova@example.ru,мать,Смирнова,Анна,Олеговна,02.11.2014"));

        var preview = await PreviewAsync(api, "parents", parents, "родители.csv");

        Assert.Equal((2, 0, 0), Counts(preview));
        await ConfirmAsync(api, preview);
        var links = await _app.QueryAsync(db => db.StudentParents.IgnoreQueryFilters().Where(l => l.Parent!.LastName == "Орлова")
            .Select(l => new { l.ParentId, l.Kind, Class = l.Student!.Enrolments.Where(e => e.To == null).Select(e => e.SchoolClassId).Single() })
            .ToListAsync());
        Assert.Equal(2, links.Count);
        Assert.Single(links.Select(l => l.ParentId).Distinct());
        Assert.All(links, l => Assert.Equal(RepresentativeKind.Mother, l.Kind));
        Assert.Equal([w.A5.Id, w.B6.Id], links.Select(l => l.Class).Order().ToList());

        Assert.Equal((0, 0, 2), Counts(await PreviewAsync(api, "parents", parents, "родители.csv")));
    }

    [Fact]
    public async Task Staff_come_from_an_xlsx_with_their_positions()
    {
        await SeedAsync();
        var api = await _app.ApiClientAsync("admin");
        var file = Xlsx.Write("Сотрудники",
            ["Фамилия", "Имя", "Отчество", "Должность", "Ставка", "СНИЛС", "Телефон", "Электронная почта", "Дата приёма"],
        [
            ["Петрова", "Ольга", "Николаевна", "учитель математики", "1,5", "", "", "petrova@school.ru", new DateOnly(2010, 9, 1)],
            ["Сидоров", "Игорь", "Павлович", "заместитель директора по УВР", 1, "", "", "", null],
            ["Смирнова", "Анна", "Викторовна", "учитель русского языка", 1, "", "+7 900 111-22-33", "", null],
        ]);

        var preview = await PreviewAsync(api, "staff", file, "сотрудники.xlsx");

        // Смирнова is on the staff already: her phone is new.
        Assert.Equal((2, 1, 0), Counts(preview));
        await ConfirmAsync(api, preview);
        var petrova = await _app.QueryAsync(db => db.StaffMembers.IgnoreQueryFilters().Include(s => s.Positions)
            .SingleAsync(s => s.LastName == "Петрова"));
        Assert.Equal((PositionKind.Teacher, 1.5m, new DateOnly(2010, 9, 1)),
            (petrova.Positions[0].Kind, petrova.Positions[0].Rate, petrova.HiredOn!.Value));
        Assert.Equal(PositionKind.Deputy, await _app.QueryAsync(db => db.StaffPositions.IgnoreQueryFilters()
            .Where(p => p.Title == "заместитель директора по УВР").Select(p => p.Kind).SingleAsync()));
    }

    [Fact]
    public async Task Templates_carry_the_russian_headers_and_bad_requests_are_explained()
    {
        await SeedAsync();
        var api = await _app.ApiClientAsync("admin");

        var csv = await api.GetByteArrayAsync("/api/v1/imports/templates/students?format=csv");
        var xlsx = await api.GetByteArrayAsync("/api/v1/imports/templates/parents?format=xlsx");

        Assert.StartsWith(StudentsHeader, Encoding.UTF8.GetString(csv).TrimStart('\uFEFF'));
        Assert.Equal("Фамилия ребёнка", Xlsx.Read(new MemoryStream(xlsx))[0][7]);
        var unknown = await api.PostAsync("/api/v1/imports/pupils/preview", File([1], "x.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("Неизвестный вид импорта", (await unknown.JsonAsync()).GetProperty("title").GetString());
        var big = await api.PostAsync("/api/v1/imports/students/preview", File(new byte[6 * 1024 * 1024], "big.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        Assert.Equal("Файл больше 5 МБ. Разделите список на несколько файлов.", (await big.JsonAsync()).GetProperty("detail").GetString());
        var teacher = await _app.ApiClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.PostAsync("/api/v1/imports/students/preview", File([1], "x.csv"))).StatusCode);
    }

    [Fact]
    public async Task The_page_lists_the_problems_then_a_good_file_is_confirmed_and_undone_through_its_forms()
    {
        var w = await SeedAsync();
        var page = await _app.PageClientAsync("admin");
        var token = await Forms.TokenAsync(page, "/Admin/Import");
        MultipartFormDataContent Form(byte[] content)
        {
            var form = File(content, "ученики.csv");
            form.Add(new StringContent(token), "__RequestVerificationToken");
            form.Add(new StringContent("students"), "kind");
            return form;
        }

        var bad = await page.PostAsync("/Admin/Import?handler=Preview", Form(Cp1251(StudentsHeader, "Сидоров;Олег;;31.02.2015;м;5Д;;")));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = await Html.ParseAsync(bad);
        Assert.Equal([["2", "Дата рождения", "«31.02.2015» — не дата; пишите ДД.ММ.ГГГГ, например 14.03.2015."],
            ["2", "Класс", "класса 5Д нет в текущем учебном году. Добавьте его (импорт классов или страница «Классы») и загрузите файл снова."]],
            html.QuerySelectorAll(".import-problems tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.Read()).ToArray()).ToArray());
        Assert.Empty(html.QuerySelectorAll("form[action*=Confirm]"));

        var good = await page.PostAsync("/Admin/Import?handler=Preview", Form(StudentsFile(w)));
        var preview = await Html.ParseAsync(good);
        Assert.Equal("Будет создано: 3 · изменено: 1 · без изменений: 0", preview.TextOf(".import-counts"));
        var confirm = await Forms.PostAsync(page, "/Admin/Import", preview.One("form[action*=Confirm]").FieldsOf(), "/Admin/Import?handler=Confirm");
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var after = await page.GetPageAsync("/Admin/Import?kind=students");
        Assert.Equal("Импорт выполнен: создано 3, изменено 1, без изменений 0.", after.TextOf(".message"));
        var undo = await Forms.PostAsync(page, "/Admin/Import", after.One(".import-batches form").FieldsOf(), "/Admin/Import?handler=Undo");
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        Assert.Equal("Импорт отменён: удалено записей 3, возвращено прежних значений 1.",
            (await page.GetPageAsync("/Admin/Import")).TextOf(".message"));
    }
}
