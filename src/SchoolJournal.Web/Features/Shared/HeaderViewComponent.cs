using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Shared;

/// <summary>The header line: school, academic year and study period of today.</summary>
public sealed class HeaderViewComponent(SchoolCalendar calendar) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() => View(await calendar.NowAsync(HttpContext.RequestAborted));
}
