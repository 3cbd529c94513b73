using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Accounts;

/// <summary>
/// A school with two classes and no family logins: 5А (class teacher Козлова, kozlova) with Белов Пётр, Орлов Антон and
/// Орлов Артём (all «Иванович»); 6Б (class teacher Иванова, ivanova) with Орлова Мария. Орлова Елена Сергеевна is the
/// mother of Артём (5А) and Мария (6Б); Белова Вера Сергеевна the mother of Пётр. The administrator is admin.
/// </summary>
public sealed record CredentialsSchool(SchoolClass Fifth, SchoolClass Sixth, Student Belov, Student Anton, Student Artyom, Student Maria,
    Parent Orlova, Parent Belova)
{
    public static async Task<CredentialsSchool> BuildAsync(SchoolBuilder b)
    {
        await b.SchoolAsync();
        var kozlova = await b.StaffAsync("Козлова", "Ирина", "Павловна", "kozlova", Roles.ClassTeacher, Roles.Teacher);
        var ivanova = await b.StaffAsync("Иванова", "Ольга", "Петровна", "ivanova", Roles.ClassTeacher, Roles.Teacher);
        await b.UserAsync("admin", "Администратор", [Roles.SysAdmin]);
        var fifth = await b.ClassAsync(5, "А", kozlova);
        var sixth = await b.ClassAsync(6, "Б", ivanova);
        var belov = await b.StudentAsync(fifth, "Белов", "Пётр");
        var anton = await b.StudentAsync(fifth, "Орлов", "Антон");
        var artyom = await b.StudentAsync(fifth, "Орлов", "Артём");
        var maria = await b.StudentAsync(sixth, "Орлова", "Мария");
        var orlova = await b.ParentAsync("Орлова", "Елена", null, artyom, maria);
        var belova = await b.ParentAsync("Белова", "Вера", null, belov);
        return new(fifth, sixth, belov, anton, artyom, maria, orlova, belova);
    }
}

public static class CredentialsHttp
{
    public static async Task<JsonElement> IssueAsync(this HttpClient client, int classId, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/classes/{classId}/credentials", body);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>(name, login, password) of each issued person, in the answer's order.</summary>
    public static List<(string Name, string Login, string Password)> Issued(this JsonElement answer) =>
        [.. answer.GetProperty("issued").EnumerateArray()
            .Select(i => (i.GetProperty("name").GetString()!, i.GetProperty("login").GetString()!, i.GetProperty("initialPassword").GetString()!))];

    public static async Task<int> SignInStatusAsync(this JournalApp app, string login, string password) =>
        (int)(await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login, password })).StatusCode;

    public static Task<List<CredentialIssue>> LedgerAsync(this JournalApp app) =>
        app.QueryAsync(db => db.CredentialIssues.IgnoreQueryFilters().OrderBy(c => c.Id).ToListAsync());
}
