using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Demo;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Reports;

/// <summary>Operational analysis (R-REP-8): the journal's per-journal weighted averages, the projected grade and the risks, by hand.</summary>
public sealed class AveragesReportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Weighted_averages_projected_grades_and_risks_are_the_journals()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await ReportsSchool.BuildAsync(b);
            var control = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
            var l1 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 10), 1, s.Teacher, "Дроби");
            var l2 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 12), 1, s.Teacher, "Дроби");
            var l3 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 13), 1, s.Teacher, "Контрольная");
            await b.MarkAsync(l1, s.Four[0], "5");
            await b.MarkAsync(l2, s.Four[0], "осв");
            await b.MarkAsync(l2, s.Four[0], "4");
            await b.MarkAsync(l3, s.Four[0], "4", control);
            await b.MarkAsync(l1, s.Four[1], "2");
            await b.MarkAsync(l2, s.Four[1], "3");
            await b.MarkAsync(l3, s.Four[1], "2", control);
            await b.MarkAsync(l1, s.Four[2], "5");
            // Moved to 5А on 1 December: his two «5» stay in 5Б's journal, his later marks go to 5А's.
            var moved = await b.StudentAsync(s.Bclass, "Ершов", "Глеб");
            await b.MembershipAsync(s.MathB, moved, b.Year.Start, new DateOnly(2026, 11, 30));
            var old = await b.LessonAsync(s.MathB, new DateOnly(2026, 11, 11), 1, s.Teacher, "Дроби");
            var old2 = await b.LessonAsync(s.MathB, new DateOnly(2026, 11, 12), 2, s.Teacher, "Дроби");
            await b.MarkAsync(old, moved, "5");
            await b.MarkAsync(old2, moved, "5");
            await b.TransferAsync(moved, s.A, new DateOnly(2026, 12, 1));
            await b.MembershipAsync(s.MathA, moved, new DateOnly(2026, 12, 1));
            var l4 = await b.LessonAsync(s.MathA, new DateOnly(2026, 12, 2), 1, s.Teacher, "Проценты");
            var l5 = await b.LessonAsync(s.MathA, new DateOnly(2026, 12, 3), 1, s.Teacher, "Проценты");
            await b.MarkAsync(l4, moved, "3");
            await b.MarkAsync(l5, moved, "4", control);
            return s;
        });
        var leader = await _app.ApiClientAsync("kozlova");

        var report = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/averages?periodId={s.Quarter2.Id}&classId={s.A.Id}");

        var rows = report.GetProperty("students").EnumerateArray().Select(r => (
            r.GetProperty("student").GetString(), r.GetProperty("group").GetString(), r.GetProperty("marks").GetInt32(),
            r.GetProperty("average").ValueKind == JsonValueKind.Null ? (decimal?)null : r.GetProperty("average").GetDecimal(),
            r.GetProperty("suggested").GetString(), r.GetProperty("risk").GetString())).ToList();
        Assert.Equal(
        [
            // (5 + 4 + 4 × 2) ÷ 4 = 4.25 → «4» (thresholds 4.6 / 3.6 / 2.6); «осв» is no number.
            ("Андреев Иван Иванович", "Математика, 5А", 3, 4.25m, "4", null),
            // (2 + 3 + 2 × 2) ÷ 4 = 2.25 → «2»: at risk of a «2».
            ("Борисов Иван Иванович", "Математика, 5А", 3, 2.25m, "2", "2"),
            ("Васильев Иван Иванович", "Математика, 5А", 1, 5.00m, "5", "н/а"),
            ("Григорьев Иван Иванович", "Математика, 5А", 0, null, null, "н/а"),
            // (3 + 4 × 2) ÷ 3 = 3.67 in 5А's journal; (5 + 5) ÷ 2 = 5.00 in 5Б's, where they were written.
            ("Ершов Глеб Иванович", "Математика, 5А", 2, 3.67m, "4", "н/а"),
            ("Ершов Глеб Иванович", "Математика, 5Б", 2, 5.00m, "5", "н/а"),
        ], rows);
        var cls = Assert.Single(report.GetProperty("classes").EnumerateArray());
        Assert.Equal((5, 1, 3), (cls.GetProperty("students").GetInt32(), cls.GetProperty("atRiskOfTwo").GetInt32(),
            cls.GetProperty("atRiskOfNotAssessed").GetInt32()));
        // The journal shows the same averages.
        var journal = await (await _app.ApiClientAsync("smirnova"))
            .GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.MathA.Id}/journal?periodId={s.Quarter2.Id}");
        Assert.Equal([4.25m, 2.25m, 5.00m, null, 3.67m], journal.GetProperty("students").EnumerateArray()
            .Select(r => r.GetProperty("average").ValueKind == JsonValueKind.Null ? (decimal?)null : r.GetProperty("average").GetDecimal()));
    }

    [Fact]
    public async Task The_schools_thresholds_project_the_grade()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await ReportsSchool.BuildAsync(b);
            var l1 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 10), 1, s.Teacher, "Дроби");
            foreach (var v in new[] { "5", "4", "4" }) await b.MarkAsync(l1, s.Four[0], v);
            b.School.GradeThreshold5 = 4.3m;
            await b.Db.SaveChangesAsync();
            return s;
        });
        var director = await _app.ApiClientAsync("petrov");

        var report = await director.GetFromJsonAsync<JsonElement>($"/api/v1/reports/averages?periodId={s.Quarter2.Id}&classId={s.A.Id}");

        // 13 ÷ 3 = 4.33, at or above the school's 4.3 for «5».
        var row = report.GetProperty("students").EnumerateArray().First(r => r.GetProperty("student").GetString() == "Андреев Иван Иванович");
        Assert.Equal(4.33m, row.GetProperty("average").GetDecimal());
        Assert.Equal("5", row.GetProperty("suggested").GetString());
        Assert.Contains("«5» от 4,3", report.GetProperty("rule").GetString());
    }
}

/// <summary>The journal and the reports (the operational analysis, «Анализ класса») give the same average for every student of the
/// demo school's classes.</summary>
[Collection(DemoSchoolCollection.Name)]
public sealed class DemoAveragesTests(DemoSchoolFixture fixture)
{
    [Fact]
    public async Task The_journal_and_the_report_give_every_student_the_same_average()
    {
        int period;
        List<int> classes;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            period = await db.StudyPeriods.IgnoreQueryFilters()
                .Where(p => p.Number == 1 && p.Kind == PeriodKind.Quarter && (p.Level == null || p.Level == EducationLevel.Basic))
                .OrderByDescending(p => p.Level).Select(p => p.Id).FirstAsync();
            classes = await db.SchoolClasses.IgnoreQueryFilters().Where(c => c.Grade >= 5 && c.Grade <= 9).Select(c => c.Id).ToListAsync();
        }
        var deputy = await fixture.App.ApiClientAsync("zavuch", "journal2026");
        var compared = 0;

        foreach (var classId in classes)
        {
            var report = await deputy.GetFromJsonAsync<JsonElement>($"/api/v1/reports/averages?periodId={period}&classId={classId}");
            // «Анализ класса» shows each student's journal averages too: the same as the operational analysis, journal by journal.
            var analysis = await deputy.GetFromJsonAsync<JsonElement>($"/api/v1/reports/class-analysis?periodId={period}&classId={classId}");
            var analysed = analysis.GetProperty("students").EnumerateArray().SelectMany(st => st.GetProperty("subjects").EnumerateArray()
                    .Select(x => (st.GetProperty("studentId").GetInt32(), x.GetProperty("groupId").GetInt32(), Average(x))))
                .Order().ToList();
            Assert.Equal(report.GetProperty("students").EnumerateArray()
                .Select(r => (r.GetProperty("studentId").GetInt32(), r.GetProperty("groupId").GetInt32(), Average(r))).Order(), analysed);
            foreach (var journal in report.GetProperty("students").EnumerateArray().GroupBy(r => r.GetProperty("groupId").GetInt32()))
            {
                var grid = await deputy.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{journal.Key}/journal?periodId={period}");
                var shown = grid.GetProperty("students").EnumerateArray()
                    .ToDictionary(r => r.GetProperty("id").GetInt32(), r => Average(r));
                foreach (var row in journal)
                {
                    Assert.Equal(shown[row.GetProperty("studentId").GetInt32()], Average(row));
                    compared++;
                }
            }
        }
        Assert.True(compared > 1000, $"сравнено только {compared} средних");
    }

    private static decimal? Average(JsonElement row) =>
        row.GetProperty("average").ValueKind == JsonValueKind.Null ? null : row.GetProperty("average").GetDecimal();
}
