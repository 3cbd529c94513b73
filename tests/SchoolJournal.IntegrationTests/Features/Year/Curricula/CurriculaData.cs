using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Curricula;

/// <summary>
/// A small school for the curricula and load tests: Фёдорова (fedorova) the deputy, Смирнова (smirnova) teaches
/// Математика in 5А (4 h, from 1 September), Козлов (kozlov) a teacher without load, Козлова (kozlova) class teacher
/// of 5А, Орлов (orlov) a student of 5А; 5Б has no groups. Subjects: Математика, Русский язык, Шахматы.
/// </summary>
public sealed record CurriculaSchool(StaffMember Smirnova, StaffMember Kozlov, SchoolClass A5, SchoolClass B5, Student Orlov,
    TeachingGroup Math, Subject Maths, Subject Russian, Subject Chess)
{
    public static async Task<CurriculaSchool> BuildAsync(SchoolBuilder b)
    {
        await b.SchoolAsync();
        await b.StaffAsync("Петров", "Олег", "Иванович", "petrov", Roles.Director);
        await b.StaffAsync("Фёдорова", "Нина", "Андреевна", "fedorova", Roles.Deputy);
        var leader = await b.StaffAsync("Козлова", "Ирина", "Павловна", "kozlova", Roles.ClassTeacher);
        var smirnova = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var kozlov = await b.StaffAsync("Козлов", "Илья", "Петрович", "kozlov", Roles.Teacher);
        var a5 = await b.ClassAsync(5, "А", leader);
        var b5 = await b.ClassAsync(5, "Б");
        var orlov = await b.StudentAsync(a5, "Орлов", "Артём", "orlov");
        var math = await b.GroupAsync("Математика", smirnova, [a5]);
        return new CurriculaSchool(smirnova, kozlov, a5, b5, orlov, math, await b.SubjectAsync("Математика"),
            await b.SubjectAsync("Русский язык"), await b.SubjectAsync("Шахматы"));
    }
}

public static class PageForms
{
    /// <summary>Posts a form of <paramref name="page"/> to <paramref name="action"/> with the page's antiforgery token, as a browser does.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string action, Dictionary<string, string> fields) =>
        Forms.PostAsync(client, page, fields, action);
}
