using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Live;

namespace SchoolJournal.IntegrationTests.Features.Live;

/// <summary>The app on a real TCP port (Kestrel), so SignalR clients connect over WebSockets as a browser does.</summary>
public static class LiveHost
{
    public static string Start(JournalApp app)
    {
        var port = FreePort();
        app.UseKestrel(port);
        app.StartServer();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>Points a second node at the first node's database (SQLite file or PostgreSQL database).</summary>
    public static void ShareDatabase(JournalApp node, JournalApp with)
    {
        if (JournalApp.OnPostgres)
            node.Settings["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(JournalApp.PostgresServer) {
                Database = with.DatabaseName }.ConnectionString;
        else
            node.Settings[
                "ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(Path.GetTempPath(), with.DatabaseName + ".db")};Foreign Keys=True";
    }

    /// <summary>JournalApp.SeedAsync for a started Kestrel app (whose TestServer property may not be touched).</summary>
    public static async Task<T> SeedStartedAsync<T>(this JournalApp app, Func<SchoolBuilder, Task<T>> build)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        db.SuppressDiaryEvents = true;
        return await build(new SchoolBuilder(db,
            scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(),
            scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>()));
    }

    public static string Redis => Environment.GetEnvironmentVariable("SJ_TEST_REDIS") ?? "127.0.0.1:6390";

    /// <summary>A bearer token of <paramref name="login"/> from the login route.</summary>
    public static async Task<string> TokenAsync(string baseUrl, string login, string password = JournalApp.Password)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { login, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JournalApp.TokenResponse>())!.AccessToken;
    }

    public static async Task<HttpClient> ApiAsync(string baseUrl, string login)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(baseUrl, login));
        return http;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A SignalR connection to /hubs/diary that keeps every "changed" it hears.</summary>
public sealed class DiaryWatcher : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Channel<LiveChange> _heard = Channel.CreateUnbounded<LiveChange>();

    private DiaryWatcher(HubConnection connection)
    {
        _connection = connection;
        _connection.On<LiveChange>(DiaryLive.Method, c => _heard.Writer.TryWrite(c));
    }

    /// <summary>Everything heard so far, in order.</summary>
    public List<LiveChange> Heard { get; } = [];

    /// <summary>Connects with the token given by the client library (a header) or, with <paramref name="inQuery"/>, as ?access_token= the way
    /// browsers send it.</summary>
    public static async Task<DiaryWatcher> ConnectAsync(string baseUrl, string token, bool inQuery = false,
        Microsoft.AspNetCore.Http.Connections.HttpTransportType transport = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(baseUrl + LiveSetup.HubPath + (inQuery ? "?access_token=" + Uri.EscapeDataString(token) : ""), o =>
            {
                o.Transports = transport;
                if (!inQuery) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync();
        return new DiaryWatcher(connection);
    }

    public Task<bool> WatchAsync(int studentId) => _connection.InvokeAsync<bool>("Watch", studentId);

    public Task UnwatchAsync(int studentId) => _connection.InvokeAsync("Unwatch", studentId);

    /// <summary>Waits (at most 15 s) for a change that matches; what arrives before it is kept in <see cref="Heard"/>.</summary>
    public async Task<LiveChange> WaitForAsync(Func<LiveChange, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            while (true)
            {
                var change = await _heard.Reader.ReadAsync(timeout.Token);
                Heard.Add(change);
                if (match(change)) return change;
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"За 15 с не пришло ожидаемое изменение; пришло: {string.Join("; ", Heard)}");
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
