using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Changes;

/// <summary>
/// The pure rules of the deputy's changes (R-YEAR-12, R-YEAR-13): where a lesson may be moved, what clashes at the
/// target time, and when the schedule of control works is overloaded. No database: the callers load the facts.
/// </summary>
public static class ChangeRules
{
    /// <summary>A study period or holiday span as the rules need it.</summary>
    public sealed record Span(DateOnly Start, DateOnly End);

    /// <summary>
    /// Why a class may not have a lesson (or a control work) on <paramref name="date"/>: outside every study period that
    /// applies to it, on a holiday of the school or of its parallel, or on a day off of its 5- or 6-day week. Null: a school day.
    /// </summary>
    public static string? DayRefusal(DateOnly date, int daysPerWeek, IEnumerable<Span> periods, IEnumerable<(Span Span, string Name)> holidays)
    {
        if (!periods.Any(p => p.Start <= date && date <= p.End))
            return $"{date:dd.MM.yyyy} — вне учебного периода класса: урок вне учебного периода.";
        var holiday = holidays.FirstOrDefault(h => h.Span.Start <= date && date <= h.Span.End);
        if (holiday.Name is not null)
            return $"{date:dd.MM.yyyy} — {holiday.Name}: в каникулы и праздники уроков нет.";
        var day = date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;
        if (day > daysPerWeek)
            return $"{date:dd.MM.yyyy} — выходной день ({(daysPerWeek == 5 ? "класс учится пять дней в неделю" : "воскресенье")}).";
        return null;
    }

    /// <summary>A lesson already at the target date and number, as the clash check needs it.</summary>
    public sealed record Occupant(int LessonId, int? TeacherId, int? RoomId, bool SharesStudents, string Description);

    /// <summary>
    /// The first clash of a lesson placed at a time already holding <paramref name="others"/> (cancelled ones left out by
    /// the caller): the teacher teaches elsewhere, the room is taken, or some of the group's students have another lesson.
    /// </summary>
    public static string? Clash(int lessonId, int teacherId, int? roomId, IEnumerable<Occupant> others, string teacherName, string? roomName)
    {
        foreach (var o in others.Where(o => o.LessonId != lessonId))
        {
            if (o.TeacherId == teacherId) return $"У учителя {teacherName} в это время другой урок: {o.Description}.";
            if (roomId is not null && o.RoomId == roomId) return $"Кабинет {roomName} в это время занят: {o.Description}.";
            if (o.SharesStudents) return $"У учеников группы в это время другой урок: {o.Description}.";
        }
        return null;
    }

    /// <summary>A control work of the class already in the schedule (or the one being saved).</summary>
    public sealed record PlannedWork(int Id, DateOnly Date, string Subject, string Form);

    /// <summary>Monday of the week of <paramref name="date"/>: weeks run Monday to Sunday.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>
    /// The overload warnings (not refusals) of putting <paramref name="work"/> into the schedule of one class that already
    /// has <paramref name="others"/>: another control work that day, or more than <paramref name="weeklyLimit"/> that week.
    /// </summary>
    public static IReadOnlyList<string> Warnings(string className, PlannedWork work, IEnumerable<PlannedWork> others, int weeklyLimit)
    {
        var rest = others.Where(o => o.Id != work.Id || work.Id == 0).ToList();
        var warnings = new List<string>();
        var sameDay = rest.Where(o => o.Date == work.Date).ToList();
        if (sameDay.Count > 0)
            warnings.Add($"В {className} {work.Date:dd.MM.yyyy} уже {Count(sameDay.Count)}: " +
                string.Join(", ", sameDay.Select(o => $"{o.Subject} ({o.Form})")) + ". Больше одной контрольной в день — перегрузка.");
        var monday = WeekStart(work.Date);
        var inWeek = rest.Count(o => o.Date >= monday && o.Date <= monday.AddDays(6)) + 1;
        if (inWeek > weeklyLimit)
            warnings.Add(
                $"В {className} на неделе {monday:dd.MM}–{monday.AddDays(6):dd.MM} будет {inWeek} контрольных работ при норме не " +
                    $"больше {weeklyLimit}.");
        return warnings;
    }

    private static string Count(int n) => n == 1 ? "есть контрольная работа" : $"есть контрольные работы ({n})";

    /// <summary>The forms of control in the order of the page's list, with their Russian names and API codes.</summary>
    public static readonly CodeTable<ControlForm> Forms = new(
        new(ControlForm.ControlWork, "controlWork", "контрольная работа"),
        new(ControlForm.Test, "test", "тест"),
        new(ControlForm.Dictation, "dictation", "диктант"),
        new(ControlForm.Essay, "essay", "сочинение"),
        new(ControlForm.PracticalWork, "practicalWork", "практическая работа"),
        new(ControlForm.LaboratoryWork, "laboratoryWork", "лабораторная работа"),
        new(ControlForm.OralExam, "oralExam", "устный зачёт"),
        new(ControlForm.Vpr, "vpr", "ВПР"),
        new(ControlForm.Diagnostic, "diagnostic", "диагностическая работа"),
        new(ControlForm.Other, "other", "другое"));

    public static string KindCode(LessonChangeKind kind) => kind switch
    {
        LessonChangeKind.Substitution => "substitution",
        LessonChangeKind.Move => "move",
        LessonChangeKind.RoomChange => "room",
        _ => "cancel",
    };

    public static string KindName(LessonChangeKind kind) => kind switch
    {
        LessonChangeKind.Substitution => "замена",
        LessonChangeKind.Move => "перенос",
        LessonChangeKind.RoomChange => "смена кабинета",
        _ => "отмена",
    };

    public static LessonChangeKind? ParseKind(string? given) => given?.Trim().ToLowerInvariant() switch
    {
        "substitution" => LessonChangeKind.Substitution,
        "move" => LessonChangeKind.Move,
        "room" => LessonChangeKind.RoomChange,
        "cancel" => LessonChangeKind.Cancellation,
        _ => null,
    };
}
