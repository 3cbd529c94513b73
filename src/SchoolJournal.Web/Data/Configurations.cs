using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SchoolJournal.Web.Data;

internal static class PersonConfiguration
{
    /// <summary>The name, and the login a person may have: deleting the login keeps the person.</summary>
    public static void IsPerson<T>(this EntityTypeBuilder<T> b) where T : Person
    {
        b.Property(x => x.LastName).HasMaxLength(100);
        b.Property(x => x.FirstName).HasMaxLength(100);
        b.Property(x => x.MiddleName).HasMaxLength(100);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.UserId);
        b.Ignore(x => x.FullName);
    }
}

// Lengths and indexes; the indexes follow the hot queries: the journal grid (group × period),
// the diary week (student × dates) and a teacher's day (teacher × date).

internal sealed class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> b)
    {
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.ShortName).HasMaxLength(100);
        b.Property(x => x.Address).HasMaxLength(300);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.Property(x => x.GradeThreshold5).HasPrecision(3, 2);
        b.Property(x => x.GradeThreshold4).HasPrecision(3, 2);
        b.Property(x => x.GradeThreshold3).HasPrecision(3, 2);
    }
}

internal sealed class AcademicYearConfiguration : IEntityTypeConfiguration<AcademicYear>
{
    public void Configure(EntityTypeBuilder<AcademicYear> b)
    {
        b.Property(x => x.Name).HasMaxLength(20);
        b.HasIndex(x => new { x.SchoolId, x.Start }).IsUnique();
    }
}

internal sealed class StudyPeriodConfiguration : IEntityTypeConfiguration<StudyPeriod>
{
    public void Configure(EntityTypeBuilder<StudyPeriod> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasIndex(x => new { x.AcademicYearId, x.Start });
        b.HasOne<SchoolClass>().WithMany().HasForeignKey(x => x.SchoolClassId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HolidayConfiguration : IEntityTypeConfiguration<Holiday>
{
    public void Configure(EntityTypeBuilder<Holiday> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasOne<AcademicYear>().WithMany().HasForeignKey(x => x.AcademicYearId);
        b.HasIndex(x => new { x.AcademicYearId, x.Start });
    }
}

internal sealed class BellScheduleConfiguration : IEntityTypeConfiguration<BellSchedule>
{
    public void Configure(EntityTypeBuilder<BellSchedule> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasMany(x => x.Slots).WithOne().HasForeignKey(x => x.BellScheduleId);
    }
}

internal sealed class BellSlotConfiguration : IEntityTypeConfiguration<BellSlot>
{
    public void Configure(EntityTypeBuilder<BellSlot> b) =>
        b.HasIndex(x => new { x.BellScheduleId, x.Number }).IsUnique();
}

internal sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> b)
    {
        b.Property(x => x.Number).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasIndex(x => new { x.SchoolId, x.Number }).IsUnique();
    }
}

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> b)
    {
        b.IsPerson();
        b.Property(x => x.Email).HasMaxLength(200);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.Property(x => x.Snils).HasMaxLength(14);
        b.HasMany(x => x.Positions).WithOne().HasForeignKey(x => x.StaffMemberId);
        b.Ignore(x => x.ShortName);
    }
}

internal sealed class StaffPositionConfiguration : IEntityTypeConfiguration<StaffPosition>
{
    public void Configure(EntityTypeBuilder<StaffPosition> b)
    {
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Rate).HasPrecision(4, 2);
    }
}

internal sealed class StudentConfiguration : IEntityTypeConfiguration<Student>
{
    public void Configure(EntityTypeBuilder<Student> b)
    {
        b.IsPerson();
        b.Property(x => x.Snils).HasMaxLength(14);
        b.Property(x => x.Address).HasMaxLength(500);
        b.Property(x => x.IdentityDocument).HasMaxLength(200);
        b.HasIndex(x => new { x.SchoolId, x.LastName, x.FirstName });
    }
}

internal sealed class StaffDutyConfiguration : IEntityTypeConfiguration<StaffDuty>
{
    public void Configure(EntityTypeBuilder<StaffDuty> b)
    {
        b.Property(x => x.Order).HasMaxLength(200);
        b.Property(x => x.AppointedByName).HasMaxLength(300);
        b.HasOne(x => x.StaffMember).WithMany().HasForeignKey(x => x.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AppointedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SchoolId, x.Kind, x.From });
        b.HasIndex(x => new { x.StaffMemberId, x.From });
    }
}

internal sealed class ParentConfiguration : IEntityTypeConfiguration<Parent>
{
    public void Configure(EntityTypeBuilder<Parent> b)
    {
        b.IsPerson();
        b.Property(x => x.Email).HasMaxLength(200);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.Property(x => x.Snils).HasMaxLength(14);
    }
}

internal sealed class StudentParentConfiguration : IEntityTypeConfiguration<StudentParent>
{
    public void Configure(EntityTypeBuilder<StudentParent> b)
    {
        b.HasKey(x => new { x.StudentId, x.ParentId });
        b.HasOne(x => x.Student).WithMany(x => x.Parents).HasForeignKey(x => x.StudentId);
        b.HasOne(x => x.Parent).WithMany(x => x.Children).HasForeignKey(x => x.ParentId);
        b.HasIndex(x => x.ParentId);
    }
}

internal sealed class EnrolmentConfiguration : IEntityTypeConfiguration<Enrolment>
{
    public void Configure(EntityTypeBuilder<Enrolment> b)
    {
        b.Property(x => x.Order).HasMaxLength(100);
        b.HasOne(x => x.Student).WithMany(x => x.Enrolments).HasForeignKey(x => x.StudentId);
        b.HasOne(x => x.SchoolClass).WithMany().HasForeignKey(x => x.SchoolClassId);
        b.HasIndex(x => new { x.SchoolClassId, x.From });
        b.HasIndex(x => new { x.StudentId, x.From });
    }
}

internal sealed class SubjectConfiguration : IEntityTypeConfiguration<Subject>
{
    public void Configure(EntityTypeBuilder<Subject> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.ShortName).HasMaxLength(50);
        b.Property(x => x.Area).HasMaxLength(200);
        b.HasIndex(x => new { x.SchoolId, x.Name }).IsUnique();
        b.HasOne<GradingSystem>().WithMany().HasForeignKey(x => x.GradingSystemId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SchoolClassConfiguration : IEntityTypeConfiguration<SchoolClass>
{
    public void Configure(EntityTypeBuilder<SchoolClass> b)
    {
        b.Property(x => x.Letter).HasMaxLength(10);
        b.HasOne<AcademicYear>().WithMany().HasForeignKey(x => x.AcademicYearId);
        b.HasOne<BellSchedule>().WithMany().HasForeignKey(x => x.BellScheduleId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Curriculum>().WithMany().HasForeignKey(x => x.CurriculumId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Room>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<GradingSystem>().WithMany().HasForeignKey(x => x.GradingSystemId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<SchoolClass>().WithMany().HasForeignKey(x => x.PreviousClassId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.AcademicYearId, x.Grade, x.Letter }).IsUnique();
        b.Ignore(x => x.Name);
        b.Ignore(x => x.Level);
    }
}

internal sealed class ClassTeacherConfiguration : IEntityTypeConfiguration<ClassTeacher>
{
    public void Configure(EntityTypeBuilder<ClassTeacher> b)
    {
        b.HasOne(x => x.SchoolClass).WithMany(x => x.ClassTeachers).HasForeignKey(x => x.SchoolClassId);
        b.HasOne(x => x.StaffMember).WithMany().HasForeignKey(x => x.StaffMemberId);
        b.HasIndex(x => x.StaffMemberId);
    }
}

internal sealed class TeachingGroupConfiguration : IEntityTypeConfiguration<TeachingGroup>
{
    public void Configure(EntityTypeBuilder<TeachingGroup> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasOne<AcademicYear>().WithMany().HasForeignKey(x => x.AcademicYearId);
        b.HasOne(x => x.Subject).WithMany().HasForeignKey(x => x.SubjectId);
        b.HasOne(x => x.GradingSystem).WithMany().HasForeignKey(x => x.GradingSystemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<BellSchedule>().WithMany().HasForeignKey(x => x.BellScheduleId).OnDelete(DeleteBehavior.SetNull);
        b.Property(x => x.Note).HasMaxLength(500);
        b.HasMany(x => x.Classes).WithOne().HasForeignKey(x => x.TeachingGroupId);
        b.HasMany(x => x.Members).WithOne(x => x.TeachingGroup).HasForeignKey(x => x.TeachingGroupId);
        b.HasMany(x => x.Assignments).WithOne(x => x.TeachingGroup).HasForeignKey(x => x.TeachingGroupId);
        b.HasIndex(x => new { x.AcademicYearId, x.SubjectId });
    }
}

internal sealed class GroupClassConfiguration : IEntityTypeConfiguration<GroupClass>
{
    public void Configure(EntityTypeBuilder<GroupClass> b)
    {
        b.HasKey(x => new { x.TeachingGroupId, x.SchoolClassId });
        b.HasOne(x => x.SchoolClass).WithMany().HasForeignKey(x => x.SchoolClassId);
        b.HasIndex(x => x.SchoolClassId);
    }
}

internal sealed class GroupMembershipConfiguration : IEntityTypeConfiguration<GroupMembership>
{
    public void Configure(EntityTypeBuilder<GroupMembership> b)
    {
        b.HasOne(x => x.Student).WithMany().HasForeignKey(x => x.StudentId);
        b.HasIndex(x => new { x.TeachingGroupId, x.From });
        b.HasIndex(x => new { x.StudentId, x.TeachingGroupId });
    }
}

internal sealed class TeachingAssignmentConfiguration : IEntityTypeConfiguration<TeachingAssignment>
{
    public void Configure(EntityTypeBuilder<TeachingAssignment> b)
    {
        b.Property(x => x.HoursPerWeek).HasPrecision(5, 2);
        b.HasOne(x => x.StaffMember).WithMany().HasForeignKey(x => x.StaffMemberId);
        b.HasIndex(x => new { x.StaffMemberId, x.TeachingGroupId });
    }
}

internal sealed class CurriculumConfiguration : IEntityTypeConfiguration<Curriculum>
{
    public void Configure(EntityTypeBuilder<Curriculum> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasOne<AcademicYear>().WithMany().HasForeignKey(x => x.AcademicYearId);
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.CurriculumId);
    }
}

internal sealed class CurriculumLineConfiguration : IEntityTypeConfiguration<CurriculumLine>
{
    public void Configure(EntityTypeBuilder<CurriculumLine> b)
    {
        b.Property(x => x.HoursPerWeek).HasPrecision(5, 2);
        b.HasOne(x => x.Subject).WithMany().HasForeignKey(x => x.SubjectId);
    }
}

internal sealed class GradingSystemConfiguration : IEntityTypeConfiguration<GradingSystem>
{
    public void Configure(EntityTypeBuilder<GradingSystem> b) => b.Property(x => x.Name).HasMaxLength(100);
}

internal sealed class WorkTypeConfiguration : IEntityTypeConfiguration<WorkType>
{
    public void Configure(EntityTypeBuilder<WorkType> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.ShortName).HasMaxLength(20);
        b.Property(x => x.Weight).HasPrecision(4, 2);
    }
}

internal sealed class TimetableEntryConfiguration : IEntityTypeConfiguration<TimetableEntry>
{
    public void Configure(EntityTypeBuilder<TimetableEntry> b)
    {
        b.HasOne<AcademicYear>().WithMany().HasForeignKey(x => x.AcademicYearId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.TeachingGroup).WithMany().HasForeignKey(x => x.TeachingGroupId);
        b.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Room>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.TeachingGroupId, x.DayOfWeek });
        b.HasIndex(x => new { x.StaffMemberId, x.DayOfWeek, x.LessonNumber });
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class ThematicPlanConfiguration : IEntityTypeConfiguration<ThematicPlan>
{
    public void Configure(EntityTypeBuilder<ThematicPlan> b)
    {
        b.HasOne(x => x.TeachingGroup).WithMany().HasForeignKey(x => x.TeachingGroupId);
        b.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffMemberId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Topics).WithOne().HasForeignKey(x => x.ThematicPlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.TeachingGroupId).IsUnique();
    }
}

internal sealed class ThematicTopicConfiguration : IEntityTypeConfiguration<ThematicTopic>
{
    public void Configure(EntityTypeBuilder<ThematicTopic> b)
    {
        b.Property(x => x.Title).HasMaxLength(500);
        b.Property(x => x.Section).HasMaxLength(300);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.HasIndex(x => new { x.ThematicPlanId, x.Number }).IsUnique();
    }
}

internal sealed class ControlWorkConfiguration : IEntityTypeConfiguration<ControlWork>
{
    public void Configure(EntityTypeBuilder<ControlWork> b)
    {
        b.Property(x => x.Title).HasMaxLength(300);
        b.HasOne<AcademicYear>().WithMany().HasForeignKey(x => x.AcademicYearId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.SchoolClass).WithMany().HasForeignKey(x => x.SchoolClassId);
        b.HasOne<TeachingGroup>().WithMany().HasForeignKey(x => x.TeachingGroupId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.Subject).WithMany().HasForeignKey(x => x.SubjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SchoolClassId, x.Date });
        b.HasIndex(x => new { x.SchoolId, x.Date });
    }
}

internal sealed class LessonChangeConfiguration : IEntityTypeConfiguration<LessonChange>
{
    public void Configure(EntityTypeBuilder<LessonChange> b)
    {
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasOne(x => x.Lesson).WithMany().HasForeignKey(x => x.LessonId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.LessonId);
        b.HasIndex(x => new { x.SchoolId, x.CreatedAt });
    }
}

internal sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> b)
    {
        b.Property(x => x.Topic).HasMaxLength(500);
        b.HasOne(x => x.TeachingGroup).WithMany().HasForeignKey(x => x.TeachingGroupId);
        b.HasOne<StudyPeriod>().WithMany().HasForeignKey(x => x.StudyPeriodId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<TimetableEntry>().WithMany().HasForeignKey(x => x.TimetableEntryId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Room>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.Teacher).WithMany().HasForeignKey(x => x.TeacherId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.SubstituteTeacherId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Homework).WithOne().HasForeignKey<Homework>(x => x.LessonId);
        b.HasMany(x => x.Marks).WithOne(x => x.Lesson).HasForeignKey(x => x.LessonId);
        b.HasMany(x => x.Attendance).WithOne().HasForeignKey(x => x.LessonId);
        b.HasIndex(x => new { x.TeachingGroupId, x.Date, x.Number });
        b.HasIndex(x => new { x.TeacherId, x.Date });
        b.HasIndex(x => new { x.SubstituteTeacherId, x.Date });
        b.HasIndex(x => new { x.SchoolId, x.Date });
        b.HasOne<ThematicTopic>().WithMany().HasForeignKey(x => x.ThematicTopicId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.TimetableEntryId);
    }
}

internal sealed class HomeworkConfiguration : IEntityTypeConfiguration<Homework>
{
    public void Configure(EntityTypeBuilder<Homework> b)
    {
        b.Property(x => x.Text).HasMaxLength(4000);
        b.HasIndex(x => x.LessonId).IsUnique();
        b.HasMany(x => x.Students).WithOne().HasForeignKey(x => x.HomeworkId);
        b.HasMany(x => x.Attachments).WithOne().HasForeignKey(x => x.HomeworkId);
    }
}

internal sealed class HomeworkStudentConfiguration : IEntityTypeConfiguration<HomeworkStudent>
{
    public void Configure(EntityTypeBuilder<HomeworkStudent> b)
    {
        b.HasKey(x => new { x.HomeworkId, x.StudentId });
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId);
        b.HasIndex(x => x.StudentId);
    }
}

internal sealed class HomeworkAttachmentConfiguration : IEntityTypeConfiguration<HomeworkAttachment>
{
    public void Configure(EntityTypeBuilder<HomeworkAttachment> b)
    {
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.StoredName).HasMaxLength(100);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.HasIndex(x => x.StoredName).IsUnique();
    }
}

internal sealed class DailyAbsenceConfiguration : IEntityTypeConfiguration<DailyAbsence>
{
    public void Configure(EntityTypeBuilder<DailyAbsence> b)
    {
        b.Property(x => x.Comment).HasMaxLength(500);
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId);
        b.HasOne<SchoolClass>().WithMany().HasForeignKey(x => x.SchoolClassId);
        b.HasIndex(x => new { x.StudentId, x.Date }).IsUnique();
        b.HasIndex(x => new { x.SchoolClassId, x.Date });
    }
}

internal sealed class TeacherMessageConfiguration : IEntityTypeConfiguration<TeacherMessage>
{
    public void Configure(EntityTypeBuilder<TeacherMessage> b)
    {
        b.Property(x => x.Text).HasMaxLength(4000);
        b.Property(x => x.SenderName).HasMaxLength(300);
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId);
        b.HasOne<TeachingGroup>().WithMany().HasForeignKey(x => x.TeachingGroupId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.SenderUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.StudentId, x.CreatedAt });
    }
}

internal sealed class SupportRequestConfiguration : IEntityTypeConfiguration<SupportRequest>
{
    public void Configure(EntityTypeBuilder<SupportRequest> b)
    {
        b.Property(x => x.AuthorName).HasMaxLength(300);
        b.Property(x => x.Subject).HasMaxLength(200);
        b.Property(x => x.Text).HasMaxLength(4000);
        b.Property(x => x.Page).HasMaxLength(300);
        b.Property(x => x.Answer).HasMaxLength(4000);
        b.Property(x => x.AnsweredByName).HasMaxLength(300);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AuthorUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AnsweredById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SchoolId, x.Status, x.CreatedAt });
        b.HasIndex(x => new { x.AuthorUserId, x.CreatedAt });
    }
}

internal sealed class SchoolRoleConfiguration : IEntityTypeConfiguration<SchoolRole>
{
    public void Configure(EntityTypeBuilder<SchoolRole> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Description).HasMaxLength(500);
        b.HasIndex(x => new { x.SchoolId, x.Name }).IsUnique();
        b.HasMany(x => x.Members).WithOne().HasForeignKey(x => x.SchoolRoleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SchoolRoleMemberConfiguration : IEntityTypeConfiguration<SchoolRoleMember>
{
    public void Configure(EntityTypeBuilder<SchoolRoleMember> b)
    {
        b.HasKey(x => new { x.SchoolRoleId, x.UserId });
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class StaffCertificateConfiguration : IEntityTypeConfiguration<StaffCertificate>
{
    public void Configure(EntityTypeBuilder<StaffCertificate> b)
    {
        b.Property(x => x.Subject).HasMaxLength(500);
        b.Property(x => x.Issuer).HasMaxLength(500);
        b.Property(x => x.SerialNumber).HasMaxLength(100);
        b.Property(x => x.Thumbprint).HasMaxLength(64);
        b.Property(x => x.KeyAlgorithm).HasMaxLength(100);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.ImportedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SchoolId, x.Thumbprint }).IsUnique();
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class JournalSignatureConfiguration : IEntityTypeConfiguration<JournalSignature>
{
    public void Configure(EntityTypeBuilder<JournalSignature> b)
    {
        b.Property(x => x.SignerName).HasMaxLength(300);
        b.Property(x => x.ContentSha256).HasMaxLength(64);
        b.HasOne<StaffCertificate>().WithMany().HasForeignKey(x => x.StaffCertificateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.SignerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TeachingGroup>().WithMany().HasForeignKey(x => x.TeachingGroupId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StudyPeriod>().WithMany().HasForeignKey(x => x.StudyPeriodId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AcademicYear>().WithMany().HasForeignKey(x => x.AcademicYearId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TeachingGroupId, x.StudyPeriodId });
        b.HasIndex(x => new { x.SchoolId, x.AcademicYearId, x.Kind });
    }
}

internal sealed class ExternalIdConfiguration : IEntityTypeConfiguration<ExternalId>
{
    public void Configure(EntityTypeBuilder<ExternalId> b)
    {
        b.Property(x => x.System).HasMaxLength(20);
        b.Property(x => x.Kind).HasMaxLength(30);
        b.Property(x => x.Key).HasMaxLength(255);
        b.Property(x => x.EntityType).HasMaxLength(30);
        b.HasIndex(x => new { x.SchoolId, x.System, x.Kind, x.Key }).IsUnique();
        b.HasIndex(x => new { x.SchoolId, x.EntityType, x.EntityId });
    }
}

internal sealed class OneRosterClientConfiguration : IEntityTypeConfiguration<OneRosterClient>
{
    public void Configure(EntityTypeBuilder<OneRosterClient> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.ClientId).HasMaxLength(64);
        b.Property(x => x.SecretSha256).HasMaxLength(64);
        b.Property(x => x.Scopes).HasMaxLength(1000);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ClientId).IsUnique();
    }
}

internal sealed class RegionalExportConfiguration : IEntityTypeConfiguration<RegionalExport>
{
    public void Configure(EntityTypeBuilder<RegionalExport> b)
    {
        b.Property(x => x.Recipient).HasMaxLength(20);
        b.Property(x => x.SchemaVersion).HasMaxLength(10);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SchoolId, x.Recipient, x.CreatedAt });
    }
}

internal sealed class SystemOutageConfiguration : IEntityTypeConfiguration<SystemOutage>
{
    public void Configure(EntityTypeBuilder<SystemOutage> b)
    {
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.RegisteredByName).HasMaxLength(300);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.RegisteredById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SchoolId, x.From });
    }
}

internal sealed class MarkConfiguration : IEntityTypeConfiguration<Mark>
{
    public void Configure(EntityTypeBuilder<Mark> b)
    {
        b.Property(x => x.Value).HasMaxLength(10);
        b.Property(x => x.Comment).HasMaxLength(500);
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId);
        b.HasOne(x => x.WorkType).WithMany().HasForeignKey(x => x.WorkTypeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.LessonId, x.StudentId });
        b.HasIndex(x => new { x.StudentId, x.LessonId });
    }
}

internal sealed class AttendanceConfiguration : IEntityTypeConfiguration<Attendance>
{
    public void Configure(EntityTypeBuilder<Attendance> b)
    {
        b.Property(x => x.Comment).HasMaxLength(500);
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId);
        b.HasIndex(x => new { x.LessonId, x.StudentId }).IsUnique();
        b.HasIndex(x => x.StudentId);
    }
}

internal sealed class PeriodGradeConfiguration : IEntityTypeConfiguration<PeriodGrade>
{
    public void Configure(EntityTypeBuilder<PeriodGrade> b)
    {
        b.Property(x => x.Value).HasMaxLength(10);
        b.HasOne<TeachingGroup>().WithMany().HasForeignKey(x => x.TeachingGroupId);
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId);
        b.HasOne<StudyPeriod>().WithMany().HasForeignKey(x => x.StudyPeriodId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TeachingGroupId, x.StudyPeriodId, x.StudentId });
        b.HasIndex(x => new { x.StudentId, x.StudyPeriodId });
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(300);
        b.Property(x => x.ClosedReason).HasMaxLength(300);
        b.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CredentialIssueConfiguration : IEntityTypeConfiguration<CredentialIssue>
{
    public void Configure(EntityTypeBuilder<CredentialIssue> b)
    {
        b.Property(x => x.Login).HasMaxLength(256);
        b.Property(x => x.PersonName).HasMaxLength(300);
        b.Property(x => x.IssuedByName).HasMaxLength(300);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SchoolClass>().WithMany().HasForeignKey(x => x.SchoolClassId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.UserId);
        b.HasIndex(x => x.SchoolClassId);
    }
}

internal sealed class PeriodLockConfiguration : IEntityTypeConfiguration<PeriodLock>
{
    public void Configure(EntityTypeBuilder<PeriodLock> b)
    {
        b.Property(x => x.ReopenReason).HasMaxLength(1000);
        b.HasOne<TeachingGroup>().WithMany().HasForeignKey(x => x.TeachingGroupId);
        b.HasOne<StudyPeriod>().WithMany().HasForeignKey(x => x.StudyPeriodId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TeachingGroupId, x.StudyPeriodId });
        b.Ignore(x => x.IsActive);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.Property(x => x.ActorName).HasMaxLength(300);
        b.Property(x => x.Ip).HasMaxLength(64);
        b.Property(x => x.Entity).HasMaxLength(50);
        b.Property(x => x.EntityId).HasMaxLength(100);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.Property(x => x.PreviousHash).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => new { x.SchoolId, x.Sequence }).IsUnique();
        b.HasIndex(x => new { x.Entity, x.EntityId });
    }
}

internal sealed class SummaryGradeConfiguration : IEntityTypeConfiguration<SummaryGrade>
{
    public void Configure(EntityTypeBuilder<SummaryGrade> b)
    {
        b.Property(x => x.StudentName).HasMaxLength(300);
        b.Property(x => x.ClassName).HasMaxLength(20);
        b.Property(x => x.SubjectName).HasMaxLength(200);
        b.Property(x => x.Value).HasMaxLength(20);
        // No foreign keys to the journal: the sheet outlives the journal it was copied from (R-ARCH-2).
        b.HasIndex(x => new { x.AcademicYearId, x.StudentId, x.SubjectId, x.Kind }).IsUnique();
        b.HasIndex(x => x.SourceGradeId);
    }
}

// The diary (R-DIARY, R-SEC-4). The dispatcher's queries: unprocessed events in id order, due notifications.

internal sealed class DiaryEventConfiguration : IEntityTypeConfiguration<DiaryEvent>
{
    public void Configure(EntityTypeBuilder<DiaryEvent> b)
    {
        b.Property(x => x.Value).HasMaxLength(20);
        b.Property(x => x.Text).HasMaxLength(2000);
        b.Property(x => x.LockedBy).HasMaxLength(100);
        // No foreign keys: an event outlives the mark it tells about (a removed mark is an event too).
        b.HasIndex(x => new { x.ProcessedAtMs, x.Id });
        b.HasIndex(x => new { x.StudentId, x.Id });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.Body).HasMaxLength(20000);
        b.Property(x => x.LockedBy).HasMaxLength(100);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasOne<Parent>().WithMany().HasForeignKey(x => x.ParentId);
        b.HasIndex(x => new { x.Status, x.DueAtMs });
        b.HasIndex(x => new { x.ParentId, x.Status });
        b.HasIndex(x => x.DiaryEventId);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.HasOne<Parent>().WithMany().HasForeignKey(x => x.ParentId);
        b.HasIndex(x => x.ParentId).IsUnique();
    }
}

internal sealed class PersonalDataConsentConfiguration : IEntityTypeConfiguration<PersonalDataConsent>
{
    public void Configure(EntityTypeBuilder<PersonalDataConsent> b)
    {
        b.Property(x => x.Document).HasMaxLength(200);
        b.Property(x => x.RecordedByName).HasMaxLength(300);
        b.HasOne<Parent>().WithMany().HasForeignKey(x => x.ParentId);
        b.HasIndex(x => new { x.ParentId, x.Id });
    }
}

internal sealed class DiaryAcknowledgmentConfiguration : IEntityTypeConfiguration<DiaryAcknowledgment>
{
    public void Configure(EntityTypeBuilder<DiaryAcknowledgment> b)
    {
        b.HasOne<Parent>().WithMany().HasForeignKey(x => x.ParentId);
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId);
        b.HasIndex(x => new { x.StudentId, x.ParentId, x.Kind, x.From });
    }
}

internal sealed class ExtractIssueConfiguration : IEntityTypeConfiguration<ExtractIssue>
{
    public void Configure(EntityTypeBuilder<ExtractIssue> b)
    {
        b.Property(x => x.IssuedTo).HasMaxLength(300);
        b.Property(x => x.IssuedByName).HasMaxLength(300);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId);
        b.HasIndex(x => x.StudentId);
    }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> b)
    {
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId);
        b.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffMemberId);
        b.HasIndex(x => x.TokenHash).IsUnique();
    }
}

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> b)
    {
        b.Property(x => x.Kind).HasMaxLength(20);
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.CreatedById).HasMaxLength(450);
        b.HasIndex(x => new { x.SchoolId, x.CreatedAt });
    }
}
