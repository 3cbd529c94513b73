using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Parents;

/// <summary>
/// <see cref="JournalSchool"/> with Орлова (orlova), the mother of Орлов, with contacts on file but no consent yet;
/// and 6Б with its class teacher Волкова (volkova), who has nothing to do with 5А.
/// </summary>
public sealed record ParentsSchool(JournalSchool J, Parent Mother, SchoolClass OtherClass)
{
    public static async Task<ParentsSchool> BuildAsync(SchoolBuilder b)
    {
        var j = await JournalSchool.BuildAsync(b);
        var mother = await b.ParentAsync("Орлова", "Елена", "orlova", j.Orlov);
        mother.Email = "orlova@example.ru";
        mother.Phone = "+79001234567";
        mother.Snils = "112-233-445 95";
        await b.Db.SaveChangesAsync();
        var volkova = await b.StaffAsync("Волкова", "Мария", "Петровна", "volkova", Roles.ClassTeacher);
        var other = await b.ClassAsync(6, "Б", volkova);
        await b.StudentAsync(other, "Зайцев", "Глеб");
        return new ParentsSchool(j, mother, other);
    }
}

public static class ParentsForms
{
    /// <summary>Takes the antiforgery token from <paramref name="pageUrl"/> and posts the form to <paramref name="postUrl"/>, as the browser
    /// does.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string postUrl, Dictionary<string, string> fields) =>
        Forms.PostAsync(client, pageUrl, fields, postUrl);

    /// <summary>Posts several values under one name (checkboxes).</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string postUrl,
        IEnumerable<KeyValuePair<string, string>> fields) =>
        Forms.PostPairsAsync(client, pageUrl, fields, postUrl);
}

public static class ParentsSeed
{
    /// <summary>A mark written at a known moment (the builder's own marks carry the real clock).</summary>
    public static async Task<Mark> MarkAtAsync(this SchoolBuilder b, Lesson lesson, Student student, string value, DateTimeOffset at)
    {
        var mark = await b.MarkAsync(lesson, student, value);
        var row = await b.Db.Marks.SingleAsync(m => m.Id == mark.Id);
        row.CreatedAt = at.ToUniversalTime(); // PostgreSQL stores UTC only
        await b.Db.SaveChangesAsync();
        return row;
    }
}
