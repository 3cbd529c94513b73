using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>
/// Small builders for a test's own school: each call writes its rows at once, so a test reads top to bottom.
/// The year is 2026/2027 with four quarters; the school's clock is the app's <see cref="FixedTime"/>.
/// </summary>
public sealed class SchoolBuilder(JournalDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, TimeProvider time)
{
    public JournalDbContext Db => db;

    /// <summary>The app's clock (<see cref="FixedTime"/>), for the moments rows are stamped with: never the machine's.</summary>
    public DateTimeOffset Now => time.GetUtcNow();
    public School School { get; private set; } = null!;
    public AcademicYear Year { get; private set; } = null!;
    public List<StudyPeriod> Quarters { get; } = [];
    public GradingSystem FivePoint { get; private set; } = null!;
    public WorkType Answer { get; private set; } = null!;
    public BellSchedule Bells { get; private set; } = null!;

    private int _counter;

    /// <summary>
    /// A school with its current year, quarters, 5-point scale, a work type and a bell schedule.
    /// Calling it again starts another school: the calls after it build in the new one.
    /// </summary>
    public async Task<School> SchoolAsync(string name = "МБОУ «СОШ № 1»")
    {
        Quarters.Clear();
        await BuiltInRolesAsync();
        School = new School { Name = name, ShortName = name };
        db.Schools.Add(School);
        await db.SaveChangesAsync();
        Year = new AcademicYear { SchoolId = School.Id, Name = "2026/2027", Start = new(2026, 9, 1), End = new(2027, 5, 31), IsCurrent = true };
        db.AcademicYears.Add(Year);
        await db.SaveChangesAsync();
        (DateOnly, DateOnly)[] spans = [(new(2026, 9, 1), new(2026, 10, 24)), (new(2026, 11, 3), new(2026, 12, 28)),
            (new(2027, 1, 9), new(2027, 3, 20)), (new(2027, 3, 30), new(2027, 5, 26))];
        for (var i = 0; i < spans.Length; i++)
            Quarters.Add(
                new StudyPeriod { SchoolId = School.Id, AcademicYearId = Year.Id, Name = $"{i + 1} четверть", Kind = PeriodKind.Quarter,
                    Number = i + 1, Start = spans[i].Item1, End = spans[i].Item2 });
        db.StudyPeriods.AddRange(Quarters);
        FivePoint = new GradingSystem { SchoolId = School.Id, Name = "Пятибалльная", Kind = GradingKind.FivePoint };
        Answer = new WorkType { SchoolId = School.Id, Name = "Ответ на уроке", ShortName = "Отв", Weight = 1m };
        Bells = new BellSchedule
        {
            SchoolId = School.Id, Name = "Основное",
            Slots = [.. Enumerable.Range(1, 7)
                .Select(n =>
                    new BellSlot { Number = n, Start = new TimeOnly(8, 0).AddMinutes((n - 1) * 55),
                        End = new TimeOnly(8, 45).AddMinutes((n - 1) * 55) })],
        };
        db.AddRange(FivePoint, Answer, Bells);
        await db.SaveChangesAsync();
        return School;
    }

    /// <summary>A login with roles, in this school; ready to use unless <paramref name="mustChangePassword"/>.</summary>
    /// <remarks>
    /// Written straight, as the demo's generator writes its accounts: the row <see cref="UserManager{TUser}.CreateAsync(TUser, string)"/>
    /// would write (normalized name, the app's password hash, a security stamp, lockout on) and its roles, in one save. Identity's
    /// own path — a validation query, a save, then a lookup, a check and a second save for each role — took 7 % of 126 journal tests'
    /// CPU in a perf profile (7 December), 3 % this way. The tests of account creation go through the app's own pages and API.
    /// </remarks>
    public async Task<AppUser> UserAsync(string login, string displayName, IEnumerable<string> roleNames, bool mustChangePassword = false,
        string password = JournalApp.Password)
    {
        var user = new AppUser
        {
            UserName = login, NormalizedUserName = users.NormalizeName(login), DisplayName = displayName, SchoolId = School.Id,
            MustChangePassword = mustChangePassword, CreatedAt = Now, LockoutEnabled = true,
            SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
        };
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        db.Users.Add(user);
        foreach (var role in roleNames)
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = await RoleIdAsync(role) });
        await db.SaveChangesAsync();
        return user;
    }

    private Dictionary<string, string>? _roleIds;

    /// <summary>The roles' ids by name; the built-in roles are written on the first call if the database has none of them yet.</summary>
    private async Task<Dictionary<string, string>> BuiltInRolesAsync() => _roleIds ??= await Roles.EnsureAllAsync(db);

    private async Task<string> RoleIdAsync(string name)
    {
        var ids = await BuiltInRolesAsync();
        if (ids.TryGetValue(name, out var id)) return id;
        // A role the test wrote itself after the first call.
        var normalized = roles.NormalizeKey(name);
        return ids[name] = await db.Roles.Where(r => r.NormalizedName == normalized).Select(r => r.Id).FirstOrDefaultAsync()
            ?? throw new InvalidOperationException($"Role {name} does not exist.");
    }

    public async Task<StaffMember> StaffAsync(string lastName, string firstName, string middleName, string? login, params string[] roleNames)
    {
        var staff = new StaffMember { SchoolId = School.Id, LastName = lastName, FirstName = firstName, MiddleName = middleName };
        if (login is not null)
            staff.UserId = (await UserAsync(login, $"{lastName} {firstName} {middleName}", roleNames)).Id;
        staff.Positions.Add(
            new StaffPosition { Kind = roleNames.Contains(Roles.Director) ? PositionKind.Director : PositionKind.Teacher, Title = "учитель" });
        db.StaffMembers.Add(staff);
        await db.SaveChangesAsync();
        return staff;
    }

    public async Task<SchoolClass> ClassAsync(int grade, string letter, StaffMember? classTeacher = null)
    {
        var cls = new SchoolClass { SchoolId = School.Id, AcademicYearId = Year.Id, Grade = grade, Letter = letter, BellScheduleId = Bells.Id };
        if (classTeacher is not null)
            cls.ClassTeachers.Add(new ClassTeacher { SchoolId = School.Id, StaffMemberId = classTeacher.Id, From = Year.Start });
        db.SchoolClasses.Add(cls);
        await db.SaveChangesAsync();
        return cls;
    }

    public async Task<Student> StudentAsync(SchoolClass cls, string lastName, string firstName, string? login = null)
    {
        var student = new Student
        {
            SchoolId = School.Id, LastName = lastName, FirstName = firstName, MiddleName = "Иванович",
            BirthDate = new DateOnly(2026 - cls.Grade - 7, 3, 1 + (++_counter % 27)), Gender = Gender.Male,
        };
        if (login is not null)
            student.UserId = (await UserAsync(login, $"{lastName} {firstName}", [Roles.Student])).Id;
        student.Enrolments.Add(new Enrolment { SchoolId = School.Id, SchoolClassId = cls.Id, From = Year.Start, Reason = EnrolmentReason.Arrival });
        db.Students.Add(student);
        await db.SaveChangesAsync();
        return student;
    }

    /// <summary>Moves a student to another class from <paramref name="on"/>: the old stay ends the day before.</summary>
    public async Task TransferAsync(Student student, SchoolClass to, DateOnly on)
    {
        var current = await db.Enrolments.SingleAsync(e => e.StudentId == student.Id && e.To == null);
        current.To = on.AddDays(-1);
        current.LeaveReason = LeaveReason.Transfer;
        db.Enrolments.Add(
            new Enrolment { SchoolId = School.Id, StudentId = student.Id, SchoolClassId = to.Id, From = on, Reason = EnrolmentReason.Transfer });
        await db.SaveChangesAsync();
    }

    public async Task<Parent> ParentAsync(string lastName, string firstName, string? login, params Student[] children)
    {
        var parent = new Parent { SchoolId = School.Id, LastName = lastName, FirstName = firstName, MiddleName = "Сергеевна" };
        if (login is not null)
            parent.UserId = (await UserAsync(login, $"{lastName} {firstName}", [Roles.Parent])).Id;
        foreach (var child in children)
            parent.Children.Add(new StudentParent { StudentId = child.Id, Kind = RepresentativeKind.Mother });
        db.Parents.Add(parent);
        await db.SaveChangesAsync();
        return parent;
    }

    public async Task<Subject> SubjectAsync(string name)
    {
        var existing = await db.Subjects.FirstOrDefaultAsync(s => s.SchoolId == School.Id && s.Name == name);
        if (existing is not null) return existing;
        var subject = new Subject { SchoolId = School.Id, Name = name, ShortName = name.Length > 10 ? name[..10] : name,
            Component = SubjectComponent.Federal };
        db.Subjects.Add(subject);
        await db.SaveChangesAsync();
        return subject;
    }

    /// <summary>A group of <paramref name="classes"/> in <paramref name="subjectName"/> taught by <paramref name="teacher"/>; its members are the
    /// classes' students unless given.</summary>
    public async Task<TeachingGroup> GroupAsync(string subjectName, StaffMember teacher, SchoolClass[] classes, Student[]? members = null,
        GroupKind kind = GroupKind.WholeClass)
    {
        var subject = await SubjectAsync(subjectName);
        var group = new TeachingGroup
        {
            SchoolId = School.Id, AcademicYearId = Year.Id, SubjectId = subject.Id, Kind = kind, GradingSystemId = FivePoint.Id,
            Name = $"{subjectName}, {string.Join(", ", classes.Select(c => c.Name))}",
        };
        foreach (var c in classes) group.Classes.Add(new GroupClass { SchoolClassId = c.Id });
        group.Assignments.Add(new TeachingAssignment { SchoolId = School.Id, StaffMemberId = teacher.Id, HoursPerWeek = 4, From = Year.Start });
        var classIds = classes.Select(c => c.Id).ToList();
        var studentIds = members?.Select(m => m.Id).ToList()
            ?? await db.Enrolments.Where(e => classIds.Contains(e.SchoolClassId) && e.To == null).Select(e => e.StudentId).ToListAsync();
        foreach (var id in studentIds)
            group.Members.Add(new GroupMembership { SchoolId = School.Id, StudentId = id, From = Year.Start });
        db.TeachingGroups.Add(group);
        await db.SaveChangesAsync();
        return group;
    }

    public async Task<Lesson> LessonAsync(TeachingGroup group, DateOnly date, int number, StaffMember teacher, string? topic = null)
    {
        var slot = Bells.Slots.First(s => s.Number == number);
        var lesson = new Lesson
        {
            SchoolId = School.Id, TeachingGroupId = group.Id, Date = date, Number = number, Start = slot.Start, End = slot.End,
            TeacherId = teacher.Id, Topic = topic, StudyPeriodId = Quarters.FirstOrDefault(q => q.Start <= date && date <= q.End)?.Id,
        };
        db.Lessons.Add(lesson);
        await db.SaveChangesAsync();
        return lesson;
    }

    public async Task<WorkType> WorkTypeAsync(string name, decimal weight, bool isControl = false, int sortOrder = 10)
    {
        var type = new WorkType { SchoolId = School.Id, Name = name, ShortName = name.Length > 10 ? name[..10] : name, Weight = weight,
            IsControl = isControl, SortOrder = sortOrder };
        db.WorkTypes.Add(type);
        await db.SaveChangesAsync();
        return type;
    }

    /// <summary>A mark written straight into the database, as if entered earlier (no audit event).</summary>
    public async Task<Mark> MarkAsync(Lesson lesson, Student student, string value, WorkType? type = null)
    {
        var mark = new Mark { SchoolId = School.Id, LessonId = lesson.Id, StudentId = student.Id, Value = value, WorkTypeId = (type ?? Answer).Id,
            CreatedAt = Now };
        db.Marks.Add(mark);
        await db.SaveChangesAsync();
        return mark;
    }

    /// <summary>Adds <paramref name="student"/> to <paramref name="group"/> over a span of dates (a newcomer, a leaver).</summary>
    public async Task<GroupMembership> MembershipAsync(TeachingGroup group, Student student, DateOnly from, DateOnly? to = null)
    {
        var membership = new GroupMembership { SchoolId = School.Id, TeachingGroupId = group.Id, StudentId = student.Id, From = from, To = to };
        db.GroupMemberships.Add(membership);
        await db.SaveChangesAsync();
        return membership;
    }

    /// <summary>The deputy's substitution of one lesson: <paramref name="substitute"/> teaches it.</summary>
    public async Task SubstituteAsync(Lesson lesson, StaffMember substitute)
    {
        var row = await db.Lessons.SingleAsync(l => l.Id == lesson.Id);
        row.SubstituteTeacherId = substitute.Id;
        await db.SaveChangesAsync();
    }

    /// <summary>The homework text of a lesson, as if written earlier (no audit event).</summary>
    public async Task<Homework> LessonHomeworkAsync(Lesson lesson, string text)
    {
        var homework = new Homework { SchoolId = School.Id, LessonId = lesson.Id, Text = text, CreatedAt = Now };
        db.Homework.Add(homework);
        await db.SaveChangesAsync();
        return homework;
    }

    /// <summary>The subject teacher's attendance mark of a lesson, as if entered earlier.</summary>
    public async Task<Attendance> AttendanceAsync(Lesson lesson, Student student, AttendanceCode code)
    {
        var row = new Attendance { SchoolId = School.Id, LessonId = lesson.Id, StudentId = student.Id, Code = code, UpdatedAt = Now };
        db.Attendance.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    /// <summary>The class teacher's mark for a whole day, as if entered earlier.</summary>
    public async Task<DailyAbsence> DailyAbsenceAsync(Student student, SchoolClass cls, DateOnly date, AttendanceCode code)
    {
        var row = new DailyAbsence { SchoolId = School.Id, StudentId = student.Id, SchoolClassId = cls.Id, Date = date, Code = code,
            CreatedAt = Now };
        db.DailyAbsences.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    /// <summary>A teacher's message about a student, as if sent earlier; <paramref name="sender"/> must have a login.</summary>
    public async Task<TeacherMessage> MessageAsync(Student student, StaffMember sender, string text, bool toParents, bool toStudent,
        MessageKind kind = MessageKind.Message, DateTimeOffset? at = null)
    {
        var message = new TeacherMessage
        {
            SchoolId = School.Id, StudentId = student.Id, Kind = kind, ToParents = toParents, ToStudent = toStudent, Text = text,
            SenderUserId = sender.UserId!, SenderName = $"{sender.LastName} {sender.FirstName} {sender.MiddleName}",
            CreatedAt = at ?? Now,
        };
        db.TeacherMessages.Add(message);
        await db.SaveChangesAsync();
        return message;
    }
}
