using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Archive;
using SchoolJournal.Web.Features.Signatures;

namespace SchoolJournal.BrowserTests;

/// <summary>
/// Electronic signatures on a desk and a phone (R-JRN-11): the demo's certificates, uchitel closes and signs 5А's mathematics for the
/// first quarter, the director signs the printed archive and checks it, the administrator's certificates page; its own demo school,
/// so the signed period and the archive touch no other test's pages.
/// </summary>
public sealed class SignaturesBrowserTests(DemoSchool school) : IClassFixture<DemoSchool>
{
    [Fact]
    public async Task The_teacher_signs_a_closed_quarter_and_the_director_signs_and_checks_the_archive()
    {
        Assert.Equal(0, await SignatureCommands.DemoAsync(school.Services, [], TextWriter.Null, ["uchitel", "direktor"]));
        int groupId, periodId, classId, schoolId, yearId;
        await using (var scope = school.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            var uchitel = await db.Users.Where(u => u.UserName == "uchitel").Select(u => u.Id).SingleAsync();
            var klass = await db.Users.Where(u => u.UserName == "klass").Select(u => u.Id).SingleAsync();
            classId = await db.ClassTeachers.IgnoreQueryFilters().Where(c => c.StaffMember!.UserId == klass)
                .Select(c => c.SchoolClassId).FirstAsync();
            var cls = classId;
            groupId = await db.TeachingAssignments.IgnoreQueryFilters()
                .Where(a => a.StaffMember!.UserId == uchitel
                    && db.GroupClasses.Any(g => g.TeachingGroupId == a.TeachingGroupId && g.SchoolClassId == cls))
                .Select(a => a.TeachingGroupId).FirstAsync();
            var gid = groupId;
            (schoolId, yearId) = await db.TeachingGroups.IgnoreQueryFilters().Where(g => g.Id == gid)
                .Select(g => new ValueTuple<int, int>(g.SchoolId, g.AcademicYearId)).FirstAsync();
            var (s, y) = (schoolId, yearId);
            periodId = await db.StudyPeriods.IgnoreQueryFilters()
                .Where(p => p.SchoolId == s && p.AcademicYearId == y && p.Kind == PeriodKind.Quarter && p.SchoolClassId == null
                    && (p.Level == null || p.Level == EducationLevel.Basic))
                .OrderBy(p => p.Start).Select(p => p.Id).FirstAsync();
        }

        var teacher = await school.LogInAsync("uchitel", 1366, 900);
        var grid = $"/Journal/Group/{groupId}?periodId={periodId}";
        await teacher.GotoAsync(grid);
        if (await teacher.GetByRole(AriaRole.Button, new() { Name = "Закрыть период" }).CountAsync() > 0)
        {
            await teacher.GetByRole(AriaRole.Button, new() { Name = "Закрыть период" }).ClickAsync();
            await teacher.GetByRole(AriaRole.Button, new() { Name = "Да, закрыть период" }).ClickAsync();
        }
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Подписать журнал за период" }).ClickAsync();
        await Assertions.Expect(teacher.Locator("#journal-signature p[role=status]")).ToContainTextAsync("Подписан:");
        await teacher.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("signatures/journal-signed-1366.png") });
        var phone = await school.LogInAsync("uchitel", 360, 740);
        await phone.GotoAsync(grid);
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("signatures/journal-signed-360.png") });

        await school.Services.GetRequiredService<JournalPrints>().RunAsync(new JournalPrints.Request(schoolId, yearId, classId), default);
        var director = await school.LogInAsync("direktor", 1366, 900);
        await director.GotoAsync("/Admin/Archive/Signatures");
        await director.GetByRole(AriaRole.Button, new() { Name = "Подписать архив года" }).ClickAsync();
        await Assertions.Expect(director.Locator("table.archive-manifests td[data-label=Подпись]")).ToHaveTextAsync("подписан");
        await director.GetByRole(AriaRole.Button, new() { Name = "Проверить архив" }).ClickAsync();
        await Assertions.Expect(director.Locator("#archive-report p[role=status]")).ToContainTextAsync("Архив цел");
        await director.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("signatures/archive-1366.png"), FullPage = true });

        foreach (var (login, url, name) in new[]
            { ("direktor", "/Admin/Archive/Signatures", "archive"), ("admin", "/Admin/Certificates", "certificates") })
        {
            var small = await school.LogInAsync(login, 360, 740);
            await small.GotoAsync(url);
            Assert.Equal(360, await small.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
            await small.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath($"signatures/{name}-360.png"), FullPage = true });
        }
        var admin = await school.LogInAsync("admin", 1366, 900);
        await admin.GotoAsync("/Admin/Certificates");
        Assert.Equal(2, await admin.Locator("table.certificates tbody tr").CountAsync());
        await admin.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("signatures/certificates-1366.png"), FullPage = true });
    }
}
