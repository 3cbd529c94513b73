using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Data;

public abstract class JournalDbContext(DbContextOptions options, ISchoolScope? scope)
    : IdentityDbContext<AppUser>(options)
{
    private ISchoolScope? _scope = scope;

    /// <summary>The school the query filters restrict to; null (commands, seeding) sees every school.</summary>
    public int? CurrentSchoolId => _scope?.SchoolId;

    /// <summary>
    /// A context from the app's pool (<see cref="DataSetup"/>) starts its request's lease: the request's school scope, and none of
    /// the last lease's settings (EF resets its own: the change tracker, the transaction).
    /// </summary>
    internal void Lease(ISchoolScope? scope)
    {
        _scope = scope;
        SuppressDiaryEvents = false;
    }

    /// <summary>
    /// The request's scope holds this context (<see cref="DataSetup"/>): only its lease gives it back to the pool. DI disposes a
    /// scoped service once for every registration it was resolved through — the context's own type, <see cref="JournalDbContext"/>,
    /// the reads' key — and a pooled context disposed a second time after the first had given it back could be another request's
    /// by then: that request's context was marked disposed under it ("Cannot access a disposed context instance", a sign-in's 500
    /// on the PostgreSQL lane, 7 December).
    /// </summary>
    internal bool HeldByScope { get; set; }

    public override void Dispose()
    {
        if (!HeldByScope) base.Dispose();
    }

    public override ValueTask DisposeAsync() => HeldByScope ? ValueTask.CompletedTask : base.DisposeAsync();

    /// <summary>
    /// Data written as a school would have had it (the demo seeder, tests' set-up) is nobody's news: with this set,
    /// SaveChanges writes no <see cref="DiaryEvent"/> (see Infrastructure/Outbox/DiaryOutboxInterceptor).
    /// </summary>
    public bool SuppressDiaryEvents { get; set; }

    public DbSet<School> Schools => Set<School>();
    public DbSet<AcademicYear> AcademicYears => Set<AcademicYear>();
    public DbSet<StudyPeriod> StudyPeriods => Set<StudyPeriod>();
    public DbSet<Holiday> Holidays => Set<Holiday>();
    public DbSet<BellSchedule> BellSchedules => Set<BellSchedule>();
    public DbSet<BellSlot> BellSlots => Set<BellSlot>();
    public DbSet<Room> Rooms => Set<Room>();
    public DbSet<StaffMember> StaffMembers => Set<StaffMember>();
    public DbSet<StaffPosition> StaffPositions => Set<StaffPosition>();
    public DbSet<Student> Students => Set<Student>();
    public DbSet<Parent> Parents => Set<Parent>();
    public DbSet<StudentParent> StudentParents => Set<StudentParent>();
    public DbSet<Enrolment> Enrolments => Set<Enrolment>();
    public DbSet<Subject> Subjects => Set<Subject>();
    public DbSet<SchoolClass> SchoolClasses => Set<SchoolClass>();
    public DbSet<ClassTeacher> ClassTeachers => Set<ClassTeacher>();
    public DbSet<TeachingGroup> TeachingGroups => Set<TeachingGroup>();
    public DbSet<GroupClass> GroupClasses => Set<GroupClass>();
    public DbSet<GroupMembership> GroupMemberships => Set<GroupMembership>();
    public DbSet<TeachingAssignment> TeachingAssignments => Set<TeachingAssignment>();
    public DbSet<Curriculum> Curricula => Set<Curriculum>();
    public DbSet<CurriculumLine> CurriculumLines => Set<CurriculumLine>();
    public DbSet<GradingSystem> GradingSystems => Set<GradingSystem>();
    public DbSet<WorkType> WorkTypes => Set<WorkType>();
    public DbSet<TimetableEntry> TimetableEntries => Set<TimetableEntry>();
    public DbSet<Lesson> Lessons => Set<Lesson>();
    public DbSet<Homework> Homework => Set<Homework>();
    public DbSet<Mark> Marks => Set<Mark>();
    public DbSet<Attendance> Attendance => Set<Attendance>();
    public DbSet<PeriodGrade> PeriodGrades => Set<PeriodGrade>();
    public DbSet<PeriodLock> PeriodLocks => Set<PeriodLock>();
    public DbSet<HomeworkStudent> HomeworkStudents => Set<HomeworkStudent>();
    public DbSet<HomeworkAttachment> HomeworkAttachments => Set<HomeworkAttachment>();
    public DbSet<DailyAbsence> DailyAbsences => Set<DailyAbsence>();
    public DbSet<TeacherMessage> TeacherMessages => Set<TeacherMessage>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ThematicPlan> ThematicPlans => Set<ThematicPlan>();
    public DbSet<ThematicTopic> ThematicTopics => Set<ThematicTopic>();
    public DbSet<ControlWork> ControlWorks => Set<ControlWork>();
    public DbSet<LessonChange> LessonChanges => Set<LessonChange>();
    public DbSet<SummaryGrade> SummaryGrades => Set<SummaryGrade>();
    public DbSet<DiaryEvent> DiaryEvents => Set<DiaryEvent>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<PersonalDataConsent> PersonalDataConsents => Set<PersonalDataConsent>();
    public DbSet<DiaryAcknowledgment> DiaryAcknowledgments => Set<DiaryAcknowledgment>();
    public DbSet<ExtractIssue> ExtractIssues => Set<ExtractIssue>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();
    public DbSet<CredentialIssue> CredentialIssues => Set<CredentialIssue>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<SupportRequest> SupportRequests => Set<SupportRequest>();
    public DbSet<SystemOutage> SystemOutages => Set<SystemOutage>();
    public DbSet<StaffDuty> StaffDuties => Set<StaffDuty>();
    public DbSet<SchoolRole> SchoolRoles => Set<SchoolRole>();
    public DbSet<SchoolRoleMember> SchoolRoleMembers => Set<SchoolRoleMember>();
    public DbSet<StaffCertificate> StaffCertificates => Set<StaffCertificate>();
    public DbSet<JournalSignature> JournalSignatures => Set<JournalSignature>();
    public DbSet<ExternalId> ExternalIds => Set<ExternalId>();
    public DbSet<OneRosterClient> OneRosterClients => Set<OneRosterClient>();
    public DbSet<RegionalExport> RegionalExports => Set<RegionalExport>();

    // Link rows (a group's classes, a student's parents, curriculum lines) carry no SchoolId: they are reached
    // only through their school-owned ends, so the "required end is filtered" warning does not apply.
    internal static void IgnoredWarnings(WarningsConfigurationBuilder w) =>
        w.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning);

    // The app's pooled options carry the setting already and are frozen (EF forbids changing them here); a context made
    // from options of its own (tests, the design-time tool) gets it here.
    protected override void OnConfiguring(DbContextOptionsBuilder options)
    {
        if (!options.Options.IsFrozen) options.ConfigureWarnings(IgnoredWarnings);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.ApplyConfigurationsFromAssembly(typeof(JournalDbContext).Assembly);
        foreach (var entity in b.Model.GetEntityTypes())
        {
            if (typeof(ISchoolOwned).IsAssignableFrom(entity.ClrType))
            {
                b.Entity(entity.ClrType).HasQueryFilter(SchoolFilter(entity.ClrType));
                b.Entity(entity.ClrType)
                    .HasOne(typeof(School)).WithMany().HasForeignKey(nameof(ISchoolOwned.SchoolId)).OnDelete(DeleteBehavior.Restrict);
            }
        }
    }

    private LambdaExpression SchoolFilter(Type type)
    {
        // e => CurrentSchoolId == null || e.SchoolId == CurrentSchoolId
        var e = Expression.Parameter(type, "e");
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentSchoolId));
        var schoolId = Expression.Convert(Expression.Property(e, nameof(ISchoolOwned.SchoolId)), typeof(int?));
        var body = Expression.OrElse(
            Expression.Equal(current, Expression.Constant(null, typeof(int?))),
            Expression.Equal(schoolId, current));
        return Expression.Lambda(body, e);
    }
}

// EF's pool makes a context with its one public constructor, of its options alone; a context made outside the pool (the
// replica's read contexts) is given its school scope by the internal one.
public sealed class SqliteJournalDbContext(DbContextOptions<SqliteJournalDbContext> options) : JournalDbContext(options, null);

public sealed class PostgresJournalDbContext : JournalDbContext
{
    public PostgresJournalDbContext(DbContextOptions<PostgresJournalDbContext> options) : base(options, null) { }

    internal PostgresJournalDbContext(DbContextOptions<PostgresJournalDbContext> options, ISchoolScope scope) : base(options, scope) { }
}
