namespace SchoolJournal.Web.Features.Diary;

// The diary's week and day views and GET /api/v1/students/{studentId}/diary (API.md).
public static class DiarySetup
{
    public static IServiceCollection AddDiary(this IServiceCollection services) => services;

    public static WebApplication MapDiaryApi(this WebApplication app) => app;
}
