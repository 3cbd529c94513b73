using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Demo;

namespace SchoolJournal.IntegrationTests.Demo;

/// <summary>Two separate databases seeded with the same small two-school options.</summary>
public sealed class TwoSmallRunsFixture : IAsyncLifetime
{
    public static readonly DemoOptions Options = new(Schools: 2, StudentsPerSchool: 200, Today: new DateOnly(2026, 11, 23));

    public JournalApp First { get; } = new();
    public JournalApp Second { get; } = new();
    public DemoSummary FirstSummary { get; private set; } = null!;
    public DemoSummary SecondSummary { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        FirstSummary = await SeedAsync(First);
        SecondSummary = await SeedAsync(Second);
    }

    private static async Task<DemoSummary> SeedAsync(JournalApp app)
    {
        _ = app.Server;
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(Options);
    }

    public Task DisposeAsync()
    {
        First.Dispose();
        Second.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// On SQLite only: what these tests prove — the same options give the same schools, two schools keep their rows apart — is the
/// generator's own code, whichever database stores it, and seeding four schools (about 120,000 lessons) took about 25 s of CPU
/// in each lane. The PostgreSQL lane seeds the full demo school for <see cref="DemoSeederTests"/>.
/// </summary>
[Trait("Database", "Sqlite")]
public sealed class DemoSeederSchoolsTests(TwoSmallRunsFixture fixture) : IClassFixture<TwoSmallRunsFixture>
{
    private static async Task<T> WithDb<T>(JournalApp app, Func<JournalDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<JournalDbContext>());
    }

    private static Task<List<string>> Names(JournalApp app) => WithDb(app, db =>
        db.Students.OrderBy(s => s.Id).Select(s => s.LastName + " " + s.FirstName + " " + s.MiddleName).ToListAsync());

    [Fact]
    public async Task The_same_options_give_the_same_schools()
    {
        Assert.Equal(fixture.FirstSummary with { Elapsed = TimeSpan.Zero }, fixture.SecondSummary with { Elapsed = TimeSpan.Zero });
        Assert.Equal(await Names(fixture.First), await Names(fixture.Second));
        var marks = (JournalApp app) => WithDb(app, db => db.Marks.OrderBy(m => m.Id).Select(m => m.Value).ToListAsync());
        Assert.Equal(await marks(fixture.First), await marks(fixture.Second));
    }

    [Fact]
    public async Task Two_schools_keep_their_rows_apart()
    {
        await WithDb(fixture.First, async db =>
        {
            var schools = await db.Schools.Select(s => s.Id).ToListAsync();
            Assert.Equal(2, schools.Count);
            Assert.Equal(2, fixture.FirstSummary.Schools);
            foreach (var id in schools)
            {
                Assert.Equal(200, await db.Students.CountAsync(s => s.SchoolId == id));
                Assert.Equal(1, await db.AcademicYears.CountAsync(y => y.SchoolId == id && y.IsCurrent));
                Assert.InRange(await db.SchoolClasses.CountAsync(c => c.SchoolId == id), 25, 30);
            }

            Assert.False(await db.Lessons.AnyAsync(l => l.TeachingGroup!.SchoolId != l.SchoolId));
            Assert.False(await db.Lessons.AnyAsync(l => l.Teacher!.SchoolId != l.SchoolId));
            Assert.False(await db.Marks.AnyAsync(m => m.Lesson!.SchoolId != m.SchoolId || m.WorkType!.SchoolId != m.SchoolId));
            Assert.False(await db.Marks.AnyAsync(m => db.Students.Any(s => s.Id == m.StudentId && s.SchoolId != m.SchoolId)));
            Assert.False(await db.GroupMemberships.AnyAsync(m => m.Student!.SchoolId != m.SchoolId || m.TeachingGroup!.SchoolId != m.SchoolId));
            Assert.False(await db.Enrolments.AnyAsync(e => e.Student!.SchoolId != e.SchoolId || e.SchoolClass!.SchoolId != e.SchoolId));
            Assert.False(
                await db.GroupClasses.AnyAsync(gc =>
                    db.TeachingGroups.Any(g => g.Id == gc.TeachingGroupId && g.SchoolId != gc.SchoolClass!.SchoolId)));
            Assert.False(await db.StudentParents.AnyAsync(sp => sp.Student!.SchoolId != sp.Parent!.SchoolId));
            Assert.False(
                await db.TeachingAssignments.AnyAsync(a => a.StaffMember!.SchoolId != a.SchoolId || a.TeachingGroup!.SchoolId != a.SchoolId));
            Assert.False(await db.TimetableEntries.AnyAsync(e => e.TeachingGroup!.SchoolId != e.SchoolId));
            Assert.False(await db.TeachingGroups.AnyAsync(g => g.Subject!.SchoolId != g.SchoolId || g.GradingSystem!.SchoolId != g.SchoolId));
            Assert.False(await db.StaffMembers.AnyAsync(s => db.Users.Any(u => u.Id == s.UserId && u.SchoolId != s.SchoolId)));
            // The fixed demo logins belong to the first school only.
            Assert.Equal(1, await db.Users.CountAsync(u => u.UserName == DemoSeeder.Logins.Director));
            return 0;
        });
    }
}
