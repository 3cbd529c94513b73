using SchoolJournal.Web.Features.Account;
using SchoolJournal.Web.Features.Accounts;
using SchoolJournal.Web.Features.Archive;
using SchoolJournal.Web.Features.Audit;
using SchoolJournal.Web.Features.SchoolStructure;
using SchoolJournal.Web.Features.Diary;
using SchoolJournal.Web.Features.Diary.Overview;
using SchoolJournal.Web.Features.Extracts;
using SchoolJournal.Web.Features.Feeds;
using SchoolJournal.Web.Features.Help;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Features.Live;
using SchoolJournal.Web.Features.Messages;
using SchoolJournal.Web.Features.Notifications;
using SchoolJournal.Web.Features.OneRoster;
using SchoolJournal.Web.Features.Parents;
using SchoolJournal.Web.Features.Reports;
using SchoolJournal.Web.Features.Security;
using SchoolJournal.Web.Features.Settings;
using SchoolJournal.Web.Features.Signatures;
using SchoolJournal.Web.Features.Students;
using SchoolJournal.Web.Features.Support;
using SchoolJournal.Web.Features.Year.Calendar;
using SchoolJournal.Web.Features.Year.Catalogue;
using SchoolJournal.Web.Features.Year.Changes;
using SchoolJournal.Web.Features.Year.Curricula;
using SchoolJournal.Web.Features.Year.Groups;
using SchoolJournal.Web.Features.Export;
using SchoolJournal.Web.Features.Import;
using SchoolJournal.Web.Features.Year.Plans;
using SchoolJournal.Web.Features.Year.Timetable;

namespace SchoolJournal.Web.Features;

/// <summary>Every area's services and endpoints; each area registers only its own.</summary>
public static class FeaturesSetup
{
    public static WebApplicationBuilder AddFeatures(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddAudit()
            .AddJournal()
            .AddMessages()
            .AddCalendar()
            .AddCatalogue()
            .AddGroups()
            .AddCurricula()
            .AddPlans()
            .AddImport()
            .AddExport()
            .AddOneRoster()
            .AddTimetable()
            .AddChanges()
            .AddDiaryOverview()
            .AddLive()
            .AddNotifications()
            .AddParents()
            .AddExtracts()
            .AddFeeds()
            .AddSecurityIncidents()
            .AddScoped<TwoFactor>()
            .AddAccountAdmin()
            .AddSettings()
            .AddSupport()
            .AddStudentCards()
            .AddReports()
            .AddArchive()
            .AddSignatures()
            .AddSingleton<Guides>();
        return builder;
    }

    /// <summary>The API under one <c>/api/v1</c> group (the routes of ../shared/API.md), then the hub and the feeds.</summary>
    public static WebApplication MapFeatures(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        // In this order the reference (/api/docs) lists its sections.
        api.MapAccountApi()
            .MapSchoolApi()
            .MapJournalApi()
            .MapAuditApi()
            .MapDailyAbsenceApi()
            .MapHomeworkFilesApi()
            .MapMessagesApi()
            .MapPeriodGradesApi()
            .MapOverdueApi()
            .MapCalendarApi()
            .MapCatalogueApi()
            .MapGroupsApi()
            .MapCurriculaApi()
            .MapPlansApi()
            .MapTimetableApi()
            .MapChangesApi()
            .MapDiaryApi()
            .MapDiaryOverviewApi()
            .MapNotificationsApi()
            .MapParentsApi()
            .MapExtractsApi()
            .MapFeedsApi()
            .MapSecurityApi()
            .MapAccountsApi()
            .MapImportApi()
            .MapExportApi()
            .MapOneRosterClientsApi()
            .MapSettingsApi()
            .MapSupportApi()
            .MapStudentCardsApi()
            .MapReportsApi()
            .MapSignaturesApi();
        app.MapLive();
        app.MapIcalFeeds();
        app.MapOneRosterRest();
        return app;
    }
}
