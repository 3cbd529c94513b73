using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// A teacher's own overdue list (R-JRN-9): his past lessons without a topic or homework after their
/// <see cref="Deadlines"/>, control works of his groups with students still unmarked after 3 days (a week for essays
/// in grades 10–11), and period grades still missing after a period's last day. Attendance is not listed: the
/// journal records only absences, so a lesson without any says nothing.
/// </summary>
public static class OverdueApi
{
    public sealed record OverdueItem(string Kind, int GroupId, string Group, int? LessonId, DateOnly? Date, int? PeriodId, string? Period,
        DateTimeOffset Due, IReadOnlyList<StudentRef> Students, string Detail, string? Teacher = null);
    public sealed record StudentRef(int Id, string DisplayName);

    public const string NoTopic = "topic";
    public const string NoHomework = "homework";
    public const string ControlMarks = "controlMarks";
    public const string PeriodGrades = "periodGrades";

    public static RouteGroupBuilder MapOverdueApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/me/overdue", OverdueAsync).WithTags("Журнал")
            .WithSummary(
                "Просроченное учителем: уроки без темы или домашнего задания, непроверенные контрольные работы, отметки за период. Только для " +
                    "учителя.")
            .ProducesProblems(403);
        v1.MapGet("/reports/overdue", SchoolOverdueAsync).WithTags("Отчёты")
            .WithSummary("Просроченное всеми учителями (или одним, teacherId) по тем же срокам, что у учителя; у каждой записи — учитель. "
                + "Директор и заместитель директора.")
            .ProducesProblems(403);
        return v1;
    }

    private static async Task<IResult> SchoolOverdueAsync(int? teacherId, OverdueList overdue, CancellationToken ct) =>
        (await overdue.LoadForSchoolAsync(teacherId, ct)).ToResult();

    private static async Task<IResult> OverdueAsync(OverdueList overdue, CancellationToken ct)
    {
        var outcome = await overdue.LoadAsync(ct);
        return outcome.ToResult();
    }
}
