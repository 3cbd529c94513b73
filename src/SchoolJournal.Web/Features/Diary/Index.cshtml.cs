using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Diary;

/// <summary>The diary's week (R-DIARY-1). Placeholder until the week view lands; the live-update hook is its contract.</summary>
public sealed class IndexModel(AccessService access) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? StudentId { get; set; }

    public int Selected { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var own = await access.OwnStudentsAsync(ct);
        if (StudentId is int id)
        {
            if (!await access.CanSeeStudentAsync(id, ct)) return Forbid();
            Selected = id;
        }
        else if (own.Count > 0) Selected = own[0].StudentId;
        else return Forbid();
        return Page();
    }
}
