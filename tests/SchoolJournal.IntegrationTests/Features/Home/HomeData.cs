using System.Net;
using System.Text.RegularExpressions;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Home;

/// <summary>Builders the home page tests need beyond <see cref="SchoolBuilder"/>: marks, homework, rooms, substitutions.</summary>
public static class HomeData
{
    public static async Task<Mark> MarkAsync(this SchoolBuilder b, Lesson lesson, Student student, string value)
    {
        var mark = new Mark { SchoolId = b.School.Id, LessonId = lesson.Id, StudentId = student.Id, Value = value, WorkTypeId = b.Answer.Id, CreatedAt = b.Now };
        b.Db.Marks.Add(mark);
        await b.Db.SaveChangesAsync();
        return mark;
    }

    public static async Task HomeworkAsync(this SchoolBuilder b, Lesson lesson, string text)
    {
        b.Db.Homework.Add(new Homework { SchoolId = b.School.Id, LessonId = lesson.Id, Text = text, CreatedAt = b.Now });
        await b.Db.SaveChangesAsync();
    }

    public static async Task<Lesson> InRoomAsync(this SchoolBuilder b, Lesson lesson, string number)
    {
        var room = new Room { SchoolId = b.School.Id, Number = number, Capacity = 30 };
        b.Db.Rooms.Add(room);
        await b.Db.SaveChangesAsync();
        lesson.RoomId = room.Id;
        await b.Db.SaveChangesAsync();
        return lesson;
    }

    /// <summary>Changes a row already written (a withdrawal, a cancellation, a substitution) and saves it.</summary>
    public static async Task<T> ChangeAsync<T>(this SchoolBuilder b, T row, Action<T> change)
    {
        change(row);
        await b.Db.SaveChangesAsync();
        return row;
    }
}

/// <summary>Reads what a person sees in a section of the page: the body rows of its tables as plain text cells.</summary>
public static partial class Html
{
    public static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        if (start < 0) throw new Xunit.Sdk.XunitException($"На странице нет раздела {id}.");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    public static bool HasSection(string html, string id) => html.Contains($"id=\"{id}\"", StringComparison.Ordinal);

    /// <summary>Rows of every table body in the section, or of the <paramref name="table"/>-th body only.</summary>
    public static List<string[]> Rows(string html, string sectionId, int? table = null)
    {
        var bodies = TbodyRegex().Matches(Section(html, sectionId));
        return [.. bodies.Skip(table ?? 0).Take(table is null ? int.MaxValue : 1).SelectMany(b => RowRegex().Matches(b.Value))
            .Select(r => CellRegex().Matches(r.Value).Select(c => Text(c.Groups[1].Value)).ToArray())];
    }

    public static string Text(string fragment) =>
        SpaceRegex().Replace(WebUtility.HtmlDecode(TagRegex().Replace(fragment, " ")), " ").Trim();

    [GeneratedRegex("<tbody>.*?</tbody>", RegexOptions.Singleline)]
    private static partial Regex TbodyRegex();
    [GeneratedRegex("<tr[^>]*>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowRegex();
    [GeneratedRegex("<t[dh][^>]*>(.*?)</t[dh]>", RegexOptions.Singleline)]
    private static partial Regex CellRegex();
    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();
    [GeneratedRegex(@"\s+")]
    private static partial Regex SpaceRegex();
}
