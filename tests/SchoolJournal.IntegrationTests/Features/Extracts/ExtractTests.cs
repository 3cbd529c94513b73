using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Extracts;

/// <summary>Paper extracts over the API: the PDF's text, the log and the audit; who may issue; bad input.</summary>
public sealed class ExtractTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<int> IssuedCountAsync() => _app.QueryAsync(db => db.ExtractIssues.IgnoreQueryFilters().CountAsync());

    private async Task<int> ExtractAuditCountAsync() => (await _app.AuditAsync()).Count(e => e.Type == AuditEventType.ExtractIssued);

    [Fact]
    public async Task The_class_teacher_issues_a_quarter_extract_to_the_mother_and_it_is_logged()
    {
        var x = await _app.SeedAsync(ExtractSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var response = await leader.PostAsJsonAsync($"/api/v1/students/{x.S.Orlov.Id}/extracts",
            new { periodId = x.S.Quarter2.Id, parentId = x.Mother.Id });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var (text, _) = PdfText.Read(bytes);
        var issue = await _app.QueryAsync(db => db.ExtractIssues.IgnoreQueryFilters().SingleAsync());
        Assert.Contains("Выписка из электронного дневника", text);
        Assert.Contains($"№ {issue.Id}", text);
        Assert.Contains("Орлов Артём Иванович", text);
        Assert.Contains("Класс: 5А", text);
        Assert.Contains("2 четверть (03.11.2026 — 28.12.2026)", text);
        Assert.Contains("Математика", text);
        Assert.Contains("Русский язык", text);
        // Математика: 3 (weight 2) and 5 (weight 1): (3·2 + 5·1) / 3 = 3,67; Русский язык: 4 → 4,00.
        Assert.Contains("3 (13.11), 5 (20.11)", text);
        Assert.Contains("3,67", text);
        Assert.Contains("4 (20.11)", text);
        Assert.Contains("4,00", text);
        Assert.Contains("2 четверть: 4", text);
        Assert.DoesNotContain("2 (20.11)", text); // Белов's mark
        // Absences: «Н» in Русский язык on 20.11; «Б» for the whole of 16.11, when he had two lessons.
        Assert.Contains("Н — без уважительной причины 1 20.11", text);
        Assert.Contains("Б — по болезни 2 16.11", text);
        Assert.Contains("Классный руководитель: Козлова Ирина Павловна", text);
        Assert.Contains("/ Козлова И. П. /", text);
        Assert.Contains("Дата выдачи: 23.11.2026", text);
        Assert.Contains("Кому выдана: Орлова Елена Сергеевна", text);
        Assert.Contains("Получил(а):", text);

        Assert.Equal(x.S.Orlov.Id, issue.StudentId);
        Assert.Equal((x.S.Quarter2.Start, x.S.Quarter2.End, x.S.Quarter2.Id, x.Mother.Id),
            (issue.From, issue.To, issue.StudyPeriodId, issue.ParentId));
        Assert.Equal("Орлова Елена Сергеевна", issue.IssuedTo);
        Assert.Equal("Козлова Ирина Павловна", issue.IssuedByName);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), issue.Sha256);
        var audit = (await _app.AuditAsync()).Single(e => e.Type == AuditEventType.ExtractIssued);
        Assert.Equal(("extract", issue.Id.ToString()), (audit.Entity, audit.EntityId));
        Assert.Contains(issue.Sha256, audit.After);

        var log = await leader.GetFromJsonAsync<List<LogRow>>($"/api/v1/students/{x.S.Orlov.Id}/extracts");
        var row = Assert.Single(log!);
        Assert.Equal((issue.Id, "Орлова Елена Сергеевна", "Козлова Ирина Павловна", "2 четверть", issue.Sha256),
            (row.Id, row.IssuedTo, row.IssuedBy, row.Period, row.Sha256));
    }

    private sealed record LogRow(int Id, string IssuedTo, string IssuedBy, string? Period, string Sha256);

    [Fact]
    public async Task A_date_range_extract_for_the_student_himself_counts_only_its_dates()
    {
        var x = await _app.SeedAsync(ExtractSchool.BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var response = await director.PostAsJsonAsync($"/api/v1/students/{x.S.Orlov.Id}/extracts",
            new { from = "2026-11-17", to = "2026-11-23", issuedTo = "лично ученику" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (text, pages) = PdfText.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, pages);
        Assert.Contains("с 17.11.2026 по 23.11.2026", text);
        Assert.Contains("5 (20.11)", text);
        Assert.Contains("5,00", text);
        Assert.DoesNotContain("13.11", text);
        Assert.DoesNotContain("Б — по болезни", text);
        Assert.Contains("Н — без уважительной причины 1 20.11", text);
        Assert.DoesNotContain("2 четверть: 4", text); // the quarter does not end inside the range
        Assert.Equal("лично ученику", await _app.QueryAsync(db => db.ExtractIssues.IgnoreQueryFilters().Select(e => e.IssuedTo).SingleAsync()));
    }

    [Fact]
    public async Task A_long_period_runs_over_several_pages_with_the_table_header_repeated()
    {
        var x = await _app.SeedAsync(async b =>
        {
            var x = await ExtractSchool.BuildAsync(b);
            var groups = new List<(TeachingGroup, StaffMember)> { (x.S.Math, x.S.Teacher), (x.S.Russian, x.S.OtherTeacher) };
            foreach (var subject in new[] { "История", "Биология", "География", "Литература" })
                groups.Add((await b.GroupAsync(subject, x.S.Teacher, [x.S.Class]), x.S.Teacher));
            // A lesson with a mark every school day from 1 September to 12 November in six subjects: 53 marks each.
            for (var d = new DateOnly(2026, 9, 1); d <= new DateOnly(2026, 11, 12); d = d.AddDays(1))
            {
                if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
                foreach (var (group, teacher) in groups)
                {
                    var lesson = new Lesson
                    {
                        SchoolId = b.School.Id, TeachingGroupId = group.Id, Date = d, Number = 5, Start = new(12, 0), End = new(12, 45),
                        TeacherId = teacher.Id,
                    };
                    lesson.Marks.Add(
                        new Mark { SchoolId = b.School.Id, StudentId = x.S.Orlov.Id, Value = "4", WorkTypeId = b.Answer.Id, CreatedAt = b.Now });
                    b.Db.Lessons.Add(lesson);
                }
            }
            await b.Db.SaveChangesAsync();
            return x;
        });
        var leader = await _app.ApiClientAsync("kozlova");

        var response = await leader.PostAsJsonAsync($"/api/v1/students/{x.S.Orlov.Id}/extracts",
            new { from = "2026-09-01", to = "2026-11-23", parentId = x.Mother.Id });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var (text, pages) = PdfText.Read(bytes);
        Assert.True(pages >= 2, $"expected 2+ pages, got {pages}");
        using var doc = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var secondPage = string.Join(" ", doc.GetPage(2).GetWords().Select(w => w.Text));
        Assert.Contains("Предмет", secondPage);
        Assert.Contains("Отметки", secondPage);
        Assert.Contains("4 (01.09), 4 (02.09)", text);
        Assert.Contains("Получил(а):", text);
    }

    [Theory]
    [InlineData("orlova")]   // the mother
    [InlineData("smirnova")] // a subject teacher of the student
    [InlineData("orlov")]    // the student
    public async Task Only_the_administration_and_the_class_teacher_issue_extracts(string login)
    {
        var x = await _app.SeedAsync(ExtractSchool.BuildAsync);
        var client = await _app.ApiClientAsync(login);

        var issued = await client.PostAsJsonAsync($"/api/v1/students/{x.S.Orlov.Id}/extracts",
            new { periodId = x.S.Quarter2.Id, issuedTo = "лично" });
        var log = await client.GetAsync($"/api/v1/students/{x.S.Orlov.Id}/extracts");

        Assert.Equal(HttpStatusCode.Forbidden, issued.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, log.StatusCode);
        Assert.DoesNotContain("Орлов", await issued.Content.ReadAsStringAsync());
        Assert.Equal(0, await IssuedCountAsync());
        Assert.Equal(0, await ExtractAuditCountAsync());
    }

    [Fact]
    public async Task Bad_input_is_refused_in_russian_and_nothing_is_logged()
    {
        var x = await _app.SeedAsync(async b =>
        {
            var x = await ExtractSchool.BuildAsync(b);
            var other = await b.ClassAsync(6, "Б");
            var own = new StudyPeriod
            {
                SchoolId = b.School.Id, AcademicYearId = b.Year.Id, Name = "Триместр 6Б", Kind = PeriodKind.Trimester, Number = 1,
                Start = new(2026, 9, 1), End = new(2026, 11, 30), SchoolClassId = other.Id,
            };
            b.Db.StudyPeriods.Add(own);
            await b.Db.SaveChangesAsync();
            return (x, own.Id);
        });
        var (s, foreignPeriod) = x;
        var leader = await _app.ApiClientAsync("kozlova");
        var url = $"/api/v1/students/{s.S.Orlov.Id}/extracts";

        (object Body, string Title)[] cases =
        [
            (new { from = "2026-11-20", to = "2026-11-10", issuedTo = "лично ученику" }, "Даты перепутаны"),
            (new { from = "2025-09-01", to = "2026-11-20", issuedTo = "лично ученику" }, "Слишком длинный период"),
            (new { periodId = foreignPeriod, issuedTo = "лично ученику" }, "Период не найден"),
            (new { periodId = 999999, issuedTo = "лично ученику" }, "Период не найден"),
            (new { periodId = s.S.Quarter2.Id, issuedTo = "   " }, "Не указано, кому выдана выписка"),
            (new { periodId = s.S.Quarter2.Id, parentId = s.OtherParent.Id }, "Родитель не найден"),
            (new { issuedTo = "лично ученику" }, "Не указан период"),
        ];
        foreach (var (body, title) in cases)
        {
            var response = await leader.PostAsJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(title, (await response.JsonAsync()).GetProperty("title").GetString());
        }

        Assert.Equal(0, await IssuedCountAsync());
        Assert.Equal(0, await ExtractAuditCountAsync());
    }
}
