using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Diary.Overview;

/// <summary>
/// Whose diary a page shows: the student himself, a parent's child (the first one unless <c>?studentId=</c> picks
/// another), or any student a member of staff may see (only with <c>?studentId=</c>). Null: the caller may not.
/// </summary>
public sealed class DiaryStudent(AccessService access, CurrentUser user)
{
    /// <param name="AsParent">The caller reads as a parent of this student: the «Ознакомлен» button and visits apply.</param>
    public sealed record Selection(int StudentId, IReadOnlyList<DiaryNav.Child> Children, bool AsParent);

    public async Task<Selection?> SelectAsync(int? studentId, CancellationToken ct)
    {
        // Both rules are the access service's cached sets (issue 16): no round trip once a login has opened a diary page.
        var own = await access.OwnStudentListAsync(ct);
        var children = own.Select(o => new DiaryNav.Child(o.Id, $"{o.LastName} {o.FirstName}")).ToList();
        int selected;
        if (studentId is int id)
        {
            if (!own.Any(o => o.Id == id) && !(await access.DiaryReadableStudentSetAsync(ct)).Contains(id)) return null;
            selected = id;
        }
        else if (children.Count > 0) selected = children[0].Id;
        else return null;
        var links = await access.LinksAsync(ct);
        var asParent = user.IsInRole(Roles.Parent) && links.StudentId != selected && own.Any(o => o.Id == selected);
        return new Selection(selected, children, asParent);
    }
}

/// <summary>The diary's pages as tabs, and the children switcher of a parent; rendered by <c>_DiaryNav.cshtml</c>.</summary>
/// <param name="Active">The path of the page shown, e.g. «/Diary/Marks».</param>
public sealed record DiaryNav(string Active, int StudentId, IReadOnlyList<DiaryNav.Child> Children)
{
    public sealed record Child(int Id, string Name);

    public static readonly IReadOnlyList<(string Path, string Title)> Pages =
    [
        ("/Diary", "Неделя"),
        ("/Diary/Marks", "Оценки"),
        ("/Diary/Homework", "Домашние задания"),
        ("/Diary/Class", "Класс и учителя"),
        ("/Diary/Messages", "Сообщения"),
    ];

    public string Link(string path, int studentId) => $"{path}?studentId={studentId}";
}
