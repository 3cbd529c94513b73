using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>
/// The school most journal tests start from, built fresh by each test: Смирнова (smirnova) teaches Математика in 5А,
/// Козлов (kozlov) teaches Русский язык in 5А, Козлова (kozlova) is class teacher of 5А, Фёдорова (fedorova) the
/// deputy, Петров (petrov) the director. Lessons are on Friday 20 November 2026 (2nd quarter); the clock says Monday 23rd.
/// </summary>
public sealed record JournalSchool(School School, StaffMember Teacher, StaffMember OtherTeacher, SchoolClass Class,
    Student Orlov, Student Belov, TeachingGroup Math, TeachingGroup Russian, Lesson MathLesson, Lesson RussianLesson, StudyPeriod Quarter2)
{
    public static readonly DateOnly LessonDate = new(2026, 11, 20);

    public static async Task<JournalSchool> BuildAsync(SchoolBuilder b)
    {
        var school = await b.SchoolAsync();
        await b.StaffAsync("Петров", "Олег", "Иванович", "petrov", Roles.Director);
        await b.StaffAsync("Фёдорова", "Нина", "Андреевна", "fedorova", Roles.Deputy);
        var leader = await b.StaffAsync("Козлова", "Ирина", "Павловна", "kozlova", Roles.ClassTeacher);
        var teacher = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var other = await b.StaffAsync("Козлов", "Илья", "Петрович", "kozlov", Roles.Teacher);
        var cls = await b.ClassAsync(5, "А", leader);
        var orlov = await b.StudentAsync(cls, "Орлов", "Артём", "orlov");
        var belov = await b.StudentAsync(cls, "Белов", "Борис");
        var math = await b.GroupAsync("Математика", teacher, [cls]);
        var russian = await b.GroupAsync("Русский язык", other, [cls]);
        var mathLesson = await b.LessonAsync(math, LessonDate, 2, teacher, "Сложение дробей");
        var russianLesson = await b.LessonAsync(russian, LessonDate, 3, other);
        return new JournalSchool(school, teacher, other, cls, orlov, belov, math, russian, mathLesson, russianLesson, b.Quarters[1]);
    }
}

public static class JournalHttp
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static JsonElement Parse(string? json) => JsonDocument.Parse(json ?? "null").RootElement.Clone();

    /// <summary>The audit events of the app's database, oldest first.</summary>
    public static async Task<List<AuditEvent>> AuditAsync(this JournalApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        return await db.AuditEvents.IgnoreQueryFilters().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    public static async Task<T> QueryAsync<T>(this JournalApp app, Func<JournalDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<JournalDbContext>());
    }
}
