using Microsoft.AspNetCore.Http.HttpResults;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.SchoolStructure;

/// <summary>The school structure routes of API.md: classes, rosters, periods, groups.</summary>
public static class SchoolApi
{
    public sealed record ClassDto(int Id, string Name, int Grade, IReadOnlyList<int> ClassTeacherIds);
    public sealed record StudentDto(int Id, string DisplayName);
    public sealed record PeriodDto(int Id, string Name, DateOnly Start, DateOnly End, string Kind, string? Level);
    public sealed record GroupDto(int Id, string Name, string Subject, IReadOnlyList<int> ClassIds, IReadOnlyList<int> TeacherIds);

    public static RouteGroupBuilder MapSchoolApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Структура школы");
        api.MapGet("/classes", ClassesAsync).WithSummary("Классы школы, которые видит пользователь.");
        api.MapGet("/classes/{id:int}/students", StudentsAsync).WithSummary("Состав класса (сотрудникам с доступом).")
            .ProducesProblems(403, 404);
        api.MapGet("/periods", PeriodsAsync).WithSummary("Учебные периоды текущего учебного года (или ?yearId=).");
        api.MapGet("/groups", GroupsAsync).WithSummary("Учебные группы, журналы которых видит пользователь (учителю — те, где он преподаёт).");
        return v1;
    }

    private static async Task<Ok<List<ClassDto>>> ClassesAsync(AccessService access, JournalDbContext db, CancellationToken ct)
    {
        var year = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var classes = await (await access.VisibleClassesAsync(ct)).AsNoTracking()
            .Where(c => c.AcademicYearId == year)
            .OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .Select(c => new { c.Id, c.Grade, c.Letter, Teachers = c.ClassTeachers.Where(t => t.To == null).Select(t => t.StaffMemberId).ToList() })
            .ToListAsync(ct);
        return TypedResults.Ok(classes.Select(c => new ClassDto(c.Id, $"{c.Grade}{c.Letter}", c.Grade, c.Teachers)).ToList());
    }

    private static async Task<IResult> StudentsAsync(int id, AccessService access, CurrentUser user, JournalDbContext db, TimeProvider time,
        CancellationToken ct)
    {
        if (!await db.SchoolClasses.AnyAsync(c => c.Id == id, ct))
            return Results.Problem(title: "Класс не найден", statusCode: StatusCodes.Status404NotFound);
        if (!await access.CanSeeRosterAsync(id, ct))
            return Results.Problem(title: "Нет доступа к составу класса",
                detail: "Состав класса видят администрация школы, классный руководитель и учителя этого класса.",
                statusCode: StatusCodes.Status403Forbidden);
        var today = await SchoolCalendar.TodayAsync(db, user.SchoolId, time, ct);
        var students = await db.Enrolments.AsNoTracking()
            .Where(e => e.SchoolClassId == id && e.From <= today && (e.To == null || e.To >= today))
            .OrderBy(e => e.Student!.LastName).ThenBy(e => e.Student!.FirstName)
            .Select(e => new { e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName })
            .ToListAsync(ct);
        return Results.Ok(students.Select(s => new StudentDto(s.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName))));
    }

    private static async Task<Ok<List<PeriodDto>>> PeriodsAsync(int? yearId, JournalDbContext db, CancellationToken ct)
    {
        var year = yearId ?? await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var periods = await db.StudyPeriods.AsNoTracking().Where(p => p.AcademicYearId == year && p.SchoolClassId == null)
            .OrderBy(p => p.Level).ThenBy(p => p.Start)
            .Select(p => new { p.Id, p.Name, p.Start, p.End, p.Kind, p.Level }).ToListAsync(ct);
        return TypedResults.Ok(periods.Select(p => new PeriodDto(p.Id, p.Name, p.Start, p.End, KindName(p.Kind), LevelName(p.Level))).ToList());
    }

    private static async Task<Ok<List<GroupDto>>> GroupsAsync(AccessService access, CurrentUser user, JournalDbContext db, CancellationToken ct)
    {
        var year = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        // A teacher's list is the groups he teaches, even if he is also a class teacher (API.md).
        var source = user.IsInRole(Roles.Teacher) && !access.SeesWholeSchool
            ? await access.TaughtGroupsAsync(ct)
            : await access.ReadableGroupsAsync(ct);
        var groups = await source.AsNoTracking().Where(g => g.AcademicYearId == year)
            .OrderBy(g => g.Subject!.SortOrder).ThenBy(g => g.Name)
            .Select(g => new
            {
                g.Id, g.Name, Subject = g.Subject!.Name,
                ClassIds = g.Classes.Select(c => c.SchoolClassId).ToList(),
                TeacherIds = g.Assignments.Where(a => a.To == null).Select(a => a.StaffMemberId).ToList(),
            })
            .ToListAsync(ct);
        return TypedResults.Ok(groups.Select(g => new GroupDto(g.Id, g.Name, g.Subject, g.ClassIds, g.TeacherIds)).ToList());
    }

    public static string KindName(PeriodKind kind) => kind switch
    {
        PeriodKind.Quarter => "quarter",
        PeriodKind.Trimester => "trimester",
        PeriodKind.HalfYear => "halfYear",
        _ => "year",
    };

    public static string? LevelName(EducationLevel? level) => level switch
    {
        EducationLevel.Primary => "primary",
        EducationLevel.Basic => "basic",
        EducationLevel.Secondary => "secondary",
        _ => null,
    };
}
