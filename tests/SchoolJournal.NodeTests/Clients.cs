using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using SchoolJournal.Web.Features.Live;

namespace SchoolJournal.NodeTests;

public static class Api
{
    private sealed record TokenResponse(string AccessToken, int ExpiresIn);

    /// <summary>A bearer token from the app's login route, as the mobile app and the SPA get it.</summary>
    public static async Task<string> TokenAsync(string baseUrl, string login)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { login, password = NodeLane.DemoPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    public static HttpClient Client(string baseUrl, string token)
    {
        // No cookie jar: the proxy's node cookie would pin every request to one node; a token client is spread round robin.
        var http = new HttpClient(new HttpClientHandler { UseCookies = false })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(15),
        };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return http;
    }
}

/// <summary>The tests' own reads, straight on PostgreSQL (not through PgBouncer).</summary>
public static class Sql
{
    /// <summary>The tests' own connections, told apart from PgBouncer's in pg_stat_activity.</summary>
    public const string ApplicationName = "sj-node-tests";

    public static async Task<List<object?[]>> RowsAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName }
            .ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}

/// <summary>
/// A SignalR connection to the diary hub that keeps every "changed" it hears: negotiate, then the WebSocket, as the diary page's
/// script does; through the proxy the negotiate answer's cookie keeps the WebSocket on the node that negotiated.
/// </summary>
public sealed class DiaryWatcher : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Channel<LiveChange> _heard = Channel.CreateUnbounded<LiveChange>();

    private DiaryWatcher(HubConnection connection)
    {
        _connection = connection;
        _connection.On<LiveChange>(DiaryLive.Method, c => _heard.Writer.TryWrite(c));
    }

    public List<LiveChange> Heard { get; } = [];

    public static async Task<DiaryWatcher> ConnectAsync(string baseUrl, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(baseUrl + LiveSetup.HubPath, o =>
            {
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync();
        return new DiaryWatcher(connection);
    }

    public Task<bool> WatchAsync(int studentId) => _connection.InvokeAsync<bool>("Watch", studentId);

    public async Task<LiveChange> WaitForAsync(Func<LiveChange, bool> match, TimeSpan? within = null)
    {
        var wait = within ?? TimeSpan.FromSeconds(15);
        using var timeout = new CancellationTokenSource(wait);
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
            throw new Xunit.Sdk.XunitException($"За {wait.TotalSeconds} с не пришло ожидаемое изменение; пришло: {string.Join("; ", Heard)}");
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}

/// <summary>A letter in the Maildir of test.sh's SMTP server: the headers the recipient's mail program reads.</summary>
public sealed record Letter(string FileName, string From, string To, string MessageId, long NotificationId)
{
    /// <summary>This run's letters (by sender address) from Maildir/new and cur.</summary>
    public static List<Letter> Read(string maildir, string from)
    {
        var letters = new List<Letter>();
        foreach (var sub in new[] { "new", "cur" })
        {
            var folder = Path.Combine(maildir, sub);
            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var headers = Headers(file);
                if (!headers.TryGetValue("from", out var sender) || !sender.Contains(from, StringComparison.OrdinalIgnoreCase)) continue;
                letters.Add(new Letter(file, sender, headers.GetValueOrDefault("to", ""), headers.GetValueOrDefault("message-id", ""),
                    long.Parse(headers.GetValueOrDefault("x-schooljournal-notification", "0"), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        return letters;
    }

    private static Dictionary<string, string> Headers(string file)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in File.ReadLines(file))
        {
            if (line.Length == 0) break;
            if ((line[0] == ' ' || line[0] == '\t') && last is not null)
            {
                headers[last] += " " + line.Trim();
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            last = line[..colon].Trim().ToLowerInvariant();
            headers[last] = line[(colon + 1)..].Trim();
        }
        return headers;
    }
}
