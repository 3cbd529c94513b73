using System.Net;
using AngleSharp.Dom;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Home;

public sealed class HomePageTests : IDisposable
{
    private readonly JournalApp _app = new();
    private static readonly DateOnly Monday = new(2026, 11, 23);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Header_shows_the_school_the_year_the_period_and_the_roles()
    {
        await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync("МБОУ «Гимназия № 5»");
            return await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher, Roles.ClassTeacher);
        });
        var client = await _app.PageClientAsync("smirnova");

        var html = await client.GetStringAsync("/");

        var page = Html.Parse(html);
        Assert.Equal("МБОУ «Гимназия № 5»", page.TextOf("header .context .school"));
        Assert.Equal("2026/2027 · 2 четверть", page.TextOf("header .context .period"));
        Assert.Equal("Смирнова Анна Викторовна", page.TextOf("header .user .who"));
        Assert.Equal("Классный руководитель, Учитель", page.TextOf("header .user .roles"));
        Assert.Equal("Выйти", page.TextOf("header .user form[action='/Account/Logout'] button"));
        Assert.DoesNotContain("Учётные записи", html);

        _app.Time.Now = new DateTimeOffset(2026, 10, 28, 10, 0, 0, TimeSpan.FromHours(3));
        Assert.Equal("2026/2027 · каникулы", (await client.GetPageAsync("/")).TextOf("header .context .period"));
    }

    [Fact]
    public async Task Teacher_sees_todays_lessons_in_order_and_only_the_groups_he_teaches()
    {
        await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            var smirnova = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
            var kozlov = await b.StaffAsync("Козлов", "Илья", "Петрович", "kozlov", Roles.Teacher);
            var c5a = await b.ClassAsync(5, "А");
            var c6b = await b.ClassAsync(6, "Б");
            foreach (var name in new[] { "Орлов", "Волков", "Зайцев" }) await b.StudentAsync(c5a, name, "Иван");
            foreach (var name in new[] { "Соколов", "Лебедев" }) await b.StudentAsync(c6b, name, "Пётр");
            var math5 = await b.GroupAsync("Математика", smirnova, [c5a]);
            var math6 = await b.GroupAsync("Математика", smirnova, [c6b]);
            var russian5 = await b.GroupAsync("Русский язык", kozlov, [c5a]);
            await b.InRoomAsync(await b.LessonAsync(math5, Monday, 3, smirnova, "Сложение дробей"), "204");
            await b.LessonAsync(math6, Monday, 1, smirnova);
            await b.LessonAsync(russian5, Monday, 2, kozlov, "Имя существительное");
            var substituted = await b.LessonAsync(russian5, Monday, 5, kozlov, "Падежи");
            await b.ChangeAsync(substituted, l => l.SubstituteTeacherId = smirnova.Id);
            await b.LessonAsync(math5, Monday.AddDays(-3), 3, smirnova, "Вчерашняя тема");
            return 0;
        });
        var client = await _app.PageClientAsync("smirnova");

        var html = await client.GetStringAsync("/");
        var page = Html.Parse(html);

        var lessons = page.One("#teacher").BodyRows();
        Assert.Equal(3, lessons.Count);
        Assert.Equal(["1", "08:00–08:45", "6Б", "Математика", "—", "тема не записана"], lessons[0]);
        Assert.Equal(["3", "09:50–10:35", "5А", "Математика", "204", "Сложение дробей"], lessons[1]);
        Assert.Equal(["5", "11:40–12:25", "5А", "Русский язык замена", "—", "Падежи"], lessons[2]);
        Assert.DoesNotContain("Имя существительное", html);
        Assert.DoesNotContain("Вчерашняя тема", html);

        var groups = page.One("#groups").BodyRows();
        Assert.Equal(2, groups.Count);
        Assert.Equal(["Математика", "5А", "Математика, 5А", "3", "4"], groups[0]);
        Assert.Equal(["Математика", "6Б", "Математика, 6Б", "2", "4"], groups[1]);
        Assert.DoesNotContain("Русский язык, 5А", page.One("#groups").Read());
    }

    [Fact]
    public async Task Teacher_without_lessons_today_is_told_so()
    {
        await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            var t = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
            var c5a = await b.ClassAsync(5, "А");
            await b.LessonAsync(await b.GroupAsync("Математика", t, [c5a]), Monday.AddDays(1), 1, t);
            return 0;
        });
        var client = await _app.PageClientAsync("smirnova");

        var teacher = (await client.GetPageAsync("/")).One("#teacher");

        Assert.Equal("Сегодня уроков нет.", teacher.TextOf("p.empty"));
        Assert.Empty(teacher.BodyRows());
    }

    [Fact]
    public async Task Class_teacher_who_also_teaches_sees_his_class_and_his_lessons()
    {
        var classId = await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            var petrova = await b.StaffAsync("Петрова", "Мария", "Ивановна", "petrova", Roles.Teacher, Roles.ClassTeacher);
            var kozlov = await b.StaffAsync("Козлов", "Илья", "Петрович", "kozlov", Roles.Teacher);
            var c5a = await b.ClassAsync(5, "А", petrova);
            var other = await b.ClassAsync(5, "Б");
            await b.StudentAsync(c5a, "Яковлев", "Борис");
            await b.StudentAsync(c5a, "Андреев", "Глеб");
            var gone = await b.StudentAsync(c5a, "Уехавший", "Олег");
            await b.ChangeAsync(b.Db.Enrolments.Single(e => e.StudentId == gone.Id), e => e.To = Monday.AddDays(-10));
            await b.StudentAsync(other, "Чужой", "Павел");
            var literature = await b.GroupAsync("Литература", petrova, [c5a]);
            await b.GroupAsync("Русский язык", kozlov, [c5a]);
            await b.LessonAsync(literature, Monday, 2, petrova, "Басни Крылова");
            return c5a.Id;
        });
        var client = await _app.PageClientAsync("petrova");

        var page = await client.GetPageAsync("/");

        Assert.Equal("Басни Крылова", Assert.Single(page.One("#teacher").BodyRows())[5]);
        var section = page.One($"#class-{classId}");
        Assert.Equal("Мой класс: 5А", section.TextOf("h2"));
        Assert.Equal("2 учеников", section.TextOf(".figures .figure"));
        var roster = section.One("table.roster").BodyRows();
        Assert.Equal(2, roster.Count);
        Assert.Equal("1", roster[0][0]);
        Assert.Equal("Андреев Глеб Иванович", roster[0][1]);
        Assert.Matches(@"^\d\d\.\d\d\.2014$", roster[0][2]);
        Assert.Equal("Яковлев Борис Иванович", roster[1][1]);
        Assert.DoesNotContain("Уехавший", section.Read());
        Assert.DoesNotContain("Чужой", section.Read());
        var subjects = section.One("table.subjects").BodyRows();
        Assert.Equal([["Литература Литература, 5А", "Петрова М. И."], ["Русский язык Русский язык, 5А", "Козлов И. П."]], subjects);
    }

    private sealed record Family(int Older, int Younger, int Foreign);

    private async Task<Family> SeedFamilyAsync()
    {
        return await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            var math = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher, Roles.ClassTeacher);
            var primary = await b.StaffAsync("Белова", "Ольга", "Николаевна", "belova", Roles.Teacher, Roles.ClassTeacher);
            var c5a = await b.ClassAsync(5, "А", math);
            var c2a = await b.ClassAsync(2, "А", primary);
            var older = await b.StudentAsync(c5a, "Орлов", "Артём", "orlov");
            var younger = await b.StudentAsync(c2a, "Орлова", "Вера");
            var foreign = await b.StudentAsync(c5a, "Сидоров", "Кирилл");
            await b.ParentAsync("Орлова", "Елена", "orlova", older, younger);
            await b.ParentAsync("Сидорова", "Нина", "sidorova", foreign);
            var math5 = await b.GroupAsync("Математика", math, [c5a]);
            var reading2 = await b.GroupAsync("Литературное чтение", primary, [c2a]);

            var today = await b.LessonAsync(math5, Monday, 2, math, "Деление дробей");
            await b.HomeworkAsync(today, "№ 245, 247");
            await b.InRoomAsync(today, "204");
            await b.LessonAsync(reading2, Monday, 1, primary, "Сказки Пушкина");
            // Twelve marks for the older child: the page shows the ten latest.
            for (var day = 0; day < 12; day++)
            {
                var lesson = await b.LessonAsync(math5, new DateOnly(2026, 11, 3).AddDays(day), 1, math, $"Тема {day + 1}");
                await b.MarkAsync(lesson, older, (day % 4 + 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
                await b.MarkAsync(lesson, foreign, "2");
            }
            return new Family(older.Id, younger.Id, foreign.Id);
        });
    }

    [Fact]
    public async Task Parent_sees_the_first_child_by_default_and_switches_to_the_second()
    {
        var family = await SeedFamilyAsync();
        var client = await _app.PageClientAsync("orlova");

        var html = await client.GetStringAsync("/");

        var diary = Html.Parse(html).One("#diary");
        Assert.Equal("Мои дети", diary.TextOf("h2"));
        Assert.Equal([("Орлов Артём", $"/?student={family.Older}", "page"), ("Орлова Вера", $"/?student={family.Younger}", "false")],
            diary.QuerySelectorAll("nav a.tab").Select(a => (a.Read(), a.GetAttribute("href"), a.GetAttribute("aria-current"))));
        Assert.Equal("5А", diary.TextOf("dd.class-name"));
        Assert.Equal("Смирнова Анна Викторовна", ClassTeacherOf(diary));
        var lessons = diary.One("table.lessons").BodyRows();
        Assert.Equal([["2", "08:55–09:40", "Математика каб. 204", "Деление дробей", "№ 245, 247"]], lessons);
        var marks = diary.One("table.marks").BodyRows();
        Assert.Equal(10, marks.Count);
        // Lessons on 3…14 November, values 2,3,4,5 in turn: the latest is 14.11 (day 11 → «5»), the tenth is 05.11 (day 2 → «4»).
        Assert.Equal(["14.11", "Математика", "5", "Ответ на уроке"], marks[0]);
        Assert.Equal(["05.11", "Математика", "4", "Ответ на уроке"], marks[9]);
        Assert.DoesNotContain("Сидоров", html);

        diary = (await client.GetPageAsync($"/?student={family.Younger}")).One("#diary");
        Assert.Equal("2А", diary.TextOf("dd.class-name"));
        Assert.Equal("Орлова Вера", diary.TextOf("nav a.tab[aria-current=page]"));
        Assert.Equal($"/?student={family.Younger}", diary.One("nav a.tab[aria-current=page]").GetAttribute("href"));
        Assert.Equal("Белова Ольга Николаевна", ClassTeacherOf(diary));
        Assert.Equal([["1", "08:00–08:45", "Литературное чтение", "Сказки Пушкина", "—"]], diary.One("table.lessons").BodyRows());
        Assert.Contains("Отметок пока нет.", diary.TextsOf("p.empty"));
        Assert.Empty(diary.QuerySelectorAll("table.marks"));
    }

    [Fact]
    public async Task Parent_cannot_open_another_familys_child()
    {
        var family = await SeedFamilyAsync();
        var client = await _app.PageClientAsync("orlova");

        var response = await client.GetAsync($"/?student={family.Foreign}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Сидоров", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/?student=999999")).StatusCode);
    }

    [Fact]
    public async Task Student_sees_his_own_day_without_a_switcher()
    {
        var family = await SeedFamilyAsync();
        var client = await _app.PageClientAsync("orlov");

        var diary = (await client.GetPageAsync("/")).One("#diary");
        Assert.Equal("Мой дневник", diary.TextOf("h2"));
        Assert.Empty(diary.QuerySelectorAll(".tab"));
        Assert.Equal("5А", diary.TextOf("dd.class-name"));
        Assert.Equal("Деление дробей", Assert.Single(diary.One("table.lessons").BodyRows())[3]);
        Assert.Equal(10, diary.One("table.marks").BodyRows().Count);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/?student={family.Younger}")).StatusCode);
    }

    [Fact]
    public async Task Director_sees_the_school_in_figures_computed_by_hand()
    {
        var wednesdayNoon = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.FromHours(3));
        _app.Time.Now = wednesdayNoon;
        await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            await b.StaffAsync("Иванов", "Пётр", "Сергеевич", "director", Roles.Director);
            var t1 = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher, Roles.ClassTeacher);
            var t2 = await b.StaffAsync("Козлов", "Илья", "Петрович", null);
            var c5a = await b.ClassAsync(5, "А", t1);
            var c5b = await b.ClassAsync(5, "Б");
            var c10a = await b.ClassAsync(10, "А", t2);
            await b.StudentAsync(c5a, "Орлов", "Иван");
            await b.StudentAsync(c5a, "Волков", "Иван");
            var gone = await b.StudentAsync(c5a, "Уехавший", "Иван");
            await b.ChangeAsync(b.Db.Enrolments.Single(e => e.StudentId == gone.Id), e => e.To = new DateOnly(2026, 11, 1));
            await b.StudentAsync(c5b, "Зайцев", "Иван");
            await b.StudentAsync(c10a, "Лебедев", "Иван");
            var g = await b.GroupAsync("Математика", t1, [c5a]);
            await b.GroupAsync("Физика", t2, [c10a]);

            var wednesday = new DateOnly(2026, 11, 25);
            await b.LessonAsync(g, Monday, 1, t1);                       // held, no topic: counts
            await b.LessonAsync(g, Monday, 2, t1, "Дроби");              // has a topic
            var cancelled = await b.LessonAsync(g, Monday.AddDays(1), 1, t1);
            await b.ChangeAsync(cancelled, l => l.Status = LessonStatus.Cancelled);
            await b.LessonAsync(g, wednesday, 1, t1);                    // today, ended 08:45: counts
            await b.LessonAsync(g, wednesday, 5, t1);                    // today, ends 12:25: not yet held
            var cancelledToday = await b.LessonAsync(g, wednesday, 6, t1);
            await b.ChangeAsync(cancelledToday, l => l.Status = LessonStatus.Cancelled);
            await b.LessonAsync(g, new DateOnly(2026, 11, 20), 1, t1);   // last week
            return 0;
        });
        var client = await _app.PageClientAsync("director");

        var page = await client.GetPageAsync("/");

        var school = page.One("#school");
        string Figure(string name) => school.TextOf($"[data-figure='{name}'] > b");
        Assert.Equal("3", Figure("classes"));
        Assert.Equal("4", Figure("students"));        // 2 + 1 + 1, the one who left is not counted
        Assert.Equal("3", Figure("staff"));
        Assert.Equal("2", Figure("groups"));
        Assert.Equal("2", Figure("lessons-today"));   // 1st and 5th; the 6th is cancelled
        Assert.Equal("2", Figure("without-topic"));   // Monday 1st and today's 1st
        var rows = school.BodyRows();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["5-е 3 уч.", "5А", "Смирнова А. В.", "2"], rows[0]);
        Assert.Equal(["5Б", "не назначен", "1"], rows[1]);
        Assert.Equal(["10-е 1 уч.", "10А", "Козлов И. П.", "1"], rows[2]);
        Assert.Null(page.QuerySelector("#teacher"));
        Assert.Null(page.QuerySelector("#accounts"));
    }

    [Fact]
    public async Task Sysadmin_sees_accounts_by_role_fifty_a_page_and_no_marks()
    {
        await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            await b.UserAsync("admin", "Админов Алексей", [Roles.SysAdmin]);
            await b.UserAsync("zavuch", "Завучева Зоя", [Roles.Deputy, Roles.Teacher]);
            await b.UserAsync("novichok", "Новиков Никита", [Roles.Teacher], mustChangePassword: true);
            var locked = await b.UserAsync("locked", "Блокова Белла", [Roles.Teacher]);
            locked.LockoutEnd = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
            // Issued on the app's day, not the machine's: the page shows the date in the school's time zone.
            locked.CreatedAt = new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero); // 10:00 in Moscow
            await b.Db.SaveChangesAsync();
            for (var i = 1; i <= 52; i++)
                await b.UserAsync($"parent{i:00}", $"Родитель {i:00}", [Roles.Parent]);
            var c5a = await b.ClassAsync(5, "А");
            var child = await b.StudentAsync(c5a, "Орлов", "Иван");
            var t = await b.StaffAsync("Смирнова", "Анна", "Викторовна", null);
            await b.MarkAsync(await b.LessonAsync(await b.GroupAsync("Математика", t, [c5a]), Monday, 1, t), child, "5");
            return 0;
        });
        var client = await _app.PageClientAsync("admin");

        var html = await client.GetStringAsync("/");

        var page = Html.Parse(html);
        var accounts = page.One("#accounts");
        Assert.Equal("Всего: 56", accounts.TextOf(".total"));
        Assert.Equal("56", accounts.TextOf(".total b"));
        Assert.Equal(50, accounts.BodyRows().Count);
        Assert.Contains("Страница 1 из 2", accounts.QuerySelectorAll("span").Select(x => x.Read()));
        Assert.DoesNotContain("Ответ на уроке", html);
        Assert.Null(page.QuerySelector("#diary"));

        Assert.Equal(6, (await client.GetPageAsync("/?p=2")).One("#accounts").BodyRows().Count);

        var teachers = (await client.GetPageAsync("/?role=teacher")).One("#accounts").BodyRows();
        Assert.Equal(3, teachers.Count);
        Assert.Equal(["locked", "Блокова Белла", "Учитель", "заблокирована", "23.11.2026"], teachers[0][..4].Append(teachers[0][4][..10]).ToArray());
        Assert.Equal(["novichok", "Новиков Никита", "Учитель", "ждёт смены пароля"], teachers[1][..4]);
        Assert.Equal(["zavuch", "Завучева Зоя", "Заместитель руководителя, Учитель", "активна"], teachers[2][..4]);
    }

    [Fact]
    public async Task Error_page_opens_without_signing_in_and_shows_no_details()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/Error");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("Что-то пошло не так", Html.Parse(html).TextOf("main h1"));
        Assert.DoesNotContain("Exception", html);
    }

    /// <summary>The class teacher named in the diary section's facts.</summary>
    private static string ClassTeacherOf(IElement diary) =>
        diary.QuerySelectorAll("dl.facts > div").Single(d => d.TextOf("dt") == "Классный руководитель").TextOf("dd");
}
