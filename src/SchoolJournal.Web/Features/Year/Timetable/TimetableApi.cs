namespace SchoolJournal.Web.Features.Year.Timetable;

/// <summary>The year set-up's timetable routes and services.</summary>
public static class TimetableApi
{
    public static IServiceCollection AddTimetable(this IServiceCollection services) => services;

    public static WebApplication MapTimetableApi(this WebApplication app) => app;
}
