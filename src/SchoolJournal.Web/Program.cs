using SchoolJournal.Web;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Demo;
using SchoolJournal.Web.Features;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Outbox;
using SchoolJournal.Web.Infrastructure.Security;

var (command, rest) = Commands.Split(args);
var builder = WebApplication.CreateBuilder(rest);
builder.AddLogging().AddData().AddAccounts().AddWeb().AddScaleOut().AddOutbox().AddSecurity().AddFeatures();
builder.Services.AddDemoSeeder();

var app = builder.Build();
if (command is not null)
    return await Commands.RunAsync(app, command, rest);

await Commands.PrepareDatabaseAsync(app);
app.UseWeb();
app.MapFeatures();
app.MapOperations();
await app.RunAsync();
return 0;

public partial class Program;
