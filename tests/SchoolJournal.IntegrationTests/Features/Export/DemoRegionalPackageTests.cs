using System.Text.Json;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Demo;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Export;

namespace SchoolJournal.IntegrationTests.Features.Export;

/// <summary>The demo school's package for the week before «today» (built, not logged: the demo fixture is read-only) follows the schema,
/// holds students of both kinds and the same marks as the database.</summary>
[Collection(DemoSchoolCollection.Name)]
public sealed class DemoRegionalPackageTests(DemoSchoolFixture fixture)
{
    [Fact]
    public async Task The_demo_schools_week_validates_against_the_schema_and_leaves_out_the_students_without_consent()
    {
        var from = new DateOnly(2026, 11, 16);
        var to = new DateOnly(2026, 11, 20);
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var schoolId = await db.Schools.IgnoreQueryFilters().OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var package = await scope.ServiceProvider.GetRequiredService<RegionalPackage>()
            .BuildAsync(schoolId, "region", from, to, null, fixture.App.Time.GetUtcNow(), CancellationToken.None);
        var root = JsonDocument.Parse(RegionalPackage.Serialize(package)).RootElement;

        var schemaText = await fixture.App.CreateClient().GetStringAsync(RegionalPackage.SchemaUrl);
        RegionalSchema.AssertValid(JsonSchema.FromText(schemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() }), root);
        var enrolled = await db.Enrolments.IgnoreQueryFilters()
            .Where(e => e.SchoolId == schoolId && e.From <= to && (e.To == null || e.To >= from))
            .Where(e => db.AcademicYears.IgnoreQueryFilters().Any(y => y.Id == e.SchoolClass!.AcademicYearId && y.IsCurrent))
            .Select(e => e.StudentId).Distinct().CountAsync();
        Assert.True(package.Counts.Students > 0 && package.Counts.WithoutConsent > 0, $"{package.Counts}");
        Assert.Equal(enrolled, package.Counts.Students + package.Counts.WithoutConsent);
        // One student by hand: his marks of the week in the database.
        var first = package.Students[0];
        var id = await db.Students.IgnoreQueryFilters()
            .Where(s => s.SchoolId == schoolId && s.LastName == first.LastName && s.FirstName == first.FirstName && s.BirthDate == first.BirthDate)
            .Select(s => s.Id).ToListAsync();
        var marks = await db.Marks.IgnoreQueryFilters().CountAsync(m => m.StudentId == id.Single() && m.Lesson!.Date >= from && m.Lesson.Date <= to);
        Assert.Equal(marks, first.Marks.Count);
        Assert.True(package.Counts.Lessons > 0 && package.Counts.Marks > 0);
    }
}
