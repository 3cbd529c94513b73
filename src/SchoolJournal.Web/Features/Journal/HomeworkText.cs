using System.Text.RegularExpressions;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// R-JRN-12: a topic and homework are written so that a student and a parent understand them. Homework that is only
/// numbers and abbreviations («стр. 45», «№ 3, 5», «§ 12») is flagged on the lesson page; it is not refused.
/// </summary>
public static partial class HomeworkText
{
    public const string Reminder = "Пишите тему и задание полными словами: ученик и родитель читают их дома, без объяснений "
        + "учителя. Вместо «стр. 45 № 3» — «Учебник, с. 45, упражнение 3: списать, вставить пропущенные буквы».";

    public const string Warning = "В задании только номера и сокращения: ученику и родителю непонятно, что делать. "
        + "Допишите задание словами (что прочитать, решить, выучить).";

    /// <summary>True when the text has no word of four letters or more: only page numbers, «№», «§» and abbreviations.</summary>
    public static bool IsOnlyAbbreviation(string? homework) =>
        !string.IsNullOrWhiteSpace(homework) && !FullWord().IsMatch(homework);

    [GeneratedRegex(@"\p{L}{4,}")]
    private static partial Regex FullWord();
}
