namespace SchoolJournal.Web.Features.Feeds;

// Private iCalendar feeds of a student's or a teacher's lessons (R-X-3).
public static class FeedsSetup
{
    public static IServiceCollection AddFeeds(this IServiceCollection services) => services;

    public static WebApplication MapFeedsApi(this WebApplication app) => app;
}
