using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Reports;

/// <summary>«Ведение журналов» (R-REP-5) and every teacher's overdue list for the administration (R-JRN-9), counted by hand.</summary>
public sealed class JournalKeepingTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record World(ReportsSchool S, StaffMember Substitute, Lesson NoTopic, Lesson NoHomework, Lesson Other);

    /// <summary>
    /// Mathematics of 5А (4 students), the week of 16–20 November, the app's today being 23 November: Monday with topic,
    /// homework and two marks (one late); Tuesday with neither topic nor homework and one absence; Wednesday with a topic
    /// and nothing else; Thursday cancelled; Friday taught by a substitute with one mark; and 30 November, still ahead.
    /// Russian of 5Б by the substitute on Wednesday has neither topic nor homework.
    /// </summary>
    private static async Task<World> BuildAsync(SchoolBuilder b)
    {
        var s = await ReportsSchool.BuildAsync(b);
        var substitute = await b.StaffAsync("Кузнецов", "Павел", "Сергеевич", "kuznetsov", Roles.Teacher);
        var monday = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 16), 1, s.Teacher, "Дроби");
        await b.LessonHomeworkAsync(monday, "№ 1");
        await b.MarkAsync(monday, s.Four[0], "5");
        var late = await b.MarkAsync(monday, s.Four[1], "4");
        late.IsLate = true;
        var tuesday = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 17), 1, s.Teacher);
        await b.AttendanceAsync(tuesday, s.Four[2], AttendanceCode.Absent);
        var wednesday = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 18), 1, s.Teacher, "Уравнения");
        var thursday = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 19), 1, s.Teacher, "Отменён");
        thursday.Status = LessonStatus.Cancelled;
        var friday = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 20), 1, s.Teacher, "Задачи");
        await b.LessonHomeworkAsync(friday, "№ 2");
        await b.SubstituteAsync(friday, substitute);
        await b.MarkAsync(friday, s.Four[3], "3");
        await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 30), 1, s.Teacher);
        var russian = await b.GroupAsync("Русский язык", substitute, [s.Bclass]);
        var other = await b.LessonAsync(russian, new DateOnly(2026, 11, 18), 2, substitute);
        await b.Db.SaveChangesAsync();
        return new World(s, substitute, tuesday, wednesday, other);
    }

    private static JsonElement RowOf(JsonElement rows, string teacher, string group) => rows.EnumerateArray()
        .Single(r => r.GetProperty("teacher").GetString() == teacher && r.GetProperty("group").GetString() == group);

    [Fact]
    public async Task Each_teachers_journal_is_counted_lesson_by_lesson()
    {
        await _app.SeedAsync(BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var rows = await deputy.GetFromJsonAsync<JsonElement>("/api/v1/reports/journal-keeping?from=2026-11-16&to=2026-11-30");

        // Smirnova: Mon, Tue, Wed held (Thu cancelled, Fri substituted, 30.11 ahead); Tue without a topic; Tue and Wed
        // without homework; Wed with nothing recorded; one late mark; 2 marks ÷ (3 lessons × 4 students) = 0.17.
        var own = RowOf(rows, "Смирнова Анна Викторовна", "Математика, 5А");
        Assert.Equal([3, 1, 2, 1, 1, 0, 1], Counts(own));
        Assert.Equal(0.17m, own.GetProperty("marksPerStudentLesson").GetDecimal());
        // Kuznetsov: Friday as a substitute (1 mark ÷ 4 students = 0.25) and his own Russian lesson with nothing at all.
        var substituted = RowOf(rows, "Кузнецов Павел Сергеевич", "Математика, 5А");
        Assert.Equal([1, 0, 0, 0, 0, 1, 0], Counts(substituted));
        Assert.Equal(0.25m, substituted.GetProperty("marksPerStudentLesson").GetDecimal());
        var russian = RowOf(rows, "Кузнецов Павел Сергеевич", "Русский язык, 5Б");
        Assert.Equal([1, 1, 1, 1, 0, 0, 0], Counts(russian));
        Assert.Equal(3, rows.GetArrayLength());
    }

    private static int[] Counts(JsonElement row) =>
    [
        .. new[] { "lessonsHeld", "withoutTopic", "withoutHomework", "attendanceNotMarked", "lateMarks", "substituted", "cancelled" }
            .Select(p => row.GetProperty(p).GetInt32()),
    ];

    [Fact]
    public async Task The_report_of_one_teacher_and_bad_dates_and_other_roles()
    {
        var w = await _app.SeedAsync(BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var one = await director.GetFromJsonAsync<JsonElement>(
            $"/api/v1/reports/journal-keeping?from=2026-11-16&to=2026-11-22&teacherId={w.Substitute.Id}");
        var backwards = await director.GetAsync("/api/v1/reports/journal-keeping?from=2026-11-22&to=2026-11-16");
        var leader = await (await _app.ApiClientAsync("kozlova")).GetAsync("/api/v1/reports/journal-keeping?from=2026-11-16&to=2026-11-22");

        Assert.Equal(["Кузнецов Павел Сергеевич", "Кузнецов Павел Сергеевич"],
            one.EnumerateArray().Select(r => r.GetProperty("teacher").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("раньше первого", (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, leader.StatusCode);
    }

    [Fact]
    public async Task The_administration_sees_every_teachers_overdue_entries_by_the_teachers_own_rules()
    {
        var w = await _app.SeedAsync(BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var all = await director.GetFromJsonAsync<JsonElement>("/api/v1/reports/overdue");
        var one = await director.GetFromJsonAsync<JsonElement>($"/api/v1/reports/overdue?teacherId={w.Substitute.Id}");
        var own = await (await _app.ApiClientAsync("kuznetsov")).GetFromJsonAsync<JsonElement>("/api/v1/me/overdue");
        var me = await director.GetAsync("/api/v1/me/overdue");

        var lessons = LessonItems(all);
        Assert.Equal(
        [
            (w.NoTopic.Id, "homework", "Смирнова Анна Викторовна"), (w.NoTopic.Id, "topic", "Смирнова Анна Викторовна"),
            (w.NoHomework.Id, "homework", "Смирнова Анна Викторовна"),
            (w.Other.Id, "homework", "Кузнецов Павел Сергеевич"), (w.Other.Id, "topic", "Кузнецов Павел Сергеевич"),
        ], lessons.Order());
        // The same rules as the teacher's own list: his items, now with his name.
        Assert.Equal(LessonItems(own).Select(i => (i.Item1, i.Item2)).Order(), LessonItems(one).Select(i => (i.Item1, i.Item2)).Order());
        Assert.All(one.EnumerateArray(), i => Assert.Equal("Кузнецов Павел Сергеевич", i.GetProperty("teacher").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, me.StatusCode);
    }

    private static List<(int, string, string)> LessonItems(JsonElement items) =>
    [
        .. items.EnumerateArray().Where(i => i.GetProperty("lessonId").ValueKind == JsonValueKind.Number
                && i.GetProperty("kind").GetString() is "topic" or "homework")
            .Select(i => (i.GetProperty("lessonId").GetInt32(), i.GetProperty("kind").GetString()!,
                i.GetProperty("teacher").GetString() ?? "")),
    ];

    [Fact]
    public async Task The_deputy_opens_the_overdue_page_with_every_teacher()
    {
        await _app.SeedAsync(BuildAsync);
        var deputy = await _app.PageClientAsync("fedorova");

        var page = await deputy.GetPageAsync("/Journal/Overdue");

        var teachers = page.QuerySelectorAll("table.overdue tbody tr").Select(r => r.Children[1].TextContent.Trim()).ToHashSet();
        Assert.Contains("Смирнова Анна Викторовна", teachers);
        Assert.Contains("Кузнецов Павел Сергеевич", teachers);
        Assert.Equal("Просроченные записи всех учителей", page.One("h1").TextContent);
    }
}
