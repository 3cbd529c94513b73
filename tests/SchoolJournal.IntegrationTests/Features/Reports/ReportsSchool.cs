using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Reports;

/// <summary>
/// A school for the reports' hand-computed cases: class 5А (class teacher «kozlova») with four students whose
/// mathematics grades for the 2nd quarter are 5, 4, 3 and 2, and class 5Б (another class teacher) with one student.
/// The director «petrov», the deputy «fedorova», the teacher «smirnova» teach and read.
/// </summary>
public sealed record ReportsSchool(SchoolBuilder B, SchoolClass A, SchoolClass Bclass, StaffMember Teacher, TeachingGroup MathA,
    TeachingGroup MathB, IReadOnlyList<Student> Four, Student Other, StudyPeriod Quarter2)
{
    public static async Task<ReportsSchool> BuildAsync(SchoolBuilder b)
    {
        await b.SchoolAsync();
        await b.StaffAsync("Петров", "Олег", "Иванович", "petrov", Roles.Director);
        await b.StaffAsync("Фёдорова", "Нина", "Андреевна", "fedorova", Roles.Deputy);
        var leaderA = await b.StaffAsync("Козлова", "Ирина", "Павловна", "kozlova", Roles.ClassTeacher);
        var leaderB = await b.StaffAsync("Белова", "Ольга", "Петровна", "belova", Roles.ClassTeacher);
        var teacher = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var a = await b.ClassAsync(5, "А", leaderA);
        var bc = await b.ClassAsync(5, "Б", leaderB);
        List<Student> four = [];
        foreach (var name in new[] { "Андреев", "Борисов", "Васильев", "Григорьев" })
            four.Add(await b.StudentAsync(a, name, "Иван"));
        var other = await b.StudentAsync(bc, "Дмитриев", "Пётр");
        var mathA = await b.GroupAsync("Математика", teacher, [a]);
        var mathB = await b.GroupAsync("Математика", teacher, [bc]);
        var s = new ReportsSchool(b, a, bc, teacher, mathA, mathB, four, other, b.Quarters[1]);
        await s.GradesAsync(mathA, ("5", four[0]), ("4", four[1]), ("3", four[2]), ("2", four[3]));
        await s.GradesAsync(mathB, ("4", other));
        return s;
    }

    public async Task GradesAsync(TeachingGroup group, params (string Value, Student Student)[] grades)
    {
        foreach (var (value, student) in grades)
            B.Db.PeriodGrades.Add(new PeriodGrade
            {
                SchoolId = B.School.Id, TeachingGroupId = group.Id, StudentId = student.Id, StudyPeriodId = Quarter2.Id,
                Kind = PeriodGradeKind.Period, Value = value, CreatedAt = B.Now,
            });
        await B.Db.SaveChangesAsync();
    }

    public async Task ExemptCountedAsync(bool counted)
    {
        B.School.ExemptCountedInProgress = counted;
        await B.Db.SaveChangesAsync();
    }
}
