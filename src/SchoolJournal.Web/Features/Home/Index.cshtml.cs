using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Home;

/// <summary>The start page: one section per role the user holds (a teacher who is also a class teacher sees both).</summary>
public sealed class IndexModel(JournalDbContext db, CurrentUser me, AccessService access, SchoolCalendar calendar) : PageModel
{
    /// <summary>The parent's selected child; the first child when absent.</summary>
    [BindProperty(SupportsGet = true, Name = "student")]
    public int? StudentId { get; set; }

    [BindProperty(SupportsGet = true, Name = "role")]
    public string? AccountRole { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int AccountPage { get; set; } = 1;

    public SchoolNow Now { get; private set; } = null!;
    public TeacherHome? Teacher { get; private set; }
    public ClassTeacherHome? ClassTeacher { get; private set; }
    public SchoolHome? School { get; private set; }
    public DiaryHome? Diary { get; private set; }
    public AccountsHome? Accounts { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Now = await calendar.NowAsync(ct);
        var today = Now.Today;
        var links = await access.LinksAsync(ct);

        if (links.StaffMemberId is int staffId)
        {
            if (me.IsInRole(Roles.Teacher))
                Teacher = await TeacherHome.LoadAsync(db, await access.TaughtGroupsAsync(ct), staffId, today, ct);
            if (me.IsInRole(Roles.ClassTeacher))
                ClassTeacher = await ClassTeacherHome.LoadAsync(db, staffId, Now.YearId, today, ct);
        }

        if (me.SchoolId is int schoolId)
        {
            if (access.SeesWholeSchool)
                School = await SchoolHome.LoadAsync(db, schoolId, Now.YearId, today, Now.Time, ct);
            if (access.CanManageAccounts)
                Accounts = await AccountsHome.LoadAsync(db, schoolId, string.IsNullOrEmpty(AccountRole) ? null : AccountRole, AccountPage,
                    Now.Now, ct);
        }

        if (me.IsInAnyRole(Roles.Parent, Roles.Student))
        {
            var own = await access.OwnStudentsAsync(ct);
            if (StudentId is int wanted && (own.All(o => o.StudentId != wanted) || !await access.CanSeeStudentAsync(wanted, ct)))
                return NotFound();
            if (own.Count > 0)
            {
                var selected = StudentId ?? own[0].StudentId;
                // The switcher is the parent's; a student sees only himself.
                IReadOnlyList<DiaryHome.Child> children = me.IsInRole(Roles.Parent) && links.ParentId is not null
                    ? [.. own.Where(o => o.StudentId != links.StudentId).Select(o => new DiaryHome.Child(o.StudentId, o.DisplayName))]
                    : [];
                var forParents = me.IsInRole(Roles.Parent) && selected != links.StudentId;
                Diary = await DiaryHome.LoadAsync(db, children, selected, today, forParents, Now.Now.Offset, ct);
            }
        }
        return Page();
    }

    public bool Empty => Teacher is null && ClassTeacher is null && School is null && Diary is null && Accounts is null;
}
