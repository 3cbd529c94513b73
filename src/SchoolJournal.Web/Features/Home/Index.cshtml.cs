using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SchoolJournal.Web.Features.Home;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
