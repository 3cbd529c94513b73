using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Account;
using SchoolJournal.Web.Features.Api;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Features.Messages;
using SchoolJournal.Web.Data.Demo;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Features.Year.Calendar;
using SchoolJournal.Web.Features.Year.Catalogue;
using SchoolJournal.Web.Features.Year.Groups;
using SchoolJournal.Web.Features.Year.Curricula;
using SchoolJournal.Web.Features.Year.Plans;
using SchoolJournal.Web.Features.Year.Timetable;
using SchoolJournal.Web.Features.Year.Changes;

var (command, rest) = Commands.Split(args);
var builder = WebApplication.CreateBuilder(rest);
builder.AddLogging().AddData().AddAccounts().AddWeb().AddScaleOut();
builder.Services.AddDemoSeeder();
builder.Services.AddJournal();
builder.Services.AddCalendar();
builder.Services.AddCatalogue();
builder.Services.AddGroups();
builder.Services.AddCurricula();
builder.Services.AddPlans();
builder.Services.AddTimetable();
builder.Services.AddChanges();

var app = builder.Build();
if (command is not null)
    return await Commands.RunAsync(app, command, rest);

await Commands.PrepareDatabaseAsync(app);
app.UseWeb();
app.MapAccountApi();
app.MapSchoolApi();
app.MapJournalApi();
app.MapAuditApi();
app.MapDailyAbsenceApi();
app.MapHomeworkFilesApi();
app.MapMessagesApi();
app.MapPeriodGradesApi();
app.MapOverdueApi();
app.MapCalendarApi();
app.MapCatalogueApi();
app.MapGroupsApi();
app.MapCurriculaApi();
app.MapPlansApi();
app.MapTimetableApi();
app.MapChangesApi();
app.MapOperations();
await app.RunAsync();
return 0;

public partial class Program;
