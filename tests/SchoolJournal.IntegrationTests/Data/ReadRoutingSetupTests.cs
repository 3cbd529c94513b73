using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Data;

/// <summary>The read context without a replica (both lanes), and the replica setting refused on SQLite (decision 0019).</summary>
public sealed class ReadRoutingSetupTests
{
    [Fact]
    public void Without_a_replica_the_read_context_is_the_requests_own()
    {
        using var app = new JournalApp();
        using var scope = app.Services.CreateScope();

        Assert.Same(scope.ServiceProvider.GetRequiredService<JournalDbContext>(),
            scope.ServiceProvider.GetRequiredKeyedService<JournalDbContext>(ReadRouting.Reads));
    }

    [Fact]
    public void A_replica_on_sqlite_is_refused_at_start_in_russian()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Sqlite"] = "Data Source=:memory:",
            ["ConnectionStrings:Replica"] = "Host=127.0.0.1;Port=5433;Username=postgres",
        });

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddData());

        Assert.Contains("реплика для чтения бывает только у PostgreSQL", refused.Message);
    }
}
