using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Groups;

/// <summary>
/// The journal school (5А: Орлов, Белов; maths by Смирнова, Russian by Козлов; class teacher Козлова) plus 5Б with its
/// class teacher Лебедева (lebedeva) and a maths group of its own, and the subject Английский язык.
/// </summary>
public sealed record GroupsSchool(JournalSchool J, SchoolClass ClassB, TeachingGroup MathB, Subject English, StaffMember LeaderB)
{
    public static async Task<GroupsSchool> BuildAsync(SchoolBuilder b)
    {
        var j = await JournalSchool.BuildAsync(b);
        var leaderB = await b.StaffAsync("Лебедева", "Ольга", "Игоревна", "lebedeva", Roles.ClassTeacher);
        var classB = await b.ClassAsync(5, "Б", leaderB);
        var mathB = await b.GroupAsync("Математика", j.Teacher, [classB], []);
        var english = await b.SubjectAsync("Английский язык");
        return new GroupsSchool(j, classB, mathB, english, leaderB);
    }
}

public static class GroupsHttp
{
    /// <summary>Posts a page's form: the antiforgery token from <paramref name="pageUrl"/>, the POST to <paramref name="postUrl"/> (a
    /// handler).</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string postUrl,
        Dictionary<string, string> fields) =>
        Forms.PostAsync(client, pageUrl, fields, postUrl);

    public static Task<List<GroupMembership>> MembershipsAsync(this JournalApp app, int studentId) =>
        app.QueryAsync(db => db.GroupMemberships.AsNoTracking().Where(m => m.StudentId == studentId).OrderBy(m => m.Id).ToListAsync());

    public static Task<int> CountAsync<T>(this JournalApp app) where T : class =>
        app.QueryAsync(db => db.Set<T>().CountAsync());
}
