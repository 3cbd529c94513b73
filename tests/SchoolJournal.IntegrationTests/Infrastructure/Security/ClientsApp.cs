using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Infrastructure.Security;

/// <summary>
/// The app where a request says which client (IP address) it comes from by a test header, as a proxy would tell it, and
/// where every password hash check is counted.
/// </summary>
public sealed class ClientsApp : JournalApp
{
    public const string ClientHeader = "X-Test-Client";

    public CountingHasher Hasher { get; } = new();

    public HttpClient ClientFrom(string address)
    {
        var client = CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ClientHeader, address);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s =>
        {
            s.AddTransient<IStartupFilter, ClientAddressFilter>();
            s.RemoveAll<IPasswordHasher<AppUser>>();
            s.AddSingleton<IPasswordHasher<AppUser>>(sp =>
            {
                Hasher.Inner = ActivatorUtilities.CreateInstance<PasswordHasher<AppUser>>(sp);
                return Hasher;
            });
        });
    }

    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, nextMiddleware) =>
            {
                if (IPAddress.TryParse(ctx.Request.Headers[ClientHeader].ToString(), out var ip)) ctx.Connection.RemoteIpAddress = ip;
                return nextMiddleware(ctx);
            });
            next(app);
        };
    }
}

/// <summary>Identity's hasher that counts its checks: an unknown login and a known one must cost the same work.</summary>
public sealed class CountingHasher : IPasswordHasher<AppUser>
{
    private int _verified;

    public PasswordHasher<AppUser> Inner { get; set; } = new();

    public int Verified => Volatile.Read(ref _verified);

    public string HashPassword(AppUser user, string password) => Inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verified);
        return Inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
