namespace SchoolJournal.Web.Features.Diary.Overview;

// The diary's period view: marks by subject with averages, period and year grades, teachers, holidays, control works, homework, messages.
public static class DiaryOverviewSetup
{
    public static IServiceCollection AddDiaryOverview(this IServiceCollection services) => services;

    public static WebApplication MapDiaryOverviewApi(this WebApplication app) => app;
}
