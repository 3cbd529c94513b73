using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Demo;

// One test class at a time: each class runs its own copy of the demo school (720 students) and its own Chromium; four of
// them at once on a 2-core CI machine made a login wait longer than Playwright's 30 s.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SchoolJournal.BrowserTests;

/// <summary>
/// The real app on a real TCP port with the demo school seeded for Monday 23 November 2026, 10:00 Moscow time,
/// and the system's Chromium driven by Playwright (no browser download: Debian's /usr/bin/chromium-headless-shell).
/// </summary>
public sealed class DemoSchool : IAsyncLifetime
{
    public const string Password = "journal2026";
    public static readonly DateOnly Today = new(2026, 11, 23);

    private readonly JournalApp _app = new();
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's services: the page lane reads its route table.</summary>
    public IServiceProvider Services => _app.Services;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// How long a click, a navigation or a download may take, and how long an assertion polls, before the test fails. The browser
    /// lane runs beside the two database lanes on two cores, and CI's machine was at times half as fast as this one: a download
    /// of 3.8 s alone took 15 s beside the other lanes here and outlasted Playwright's 30 s there (stop 35). Playwright's own
    /// defaults are 30 s and 5 s. A hang still fails, only later; how fast a page is belongs to the bench.
    /// </summary>
    public const float ActionTimeout = 60_000, ExpectTimeout = 15_000;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(ExpectTimeout);
        _app.Time.Now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(3));
        // The outbox dispatcher pushes changes to open diaries (DiaryLiveBrowserTests); JournalApp turns it off by default.
        _app.Settings["Outbox:Enabled"] = "true";
        var port = FreePort();
        _app.UseKestrel(port);
        await SeedLock.WaitAsync();
        try
        {
            _app.SqliteCopyOf = s_seeded;
            _app.StartServer();
            if (s_seeded is null || JournalApp.OnPostgres) await SeedAsync();
        }
        finally
        {
            SeedLock.Release();
        }
        BaseUrl = $"http://127.0.0.1:{port}";

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SJ_CHROMIUM") ?? HeadlessShell,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>
    /// Debian's build of Chromium's headless shell (package chromium-headless-shell): the same Blink, V8 and layout as the
    /// browser, without its window system — the build Playwright itself runs for headless Chromium. The whole lane alone took 250 s
    /// and 333 CPU s with it instead of 429 s and 678 CPU s with /usr/bin/chromium (7 December; the same 35 tests passed).
    /// SJ_CHROMIUM names another binary (/usr/bin/chromium, the full browser).
    /// </summary>
    private const string HeadlessShell = "/usr/bin/chromium-headless-shell";

    // Seeding the 720-student school is most of a class's time (about 20 s of a 2-core machine): the first class seeds
    // it and keeps a consistent copy (VACUUM INTO, while its app runs); every later class starts from its own copy of that.
    private static readonly SemaphoreSlim SeedLock = new(1, 1);
    private static string? s_seeded;

    private async Task SeedAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(new DemoOptions(StudentsPerSchool: 720, Today: Today));
        if (JournalApp.OnPostgres) return;
        var copy = Path.Combine(Path.GetTempPath(), $"sj_demo_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}.db");
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        await db.Database.ExecuteSqlAsync($"VACUUM INTO {copy}");
        // VACUUM INTO writes a rollback-journal file; the app's databases are WAL (readers beside the writer).
        await using (var conn = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            await conn.OpenAsync();
            await using var wal = conn.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL; PRAGMA wal_checkpoint(TRUNCATE);";
            await wal.ExecuteNonQueryAsync();
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var f in new[] { copy, copy + "-wal", copy + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        };
        s_seeded = copy;
    }

    /// <summary>A fresh browser context signed in through the login form as a person would.</summary>
    public async Task<IPage> LogInAsync(string login, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(
            new() { BaseURL = BaseUrl, ViewportSize = new() { Width = width, Height = height }, Locale = "ru-RU" });
        context.SetDefaultTimeout(ActionTimeout);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Логин").FillAsync(login);
        await page.GetByLabel("Пароль").FillAsync(Password);
        // Wait for the form's POST, then for the address and the page's footer (the end of the document) by polling, not for
        // the browser's load events: on a loaded CI machine Playwright twice waited out its timeout for a DOMContentLoaded
        // of a page that had already arrived (its log: "NetworkIdle event fired"). A minute for each step.
        var posted = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/Account/Login"), new() { Timeout = 60_000 });
        if (posted.Status is >= 300 and < 400)
            await Assertions.Expect(page).ToHaveURLAsync(BaseUrl + "/", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("footer.foot")).ToBeAttachedAsync(new() { Timeout = 60_000 });
        if (page.Url != BaseUrl + "/")
        {
            var errors = await page.Locator(".errors").AllInnerTextsAsync();
            throw new InvalidOperationException(
                $"Вход «{login}» не удался ({page.Url}): {string.Join(" ", errors).Trim()} Создал ли DemoSeeder демо-учётные записи?");
        }
        return page;
    }

    /// <summary>
    /// Waits until a navigation the page started (a link, a form and its redirect) has reached <paramref name="urlGlob"/> and the
    /// new page's footer, the end of its document, is there — by polling, not for the browser's load event, as
    /// <see cref="LogInAsync"/> does: with three test lanes on two cores Playwright waited out a minute for the load event of a page
    /// that had already arrived (its log: "NetworkIdle event fired"). A minute for each step.
    /// The address is asserted with <c>Expect(page).ToHaveURLAsync</c>, which the driver polls, not with <c>WaitForURLAsync</c>:
    /// when the navigation has committed before the call, Playwright .NET 1.62 ignores <c>WaitUntil = Commit</c> and waits for a
    /// load state that has already passed (microsoft/playwright-dotnet#3365, #3364); CI lost a minute and the test to it.
    /// </summary>
    public static async Task ArrivedAsync(IPage page, string urlGlob)
    {
        await Assertions.Expect(page).ToHaveURLAsync(GlobRegex(urlGlob), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("footer.foot")).ToBeAttachedAsync(new() { Timeout = 60_000 });
    }

    /// <summary>Playwright's URL glob as a regular expression: <c>**</c> any characters, <c>*</c> any but "/", the rest literal.</summary>
    public static Regex GlobRegex(string glob) =>
        new("^" + string.Join(".*", glob.Split("**").Select(part => string.Join("[^/]*", part.Split('*').Select(Regex.Escape)))) + "$");

    /// <summary>A file under tests/SchoolJournal.BrowserTests/screenshots/ (git-ignored: an artifact of the run).</summary>
    public static string ScreenshotPath(string name)
    {
        var project = new DirectoryInfo(AppContext.BaseDirectory);
        while (project.Parent is not null && !File.Exists(Path.Combine(project.FullName, "SchoolJournal.BrowserTests.csproj")))
            project = project.Parent;
        var root = project.Parent is null ? AppContext.BaseDirectory : project.FullName;
        var dir = Path.Combine(root, "screenshots", Path.GetDirectoryName(name) ?? "");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, Path.GetFileName(name));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        _app.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
