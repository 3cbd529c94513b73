using System.Text;

namespace SchoolJournal.Web.Features.Notifications;

/// <summary>
/// What a parent is told, in short Russian: «Орлов И.: оценка 5 по предмету «Математика» (контрольная работа) за 23.11».
/// No links and nothing beyond the diary's own record (no addresses, no other children).
/// </summary>
public static class NotificationTexts
{
    public const int SmsMax = 160;
    public const int ExcerptMax = 120;

    /// <summary>One diary record about one child, as the planner found it.</summary>
    /// <param name="Student">The child's short name: «Орлов И.».</param>
    /// <param name="Value">The mark, attendance code or period grade.</param>
    /// <param name="Text">What changed in a lesson, the homework's or the message's text, the period grade's kind.</param>
    /// <param name="Changed">A mark that was there before and was corrected.</param>
    public sealed record Fact(NotificationKind Kind, string Student, string? Subject = null, string? Value = null, string? WorkType = null,
        DateOnly? Date = null, int? LessonNumber = null, string? Text = null, string? Period = null, bool Changed = false);

    public static string StudentShortName(string lastName, string firstName) =>
        firstName.Length == 0 ? lastName : $"{lastName} {char.ToUpperInvariant(firstName[0])}.";

    public static string Subject(NotificationKind kind, string? value = null, bool changed = false) => kind switch
    {
        NotificationKind.Mark => changed ? "Дневник: оценка изменена" : "Дневник: новая оценка",
        NotificationKind.Absence => value == "ОП" ? "Дневник: опоздание" : "Дневник: пропуск",
        NotificationKind.LessonChanged => "Дневник: изменение в расписании",
        NotificationKind.Homework => "Дневник: домашнее задание",
        NotificationKind.Message => "Дневник: сообщение учителя",
        NotificationKind.PeriodGrade => "Дневник: отметка за период",
        _ => "Дневник",
    };

    /// <summary>The line about the record without the child's name (a digest groups lines by child).</summary>
    public static string Line(Fact f) => f.Kind switch
    {
        NotificationKind.Mark =>
            $"{(f.Changed ? "оценка изменена на " : "оценка ")}{f.Value}{Of(f.Subject)}" +
                $"{(string.IsNullOrEmpty(f.WorkType) ? "" : $" ({Lower(f.WorkType)})")}{On(f.Date, "за")}",
        NotificationKind.Absence => f.Subject is null
            ? $"{AbsenceWord(f.Value)} — весь день{On(f.Date, "")}"
            : $"{AbsenceWord(f.Value)} — урок «{f.Subject}»{On(f.Date, "")}",
        NotificationKind.LessonChanged =>
            $"урок «{f.Subject}»{On(f.Date, "")}{(f.LessonNumber is int n ? $", {n}-й урок" : "")} — {f.Text}",
        NotificationKind.Homework =>
            $"домашнее задание{Of(f.Subject)}{On(f.Date, "к уроку")}{(string.IsNullOrWhiteSpace(f.Text) ? "" : ": " + Excerpt(f.Text))}",
        NotificationKind.Message =>
            $"сообщение учителя{(f.Subject is null ? "" : $" ({f.Subject})")}: {Excerpt(f.Text)}",
        NotificationKind.PeriodGrade =>
            $"{PeriodWord(f.Text, f.Period)}{Of(f.Subject)} — {f.Value}",
        _ => f.Text ?? "",
    };

    /// <summary>The whole text: «Орлов И.: …».</summary>
    public static string Body(Fact f) => $"{f.Student}: {Line(f)}";

    /// <summary>An SMS: the text cut to <see cref="SmsMax"/> characters.</summary>
    public static string Sms(string text) => Cut(text, SmsMax);

    /// <summary>The e-mail's text: the record and where to read more (no link: an address would carry nothing personal, but the school's address is
    /// not known here).</summary>
    public static string EmailBody(string body) =>
        body + "\n\nПодробнее — в электронном дневнике.\nКак и о чём сообщать, выбирается в дневнике, раздел «Уведомления».\n";

    /// <summary>One day's items of one parent, grouped by child and kind, as the digest's e-mail.</summary>
    public static string DigestBody(DateOnly date, IEnumerable<(string Student, NotificationKind Kind, string Line)> items)
    {
        var text = new StringBuilder($"Сводка электронного дневника за {date:dd.MM.yyyy}\n");
        foreach (var child in items.GroupBy(i => i.Student))
        {
            text.Append('\n').Append(child.Key).Append('\n');
            foreach (var kind in child.GroupBy(i => i.Kind).OrderBy(k => k.Key))
            {
                text.Append("  ").Append(KindTitle(kind.Key)).Append(":\n");
                foreach (var item in kind) text.Append("    — ").Append(item.Line).Append('\n');
            }
        }
        return EmailBody(text.ToString().TrimEnd());
    }

    /// <summary>The digest's SMS: counts per child and kind, within <see cref="SmsMax"/>.</summary>
    public static string DigestSms(DateOnly date, IEnumerable<(string Student, NotificationKind Kind, string Line)> items)
    {
        var parts = items.GroupBy(i => i.Student).Select(child =>
            child.Key + " — " + string.Join(", ", child.GroupBy(i => i.Kind).OrderBy(k => k.Key).Select(k => $"{KindShort(k.Key)}: {k.Count()}")));
        return Cut($"Дневник за {date:dd.MM}: {string.Join("; ", parts)}", SmsMax);
    }

    public static string DigestSubject(DateOnly date) => $"Дневник: сводка за {date:dd.MM.yyyy}";

    public static string WeeklySubject(DateOnly from, DateOnly to) => $"Дневник: сводка за неделю {from:dd.MM}–{to:dd.MM.yyyy}";

    /// <summary>The weekly digest's section titles; control works are next week's (the kind of the digest itself marks them).</summary>
    private static string WeeklyTitle(NotificationKind kind) => kind switch
    {
        NotificationKind.Mark => "Оценки",
        NotificationKind.Absence => "Пропуски и опоздания",
        NotificationKind.LessonChanged => "Замены, переносы и отмены уроков",
        _ => "Контрольные работы на следующей неделе",
    };

    /// <summary>The week's e-mail: per child, each section with its lines; a child with nothing to say says so.</summary>
    public static string WeeklyBody(DateOnly from, DateOnly to, IReadOnlyList<(string Student, NotificationKind Kind, string Line)> items)
    {
        var text = new StringBuilder($"Сводка электронного дневника за неделю {from:dd.MM}–{to:dd.MM.yyyy}\n");
        if (items.Count == 0) text.Append("\nЗа неделю нет оценок, пропусков и замен, на следующей неделе нет контрольных работ.\n");
        foreach (var child in items.GroupBy(i => i.Student))
        {
            text.Append('\n').Append(child.Key).Append('\n');
            foreach (var kind in child.GroupBy(i => i.Kind).OrderBy(k => k.Key == NotificationKind.WeeklyDigest).ThenBy(k => k.Key))
            {
                text.Append("  ").Append(WeeklyTitle(kind.Key)).Append(":\n");
                foreach (var item in kind) text.Append("    — ").Append(item.Line).Append('\n');
            }
        }
        return EmailBody(text.ToString().TrimEnd());
    }

    /// <summary>The week's SMS: counts per child, within <see cref="SmsMax"/>.</summary>
    public static string WeeklySms(DateOnly from, DateOnly to, IReadOnlyList<(string Student, NotificationKind Kind, string Line)> items)
    {
        var parts = items.GroupBy(i => i.Student).Select(child => child.Key + " — " + string.Join(", ", child.GroupBy(i => i.Kind)
            .OrderBy(k => k.Key == NotificationKind.WeeklyDigest).ThenBy(k => k.Key)
            .Select(k => k.Key == NotificationKind.WeeklyDigest ? $"контрольных впереди: {k.Count()}" : $"{KindShort(k.Key)}: {k.Count()}")));
        return Cut($"Дневник за {from:dd.MM}–{to:dd.MM}: {(items.Count == 0 ? "без новостей" : string.Join("; ", parts))}", SmsMax);
    }

    public static string KindTitle(NotificationKind kind) => kind switch
    {
        NotificationKind.Mark => "Оценки",
        NotificationKind.Absence => "Пропуски и опоздания",
        NotificationKind.LessonChanged => "Изменения в расписании",
        NotificationKind.Homework => "Домашние задания",
        NotificationKind.Message => "Сообщения учителей",
        NotificationKind.PeriodGrade => "Отметки за период",
        _ => "Прочее",
    };

    private static string KindShort(NotificationKind kind) => kind switch
    {
        NotificationKind.Mark => "оценок",
        NotificationKind.Absence => "пропусков",
        NotificationKind.LessonChanged => "изменений",
        NotificationKind.Homework => "д/з",
        NotificationKind.Message => "сообщений",
        NotificationKind.PeriodGrade => "отметок за период",
        _ => "прочего",
    };

    private static string AbsenceWord(string? code) => code switch
    {
        "Б" => "пропуск по болезни (Б)",
        "У" => "пропуск по уважительной причине (У)",
        "ОП" => "опоздание (ОП)",
        _ => "пропуск (Н)",
    };

    private static string PeriodWord(string? kind, string? period) => kind switch
    {
        nameof(PeriodGradeKind.Year) => "годовая отметка",
        nameof(PeriodGradeKind.Exam) => "экзаменационная отметка",
        nameof(PeriodGradeKind.Final) => "итоговая отметка",
        _ => period is null ? "отметка за период" : $"отметка за {Lower(period)}",
    };

    private static string Of(string? subject) => subject is null ? "" : $" по предмету «{subject}»";

    private static string On(DateOnly? date, string word) =>
        date is not DateOnly d ? "" : word.Length == 0 ? $" {d:dd.MM}" : $" {word} {d:dd.MM}";

    private static string Lower(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    private static string Excerpt(string? text)
    {
        var flat = string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return Cut(flat, ExcerptMax);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
}
