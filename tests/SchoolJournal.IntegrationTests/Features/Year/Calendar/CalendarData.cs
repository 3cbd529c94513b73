using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Calendar;

/// <summary>
/// A school of year 2026/2027 without study periods (the builder's quarters are removed), so each test enters its own:
/// Фёдорова (fedorova) the deputy, Смирнова (smirnova) a teacher, Орлов (orlov) a student of 5А.
/// </summary>
public sealed record CalendarSchool(School School, AcademicYear Year, SchoolClass Class)
{
    public static async Task<CalendarSchool> BuildAsync(SchoolBuilder b)
    {
        var school = await b.SchoolAsync();
        b.Db.StudyPeriods.RemoveRange(b.Quarters);
        await b.Db.SaveChangesAsync();
        b.Quarters.Clear();
        await b.StaffAsync("Фёдорова", "Нина", "Андреевна", "fedorova", Roles.Deputy);
        await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var cls = await b.ClassAsync(5, "А");
        await b.StudentAsync(cls, "Орлов", "Артём", "orlov");
        return new CalendarSchool(school, b.Year, cls);
    }
}

public static class CalendarForms
{
    /// <summary>Posts a page form with the antiforgery token taken from <paramref name="tokenPage"/>, as a browser would.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string tokenPage, string url, Dictionary<string, string> fields) =>
        Forms.PostAsync(client, tokenPage, fields, url);

    public static Task<int> CountAsync<T>(this JournalApp app, Func<SchoolJournal.Web.Data.JournalDbContext, IQueryable<T>> query) =>
        Journal.JournalHttp.QueryAsync(app, db => query(db).CountAsync());
}
