using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>«Отчёты»: the reports the user may open.</summary>
public sealed class IndexModel(AccessService access) : PageModel
{
    public bool SchoolReports => access.ReadsSchoolReports;

    public IActionResult OnGet() => access.ReadsReports ? Page() : Forbid();
}
