using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

// Measures the delay from a mark's write (POST over the API) to its "changed" on open diaries (/hubs/diary).
// Usage: see README.md.
var opt = Options.Parse(args);
var invariant = CultureInfo.InvariantCulture;
using var http = new HttpClient { BaseAddress = new Uri(opt.Url), Timeout = TimeSpan.FromSeconds(30) };

// Watchers: N connections of the parents given (round-robin), each watching his first child (or --child).
var watchers = new List<Watcher>();
for (var i = 0; i < opt.Watchers; i++)
{
    var login = opt.ParentLogins[i % opt.ParentLogins.Length];
    var token = await LoginAsync(login);
    var me = await GetAsync<JsonElement>("/api/v1/me", token);
    var children = me.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("studentId").GetInt32()).ToList();
    if (children.Count == 0) throw new InvalidOperationException($"{login}: no children in /api/v1/me");
    var child = opt.Child is int wanted && children.Contains(wanted) ? wanted : children[0];
    var watcher = new Watcher(child, new HubConnectionBuilder()
        .WithUrl(opt.Url.TrimEnd('/') + "/hubs/diary", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .Build());
    await watcher.StartAsync();
    if (!await watcher.WatchAsync()) throw new InvalidOperationException($"{login}: Watch({child}) refused");
    watchers.Add(watcher);
}
var students = watchers.Select(w => w.StudentId).Distinct().ToList();
Console.WriteLine($"{watchers.Count} connections watching students {string.Join(", ", students)}");

// The teacher and a lesson in which he may mark those students.
var teacherToken = await LoginAsync(opt.Teacher);
var lessonId = opt.Lesson ?? await FindLessonAsync(teacherToken, students);
Console.WriteLine($"marking in lesson {lessonId} as {opt.Teacher}");

var fromResponse = new List<double>();
var fromRequest = new List<double>();
var lost = 0;
var posted = new List<int>();
for (var m = 0; m < opt.Marks; m++)
{
    var student = students[m % students.Count];
    var waiting = watchers.Where(w => w.StudentId == student).Select(w => w.Expect()).ToList();
    var started = Stopwatch.GetTimestamp();
    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/lessons/{lessonId}/marks")
    {
        Content = JsonContent.Create(new { studentId = student, value = (2 + m % 4).ToString(invariant), comment = "diary-probe" }),
    };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", teacherToken);
    using var response = await http.SendAsync(request);
    var answered = Stopwatch.GetTimestamp();
    if (!response.IsSuccessStatusCode)
        throw new InvalidOperationException($"POST mark: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    posted.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
    foreach (var arrival in waiting)
    {
        var done = await Task.WhenAny(arrival, Task.Delay(TimeSpan.FromSeconds(opt.TimeoutSeconds)));
        if (done != arrival) { lost++; continue; }
        var at = await arrival;
        fromResponse.Add(Stopwatch.GetElapsedTime(answered, at).TotalMilliseconds);
        fromRequest.Add(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
    }
    await Task.Delay(opt.PauseMs);
}

Report("from the POST's response to \"changed\"", fromResponse);
Report("from the POST's start to \"changed\"   ", fromRequest);
if (lost > 0) Console.WriteLine($"lost (nothing within {opt.TimeoutSeconds} s): {lost}");

if (!opt.Keep)
{
    foreach (var id in posted)
    {
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/marks/{id}");
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", teacherToken);
        (await http.SendAsync(delete)).EnsureSuccessStatusCode();
    }
    Console.WriteLine($"removed the {posted.Count} probe marks");
}
foreach (var w in watchers) await w.DisposeAsync();
return lost == 0 ? 0 : 1;

void Report(string what, List<double> ms)
{
    if (ms.Count == 0) { Console.WriteLine($"{what}: nothing arrived"); return; }
    ms.Sort();
    double P(double p) => ms[Math.Clamp((int)Math.Ceiling(p / 100 * ms.Count) - 1, 0, ms.Count - 1)];
    Console.WriteLine(string.Create(invariant,
        $"{what}: count {ms.Count}, p50 {P(50):F1} ms, p95 {P(95):F1} ms, p99 {P(99):F1} ms, max {ms[^1]:F1} ms"));
}

async Task<string> LoginAsync(string login)
{
    var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { login, password = opt.Password });
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"login {login}: {(int)response.StatusCode}");
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
}

async Task<T> GetAsync<T>(string path, string token)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
    return (await response.Content.ReadFromJsonAsync<T>())!;
}

// The teacher's group whose journal lists every watched student; its latest lesson up to today.
async Task<int> FindLessonAsync(string token, List<int> wanted)
{
    var today = DateOnly.FromDateTime(DateTime.Now);
    foreach (var group in (await GetAsync<JsonElement>("/api/v1/groups", token)).EnumerateArray())
    {
        var journal = await GetAsync<JsonElement>($"/api/v1/groups/{group.GetProperty("id").GetInt32()}/journal", token);
        var ids = journal.GetProperty("students").EnumerateArray().Select(s => s.GetProperty("id").GetInt32()).ToHashSet();
        if (!wanted.All(ids.Contains)) continue;
        var lesson = journal.GetProperty("lessons").EnumerateArray()
            .Where(l => DateOnly.Parse(l.GetProperty("date").GetString()!, invariant) <= today)
            .Select(l => l.GetProperty("id").GetInt32()).LastOrDefault();
        if (lesson != 0) return lesson;
    }
    throw new InvalidOperationException("no lesson of the teacher has all the watched students; pass --lesson");
}

sealed class Watcher(int studentId, HubConnection connection) : IAsyncDisposable
{
    private TaskCompletionSource<long>? _next;

    public int StudentId => studentId;

    public async Task StartAsync()
    {
        connection.On<JsonElement>("changed", c =>
        {
            if (c.TryGetProperty("studentId", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt32() == studentId)
                Interlocked.Exchange(ref _next, null)?.TrySetResult(Stopwatch.GetTimestamp());
        });
        await connection.StartAsync();
    }

    public Task<bool> WatchAsync() => connection.InvokeAsync<bool>("Watch", studentId);

    /// <summary>The time of the next "changed" of this watcher's student.</summary>
    public Task<long> Expect()
    {
        var tcs = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _next, tcs);
        return tcs.Task;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}

sealed record Options(string Url, string[] ParentLogins, int Watchers, string Teacher, string Password, int Marks, int PauseMs,
    int? Lesson, int? Child, int TimeoutSeconds, bool Keep)
{
    public static Options Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        int? Maybe(string name) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;
        return new Options(
            Get("--url") ?? "http://127.0.0.1:5000",
            (Get("--parents") ?? "roditel").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Int("--watchers", 20),
            Get("--teacher") ?? "uchitel",
            Get("--password") ?? "journal2026",
            Int("--marks", 50),
            Int("--pause-ms", 300),
            Maybe("--lesson"),
            Maybe("--child"),
            Int("--timeout", 10),
            args.Contains("--keep"));
    }
}
