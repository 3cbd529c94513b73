namespace SchoolJournal.Web.Features.Year.Calendar;

/// <summary>The year set-up's calendar routes and services.</summary>
public static class CalendarApi
{
    public static IServiceCollection AddCalendar(this IServiceCollection services) => services;

    public static WebApplication MapCalendarApi(this WebApplication app) => app;
}
