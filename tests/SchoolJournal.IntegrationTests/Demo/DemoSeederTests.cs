using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Demo;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Year.Timetable;

namespace SchoolJournal.IntegrationTests.Demo;

/// <summary>
/// One full-size demo school, seeded once for every test class of the collection: the seeder is the thing under test and it is
/// slow (about 20 s of CPU). The classes that share it only read it.
/// </summary>
public sealed class DemoSchoolFixture : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2026, 11, 23);

    public JournalApp App { get; } = new();
    public DemoSummary Summary { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _ = App.Server;
        await using var scope = App.Services.CreateAsyncScope();
        Summary = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(new DemoOptions(Today: Today));
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class DemoSchoolCollection : ICollectionFixture<DemoSchoolFixture>
{
    public const string Name = "Демо-школа";
}

[Collection(DemoSchoolCollection.Name)]
public sealed partial class DemoSeederTests(DemoSchoolFixture fixture)
{
    private static readonly DateOnly Today = DemoSchoolFixture.Today;

    private async Task<T> WithDb<T>(Func<JournalDbContext, IServiceProvider, Task<T>> query)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<JournalDbContext>(), scope.ServiceProvider);
    }

    [Fact]
    public async Task The_default_school_has_the_size_of_a_real_one()
    {
        await WithDb(async (db, _) =>
        {
            var classes = await db.SchoolClasses.CountAsync();
            var students = await db.Students.CountAsync();
            var staff = await db.StaffMembers.CountAsync();
            Assert.InRange(classes, 25, 30);
            Assert.InRange(students, 650, 800);
            Assert.InRange(staff, 50, 60);
            Assert.Equal((1, classes, students, staff),
                (fixture.Summary.Schools, fixture.Summary.Classes, fixture.Summary.Students, fixture.Summary.Staff));
            Assert.Equal(await db.Lessons.CountAsync(), fixture.Summary.Lessons);
            Assert.Equal(await db.Marks.CountAsync(), fixture.Summary.Marks);

            var parentsPerStudent = await db.Students.Select(s => s.Parents.Count).ToListAsync();
            Assert.All(parentsPerStudent, n => Assert.InRange(n, 1, 2));
            var childrenPerParent = await db.Parents.Select(p => p.Children.Count).ToListAsync();
            Assert.Contains(childrenPerParent, n => n >= 2);

            // Every class has a class teacher and a curriculum within the SanPiN weekly limit.
            var rows = await db.SchoolClasses.Select(c => new { c.Grade, Teachers = c.ClassTeachers.Count, c.CurriculumId }).ToListAsync();
            Assert.All(rows, r => Assert.Equal(1, r.Teachers));
            var hours = await db.Curricula.Where(c => c.StudentId == null)
                .Select(c => new { c.Grade, Hours = c.Lines.Sum(l => (double)l.HoursPerWeek) }).ToListAsync();
            Assert.All(hours, h => Assert.InRange(h.Hours, 20, DemoCatalog.MaxWeeklyHours(h.Grade)));
            Assert.Equal(2, await db.Curricula.CountAsync(c => c.StudentId != null));
            Assert.True(await db.TeachingGroups.AnyAsync(g => g.Kind == GroupKind.Stream && g.Classes.Count >= 2));
            Assert.Equal(2, await db.TeachingGroups.CountAsync(g => g.Kind == GroupKind.Individual));
            return 0;
        });
    }

    [Fact]
    public async Task The_timetable_has_no_clashes_and_gives_each_group_its_hours()
    {
        await WithDb(async (db, _) =>
        {
            var entries = await db.TimetableEntries.ToListAsync();
            var groups = await GroupInfosAsync(db);
            var members = await db.GroupMemberships.Where(m => m.From <= Today && (m.To == null || m.To >= Today))
                .GroupBy(m => m.TeachingGroupId).ToDictionaryAsync(g => g.Key, g => g.Select(m => m.StudentId).ToList());

            var clashes = TimetableClashes.Find(
                entries.Select(e => new Placement(e.TeachingGroupId, e.DayOfWeek, e.LessonNumber, e.StaffMemberId, e.RoomId)),
                groups, p => members.GetValueOrDefault(p.GroupId) ?? []);

            Assert.Empty(clashes);
            Assert.All(entries, e => Assert.InRange(e.DayOfWeek, 1, 5));
            var hours = await db.TeachingAssignments.ToDictionaryAsync(a => a.TeachingGroupId, a => (int)a.HoursPerWeek);
            Assert.All(entries.GroupBy(e => e.TeachingGroupId), g => Assert.Equal(hours[g.Key], g.Count()));
            Assert.Equal(hours.Keys.Order(), entries.Select(e => e.TeachingGroupId).Distinct().Order());
            return 0;
        });
    }

    [Fact]
    public async Task No_teacher_room_or_student_is_in_two_lessons_at_once()
    {
        await WithDb(async (db, _) =>
        {
            var lessons = await db.Lessons.Select(l =>
                new { l.TeachingGroupId, l.Date, l.Number, Teacher = l.SubstituteTeacherId ?? l.TeacherId, l.RoomId }).ToListAsync();
            var groups = await GroupInfosAsync(db);
            var memberships = (await db.GroupMemberships.ToListAsync()).ToLookup(m => m.TeachingGroupId);

            var clashes = TimetableClashes.Find(
                lessons.Select(l => new Placement(l.TeachingGroupId, l.Date.DayNumber, l.Number, l.Teacher, l.RoomId)),
                groups,
                p =>
                {
                    var date = DateOnly.FromDayNumber(p.Day);
                    return memberships[p.GroupId].Where(m => m.From <= date && (m.To == null || m.To >= date)).Select(m => m.StudentId);
                });

            Assert.Empty(clashes);
            Assert.True(await db.Lessons.AnyAsync(l => l.SubstituteTeacherId != null));
            return 0;
        });
    }

    [Fact]
    public async Task Lessons_lie_in_a_study_period_of_their_level_and_outside_holidays()
    {
        await WithDb(async (db, _) =>
        {
            var grades = await db.GroupClasses.Select(gc => new { gc.TeachingGroupId, gc.SchoolClass!.Grade }).ToListAsync();
            var gradeOf = grades.GroupBy(g => g.TeachingGroupId).ToDictionary(g => g.Key, g => g.Select(x => x.Grade).Distinct().Single());
            var periods = await db.StudyPeriods.ToDictionaryAsync(p => p.Id);
            var holidays = await db.Holidays.ToListAsync();
            var lessons = await db.Lessons.Select(l => new { l.TeachingGroupId, l.Date, l.StudyPeriodId, l.Status }).ToListAsync();

            Assert.NotEmpty(lessons);
            Assert.Contains(holidays, h => h.Grade == 1);
            foreach (var l in lessons)
            {
                var grade = gradeOf[l.TeachingGroupId];
                var period = periods[l.StudyPeriodId!.Value];
                Assert.Equal(SchoolCalendar.LevelOf(grade), period.Level);
                Assert.InRange(l.Date, period.Start, period.End);
                Assert.True(l.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
                Assert.DoesNotContain(holidays, h => (h.Grade == null || h.Grade == grade) && h.Start <= l.Date && l.Date <= h.End);
                // The lessons after today come from the timetable generator (the rest of the year): planned, like today's.
                Assert.Equal(l.Date < Today ? LessonStatus.Held : LessonStatus.Planned, l.Status);
            }
            return 0;
        });
    }

    [Fact]
    public async Task Every_mark_fits_the_grading_scale_of_its_group()
    {
        await WithDb(async (db, _) =>
        {
            var marks = await db.Marks.Select(m => new { m.Value, m.Lesson!.TeachingGroup!.GradingSystem!.Kind, m.Lesson.Date }).ToListAsync();

            Assert.NotEmpty(marks);
            Assert.All(marks, m => Assert.Contains(m.Value, DemoCatalog.MarkValues(m.Kind)));
            Assert.All(marks, m => Assert.True(m.Date < Today));
            var firstGrade = await db.Marks.CountAsync(m => m.Lesson!.TeachingGroup!.Classes.Any(c => c.SchoolClass!.Grade == 1));
            Assert.Equal(0, firstGrade);
            return 0;
        });
    }

    [Fact]
    public async Task The_demo_accounts_exist_with_their_roles_and_links()
    {
        await WithDb(async (db, sp) =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var expected = new Dictionary<string, string[]>
            {
                ["direktor"] = [Roles.Director], ["zavuch"] = [Roles.Deputy, Roles.Teacher], ["klass"] = [Roles.ClassTeacher, Roles.Teacher],
                ["uchitel"] = [Roles.ClassTeacher, Roles.Teacher], ["admin"] = [Roles.SysAdmin], ["roditel"] = [Roles.Parent],
                ["uchenik"] = [Roles.Student],
            };
            var ids = new Dictionary<string, string>();
            foreach (var (login, roles) in expected)
            {
                var user = await users.FindByNameAsync(login);
                Assert.NotNull(user);
                Assert.False(user.MustChangePassword);
                Assert.True(await users.CheckPasswordAsync(user, DemoSeeder.Password));
                Assert.Equal(roles.Order(), (await users.GetRolesAsync(user)).Order());
                ids[login] = user.Id;
            }

            var c5a = await db.SchoolClasses.SingleAsync(c => c.Grade == 5 && c.Letter == "А");
            var c6b = await db.SchoolClasses.SingleAsync(c => c.Grade == 6 && c.Letter == "Б");
            var klass = await db.StaffMembers.SingleAsync(s => s.UserId == ids["klass"]);
            var uchitel = await db.StaffMembers.SingleAsync(s => s.UserId == ids["uchitel"]);
            var zavuch = await db.StaffMembers.SingleAsync(s => s.UserId == ids["zavuch"]);
            Assert.True(await db.ClassTeachers.AnyAsync(t => t.SchoolClassId == c5a.Id && t.StaffMemberId == klass.Id && t.To == null));
            Assert.True(await db.ClassTeachers.AnyAsync(t => t.SchoolClassId == c6b.Id && t.StaffMemberId == uchitel.Id && t.To == null));

            async Task<List<int>> TeacherOf(int classId, string subject) => await db.TeachingAssignments
                .Where(a => a.TeachingGroup!.Subject!.Name == subject
                    && a.TeachingGroup.Classes.Any(c => c.SchoolClassId == classId) && a.TeachingGroup.Kind == GroupKind.WholeClass)
                .Select(a => a.StaffMemberId).ToListAsync();
            Assert.Equal([uchitel.Id], await TeacherOf(c5a.Id, DemoCatalog.Maths));
            Assert.Equal([klass.Id], await TeacherOf(c5a.Id, DemoCatalog.Russian));
            Assert.Equal([klass.Id], await TeacherOf(c5a.Id, DemoCatalog.Literature));
            Assert.True(await db.TeachingAssignments.CountAsync(a => a.StaffMemberId == klass.Id) > 2);
            var physics = await db.TeachingAssignments.Where(a => a.StaffMemberId == zavuch.Id)
                .Select(a => new { a.TeachingGroup!.Subject!.Name, Grades = a.TeachingGroup.Classes.Select(c => c.SchoolClass!.Grade).ToList() })
                .ToListAsync();
            Assert.NotEmpty(physics);
            Assert.All(physics, p => { Assert.Equal(DemoCatalog.Physics, p.Name); Assert.All(p.Grades, g => Assert.InRange(g, 10, 11)); });

            var parent = await db.Parents.SingleAsync(p => p.UserId == ids["roditel"]);
            var children = await db.StudentParents.Where(sp => sp.ParentId == parent.Id)
                .Select(sp =>
                    new { sp.Kind, sp.Student!.UserId,
                        Classes = sp.Student.Enrolments.Where(e => e.To == null).Select(e => e.SchoolClass!.Grade + e.SchoolClass.Letter).ToList() })
                .ToListAsync();
            Assert.Equal(2, children.Count);
            Assert.All(children, c => Assert.Equal(RepresentativeKind.Mother, c.Kind));
            Assert.Equal(["2А", "5А"], children.SelectMany(c => c.Classes).Order());
            Assert.Equal(ids["uchenik"], children.Single(c => c.Classes.Contains("5А")).UserId);

            // "Today's lessons" is never empty for the demo teachers on a school day.
            foreach (var teacher in new[] { klass.Id, uchitel.Id })
            {
                var days = await db.TimetableEntries.Where(e => e.StaffMemberId == teacher).Select(e => e.DayOfWeek).Distinct().ToListAsync();
                Assert.Equal([1, 2, 3, 4, 5], days.Order());
            }
            Assert.True(await db.Lessons.AnyAsync(l => l.Date == Today && l.TeacherId == uchitel.Id));
            return 0;
        });
    }

    [Fact]
    public async Task Students_move_during_the_term_and_their_groups_follow()
    {
        await WithDb(async (db, _) =>
        {
            var start = new DateOnly(2026, 9, 1);
            Assert.Equal(2, await db.Enrolments.CountAsync(e => e.From > start && e.Reason == EnrolmentReason.Arrival));
            Assert.Equal(1, await db.Enrolments.CountAsync(e => e.LeaveReason == LeaveReason.Withdrawal));
            var old = await db.Enrolments.SingleAsync(e => e.LeaveReason == LeaveReason.Transfer);
            var moved = await db.Enrolments.SingleAsync(e => e.StudentId == old.StudentId && e.Reason == EnrolmentReason.Transfer);
            Assert.Equal(old.To!.Value.AddDays(1), moved.From);
            Assert.NotEqual(old.SchoolClassId, moved.SchoolClassId);

            var memberships = await db.GroupMemberships.Where(m => m.StudentId == old.StudentId)
                .Select(m => new { m.From, m.To, Classes = m.TeachingGroup!.Classes.Select(c => c.SchoolClassId).ToList() }).ToListAsync();
            Assert.All(memberships.Where(m => m.Classes.Contains(old.SchoolClassId)), m => Assert.Equal(old.To, m.To));
            Assert.All(memberships.Where(m => m.Classes.Contains(moved.SchoolClassId)), m => Assert.Equal(moved.From, m.From));
            Assert.Contains(memberships, m => m.Classes.Contains(moved.SchoolClassId));
            return 0;
        });
    }

    internal static async Task<Dictionary<int, GroupInfo>> GroupInfosAsync(JournalDbContext db) =>
        (await db.TeachingGroups.Select(g => new { g.Id, g.Kind, g.SubjectId, Classes = g.Classes.Select(c => c.SchoolClassId).ToList() })
            .ToListAsync())
        .ToDictionary(g => g.Id, g => new GroupInfo(g.Id, g.Kind, g.SubjectId, g.Classes));

    [Fact]
    public async Task The_control_work_schedule_matches_the_control_marks_of_the_journal()
    {
        var (works, marked) = await WithDb(async (db, _) =>
        {
            var works = await db.ControlWorks.Select(w => new { w.SchoolClassId, w.SubjectId, w.Date, w.LessonNumber }).ToListAsync();
            // Held lessons (before today) whose marks are of a control work type, as (class, subject, date, number) of whole-class groups.
            var marked = await db.Lessons.Where(l => l.Date < Today && l.TeachingGroup!.Kind == GroupKind.WholeClass
                    && l.Marks.Any(m => m.WorkType!.IsControl))
                .Select(l =>
                    new { ClassId = l.TeachingGroup!.Classes.Select(c => c.SchoolClassId).First(), l.TeachingGroup.SubjectId, l.Date, l.Number })
                .ToListAsync();
            return (works, marked);
        });

        Assert.NotEmpty(marked);
        Assert.Equal(marked.Select(m => (m.ClassId, m.SubjectId, m.Date, (int?)m.Number)).Order(),
            works.Where(w => w.Date < Today).Select(w => (w.SchoolClassId, w.SubjectId, w.Date, w.LessonNumber)).Order());
        Assert.Contains(works, w => w.Date >= Today);
    }

    [Fact]
    public async Task The_consent_register_is_kept_and_the_past_is_no_diary_news()
    {
        var (parents, given, refused, demo, events) = await WithDb(async (db, _) =>
        {
            var consents = await db.PersonalDataConsents.Select(c => new { c.ParentId, c.Given, c.Scope }).ToListAsync();
            var roditel = await db.Parents.Where(p => db.Users.Any(u => u.Id == p.UserId && u.UserName == DemoSeeder.Logins.Parent))
                .Select(p =>
                    new { p.Id,
                        Pref = db.NotificationPreferences.Where(n => n.ParentId == p.Id)
                            .Select(n => (DeliveryChannels?)n.Channels).FirstOrDefault() })
                .SingleAsync();
            var demo = consents.Single(c => c.ParentId == roditel.Id);
            return (await db.Parents.CountAsync(), consents.Count(c => c.Given), consents.Count(c => !c.Given),
                (demo.Given, demo.Scope, roditel.Pref), await db.DiaryEvents.CountAsync());
        });

        // One parent in twenty has not answered (id ≡ 10 mod 20), one in twenty refused (id ≡ 0 mod 20), the rest consented.
        Assert.InRange(given, parents * 85 / 100, parents * 95 / 100);
        Assert.InRange(refused, parents * 3 / 100, parents * 7 / 100);
        Assert.Equal((true, ConsentScope.Email | ConsentScope.Phone | ConsentScope.Transfer, (DeliveryChannels?)DeliveryChannels.Both), demo);
        Assert.Equal(0, events); // 66 thousand generated marks notify nobody
    }
}
