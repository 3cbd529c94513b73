using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Account;
using SchoolJournal.Web.Features.Api;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Features.Messages;
using SchoolJournal.Web.Data.Demo;
using SchoolJournal.Web.Infrastructure;

var (command, rest) = Commands.Split(args);
var builder = WebApplication.CreateBuilder(rest);
builder.AddLogging().AddData().AddAccounts().AddWeb().AddScaleOut();
builder.Services.AddDemoSeeder();
builder.Services.AddJournal();

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
app.MapOperations();
await app.RunAsync();
return 0;

public partial class Program;
