namespace SchoolJournal.Web.Features.Year.Plans;

/// <summary>One topic of a КТП as entered: in a file, the editor, the pasted list or the API.</summary>
public sealed record TopicRow(string? Section, string Title, int Hours, string? Note);

/// <summary>
/// The pure rules of a КТП (R-YEAR-10): what a valid topic is, and how the plan spreads over the group's lessons —
/// a topic of N hours covers N consecutive lessons taken by date and number, cancelled lessons skipped.
/// </summary>
public static class PlanRules
{
    public const int MaxTopics = 400;
    public const int MaxHours = 20;
    public const int TitleMax = 500;
    public const int SectionMax = 300;
    public const int NoteMax = 1000;
    public const int MaxFileBytes = 1024 * 1024;
    /// <summary>How many bad rows a refusal lists; the rest are counted.</summary>
    public const int MaxErrors = 20;

    /// <summary>
    /// One row's problems in Russian, or none. <paramref name="hours"/> is the text as given: empty means 1 hour.
    /// </summary>
    public static (TopicRow? Row, string? Error) Check(string? section, string? title, string? hours, string? note)
    {
        var problems = new List<string>();
        var t = Clean(title);
        if (t is null) problems.Add("не указана тема");
        else if (t.Length > TitleMax) problems.Add($"тема длиннее {TitleMax} символов ({t.Length})");
        var h = 1;
        var hoursText = Clean(hours);
        if (hoursText is not null)
        {
            if (!decimal.TryParse(hoursText.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var d)
                || d != decimal.Truncate(d) || d < 1 || d > MaxHours)
                problems.Add($"часы «{hoursText}» — нужно целое число от 1 до {MaxHours}");
            else h = (int)d;
        }
        var s = Clean(section);
        if (s is { Length: > SectionMax }) problems.Add($"раздел длиннее {SectionMax} символов");
        var n = Clean(note);
        if (n is { Length: > NoteMax }) problems.Add($"домашнее задание / примечание длиннее {NoteMax} символов");
        return problems.Count > 0 ? (null, string.Join("; ", problems)) : (new TopicRow(s, t!, h, n), null);
    }

    /// <summary>Many rows' problems as the user reads them: the first <see cref="MaxErrors"/>, then how many more.</summary>
    public static List<string> Limit(List<string> errors)
    {
        if (errors.Count <= MaxErrors) return errors;
        var shown = errors.Take(MaxErrors).ToList();
        shown.Add($"…и ещё строк с ошибками: {errors.Count - MaxErrors}.");
        return shown;
    }

    /// <summary>Checks a whole list (the API's JSON, the editor): «Тема 3: …» for each bad one, and the size of the plan.</summary>
    public static (List<TopicRow> Rows,
        List<string> Errors) CheckAll(IEnumerable<(string? Section, string? Title, string? Hours, string? Note)> items, string rowWord = "Тема")
    {
        var rows = new List<TopicRow>();
        var errors = new List<string>();
        var i = 0;
        foreach (var item in items)
        {
            i++;
            var (row, error) = Check(item.Section, item.Title, item.Hours, item.Note);
            if (error is not null) errors.Add($"{rowWord} {i}: {error}.");
            else rows.Add(row!);
        }
        if (i > MaxTopics) errors.Insert(0, $"В плане {i} тем: допускается не больше {MaxTopics}.");
        return (rows, Limit(errors));
    }

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // ---- spreading the plan over the lessons ----

    /// <summary>A lesson of the group as the plan sees it.</summary>
    public sealed record LessonSlot(int Id, DateOnly Date, int Number, bool Cancelled, bool Locked, string? Topic, bool TopicFromPlan,
        int? ThematicTopicId);

    /// <summary>A stored topic of the plan, in order.</summary>
    public sealed record PlanTopic(int Id, string Title, int Hours);

    /// <summary>What a lesson carries after the plan is applied.</summary>
    public sealed record LessonState(int LessonId, string? Topic, bool TopicFromPlan, int? ThematicTopicId);

    public sealed record Expansion(IReadOnlyList<LessonState> Lessons, int Filled, int Kept, int Cleared, int Locked)
    {
        /// <summary>Lessons whose state differs from what they had.</summary>
        public IEnumerable<LessonState> Changed(IEnumerable<LessonSlot> before)
        {
            var was = before.ToDictionary(l => l.Id);
            return Lessons.Where(s => was[s.LessonId] is var b
                && (b.Topic != s.Topic || b.TopicFromPlan != s.TopicFromPlan || b.ThematicTopicId != s.ThematicTopicId));
        }
    }

    /// <summary>The plan's topic at each place in the order: a 2-hour topic takes two places.</summary>
    public static List<PlanTopic> Places(IEnumerable<PlanTopic> topics) =>
        [.. topics.SelectMany(t => Enumerable.Repeat(t, Math.Max(1, t.Hours)))];

    /// <summary>
    /// Spreads the plan over the lessons ordered by date, number: a cancelled lesson takes no place; a lesson whose
    /// topic the teacher wrote (not from the plan, not empty) keeps it and still takes its place, linked to the plan's
    /// topic only when the texts are equal; an empty or plan-given topic gets the plan's topic at its place, or is
    /// cleared past the plan's end. Lessons of a closed period stay as they are but take their place.
    /// </summary>
    public static Expansion Expand(IEnumerable<PlanTopic> topics, IEnumerable<LessonSlot> lessons)
    {
        var places = Places(topics);
        var result = new List<LessonState>();
        int place = 0, filled = 0, kept = 0, cleared = 0, locked = 0;
        foreach (var l in lessons.OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Id))
        {
            var planned = l.Cancelled ? null : place < places.Count ? places[place] : null;
            if (!l.Cancelled) place++;
            var same = new LessonState(l.Id, l.Topic, l.TopicFromPlan, l.ThematicTopicId);
            if (l.Locked)
            {
                locked++;
                result.Add(same);
            }
            else if (!l.TopicFromPlan && !string.IsNullOrWhiteSpace(l.Topic))
            {
                if (!l.Cancelled) kept++;
                result.Add(same with { ThematicTopicId = planned is not null && planned.Title == l.Topic.Trim() ? planned.Id : null });
            }
            else if (planned is not null)
            {
                filled++;
                result.Add(new LessonState(l.Id, planned.Title, true, planned.Id));
            }
            else if (l.TopicFromPlan || l.ThematicTopicId is not null)
            {
                cleared++;
                result.Add(new LessonState(l.Id, null, false, null));
            }
            else result.Add(same);
        }
        return new Expansion(result, filled, kept, cleared, locked);
    }

    /// <summary>The plan's topic at a place (0-based) in the order, or null past its end.</summary>
    public static PlanTopic? At(IEnumerable<PlanTopic> topics, int place)
    {
        if (place < 0) return null;
        foreach (var t in topics)
        {
            if (place < t.Hours) return t;
            place -= t.Hours;
        }
        return null;
    }
}
