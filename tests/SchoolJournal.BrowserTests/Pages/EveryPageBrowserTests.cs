using System.Diagnostics;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SchoolJournal.Web.Data;
using Xunit.Abstractions;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// The page lane: every GET page of the app's own route table, opened as the role that uses it at 1366×900 and at 360×740,
/// screenshotted to screenshots/pages/, and checked for what a person would see as broken — an error status, a JSON body,
/// a console error (a CSP violation is one), raw Razor, English words, a page wider than a phone, an element off the
/// screen, a table without a caption — and by axe-core for serious and critical accessibility violations. All findings are collected, then one
/// assertion lists them.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed partial class EveryPageBrowserTests(DemoSchool school, ITestOutputHelper output)
{
    private const string Anonymous = "";
    private static readonly string[] Everyone = ["direktor", "zavuch", "klass", "uchitel", "admin", "roditel", "uchenik"];

    /// <summary>
    /// Who opens a page: the first rule whose prefix the page's route template starts with. The roles follow the menu
    /// (AccessService.Menu): the family reads the diary, the class teacher (klass, 5А) keeps his class's registers, the
    /// subject teacher (uchitel, mathematics in 5А) the journal and his КТП, the deputy the year, the director the reports
    /// and settings, the system administrator the rest of /Admin. A page for nobody in particular is the director's.
    /// </summary>
    private static readonly (string Prefix, string[] Logins)[] WhoOpens =
    [
        ("/Account/Login", [Anonymous]),
        ("/Diary/Notifications", ["roditel"]),
        ("/Diary/About", ["roditel"]),
        ("/Diary/Marks", ["roditel", "uchenik"]),
        ("/Diary/", ["roditel"]),
        ("/Diary", ["roditel", "uchenik"]),
        ("/Parents/Acknowledge", ["roditel"]),
        ("/Journal/Daily", ["klass"]),
        ("/Journal/Class", ["klass"]),
        ("/Journal/Summary", ["klass"]),
        ("/Journal/BlankForms", ["klass"]),
        ("/Parents", ["klass"]),
        ("/Extracts", ["klass"]),
        ("/Credentials", ["klass"]),
        ("/Messages", ["klass"]),
        ("/Account/Compromised", ["klass"]),
        ("/Journal", ["uchitel"]),
        ("/Year/Plans", ["uchitel"]),
        ("/Year/ControlWorks", ["zavuch", "uchenik"]),
        ("/Year", ["zavuch"]),
        ("/Admin/Settings", ["direktor"]),
        ("/Admin", ["admin"]),
    ];

    /// <summary>
    /// Pages that make sense only with a query get real values from the demo school; a page listed here with null is
    /// not opened, and the comment says why.
    /// </summary>
    private static Dictionary<string, string?> Queries(Demo d) => new()
    {
        ["/Journal/History"] = $"?entity=mark&id={d.MarkId}",
        ["/Parents/Acknowledge"] = $"?studentId={d.StudentId}&from=2026-11-16&to=2026-11-22",
    };

    /// <summary>
    /// Latin words a Russian page may show: Roman numerals (quarters, half-years), file formats (JSON too) and encodings, the names
    /// of products and standards (OneRoster). Key names are written in &lt;kbd&gt; and not read as words. Everything else
    /// in Latin letters is a word left untranslated.
    /// </summary>
    private static readonly HashSet<string> AllowedLatin = new(StringComparer.Ordinal)
    {
        "XLSX", "CSV", "PDF", "DOCX", "PPTX", "ODT", "TXT", "JPG", "PNG", "ICS", "UTF", "Windows", "ZIP", "API", "URL", "SMS", "e-mail", "E-mail",
        "BOM", "JSON", "Excel", "OneRoster", "Google", "Apple", "iPhone", "iPad", "Mac", "Android", "Outlook",
    };

    /// <summary>
    /// The screenshots are for a person to look at; what the lane asserts it reads from the page itself. test.sh turns them off
    /// (<c>SJ_PAGE_SHOTS=0</c>): they took 60 of the walk's 156 s alone and 126 of 418 s beside the database lanes (7 December).
    /// Run alone, the lane takes them.
    /// </summary>
    private static readonly bool Shots = Environment.GetEnvironmentVariable("SJ_PAGE_SHOTS") != "0";

    // Only violations are gathered: axe then keeps one node of each passed rule instead of all of them (the grid's thousands).
    // axe runs in the page itself (the package's «legacy» run, axe.run): its default run, made for pages with cross-origin frames,
    // opens a blank page of its own for every run and loads axe into both, which cost about 100 s of the two cores' time over
    // the walk (6 December: the walk alone 315 against 193 CPU seconds). The app's pages have no frames; the same rules run and
    // the same violations are found (a nameless button and an unlabelled field put on the login page were reported by both).
    private static readonly AxeRunOptions AxeOptions = new() { ResultTypes = [ResultType.Violations] };

    // A table's rows after the twentieth, row groups after the fifth and cells after the fifteenth come from the same markup
    // as those before them, and so do the class journal's subjects after the third; leaving them out spares axe most of a
    // class's journal (thousands of cells, 14 s of axe). /Journal/Class still takes most of the lane's axe time (13 s on a
    // machine shared by three test runs): axe walks the whole page before it applies the exclusions.
    private static readonly AxeRunContext AxeContext = new()
    {
        Exclude = [new AxeSelector("tbody > tr:nth-child(n+21)"), new AxeSelector("tbody:nth-of-type(n+6)"),
            new AxeSelector("tr > :nth-child(n+16)"), new AxeSelector("section.class-journal:nth-of-type(n+4)")],
    };

    [Fact]
    public async Task Every_page_opens_right_for_its_role_on_a_desk_and_a_phone()
    {
        var watch = Stopwatch.StartNew();
        var demo = await DemoAsync();
        var queries = Queries(demo);
        var visits = PageTemplates()
            .Where(t => !queries.TryGetValue(t, out var q) || q is not null)
            .SelectMany(t => RolesFor(t).Select(login => (Login: login, Template: t, Url: Fill(t, demo) + queries.GetValueOrDefault(t))))
            .GroupBy(v => v.Login);

        var findings = new List<string>();
        var views = 0;
        // Only this run's pictures: a page that was removed or renamed leaves none behind.
        if (Shots)
            foreach (var old in Directory.GetFiles(Path.GetDirectoryName(DemoSchool.ScreenshotPath("pages/x.png"))!, "*.png")) File.Delete(old);
        TimeSpan shotTime = default, axeTime = default;
        var slow = new List<(string, double)>();
        foreach (var role in visits)
        {
            var page = role.Key == Anonymous ? await AnonymousPageAsync() : await school.LogInAsync(role.Key, 1366, 900);
            var console = new List<string>();
            page.Console += (_, m) => { if (m.Type == "error") console.Add($"{m.Text} [{m.Location}]"); };
            page.PageError += (_, e) => console.Add(e);
            foreach (var (login, template, url) in role)
            {
                var who = login == Anonymous ? "гость" : login;
                void Found(string what) => findings.Add($"{url} ({who}): {what}");
                console.Clear();
                await page.SetViewportSizeAsync(1366, 900);
                var response = await page.GotoAsync(url);
                if (response is null) { Found("нет ответа"); continue; }
                if (response.Status >= 400) Found($"HTTP {response.Status}");
                if (response.Headers.TryGetValue("content-type", out var type) && type.Contains("json")) Found($"JSON вместо страницы ({type})");
                foreach (var width in new[] { 1366, 360 })
                {
                    if (width == 360) await page.SetViewportSizeAsync(360, 740);
                    if (Shots)
                    {
                        var name = $"pages/{Slug(template)}-{who}-{width}.png";
                        var t0 = watch.Elapsed;
                        await page.ScreenshotAsync(
                            new() { Path = DemoSchool.ScreenshotPath(name), FullPage = true, Caret = ScreenshotCaret.Initial });
                        shotTime += watch.Elapsed - t0;
                    }
                    views++;
                    var seen = await page.EvaluateAsync<Seen>(Inspect);
                    if (width == 360 && seen.ScrollWidth > seen.InnerWidth)
                        Found($"шире экрана 360 px на {seen.ScrollWidth - seen.InnerWidth} px, шире всех {seen.Widest}");
                    foreach (var off in seen.OffScreen) Found($"{width} px: элемент за краем экрана {off}");
                    if (width == 1366)
                    {
                        foreach (Match m in RazorText().Matches(seen.Text)) Found($"код Razor в тексте: «{Around(seen.Text, m.Index)}»");
                        foreach (var word in LatinWords(seen.Text, demo.Written))
                            Found($"английское слово «{word}»: «{Around(seen.Text, seen.Text.IndexOf(word, StringComparison.Ordinal))}»");
                        foreach (var table in seen.Uncaptioned) Found($"таблица без подписи (<caption> или aria-label): {table}");
                        foreach (var region in seen.Unnamed) Found($"прокручиваемая область без имени таблицы: {region}");
                    }
                    foreach (var region in seen.Unreachable) Found($"{width} px: прокручиваемая область недоступна с клавиатуры: {region}");
                    // axe once per page, on the desk: at 360 px the only rule a narrow screen changes is the scrollable
                    // region's (a table's scroller starts to scroll), which Inspect checks at both widths.
                    if (width == 1366)
                    {
                        var t1 = watch.Elapsed;
#pragma warning disable CS0618 // RunAxeLegacy: see AxeOptions' comment
                        var axe = await page.RunAxeLegacy(AxeContext, AxeOptions);
#pragma warning restore CS0618
                        axeTime += watch.Elapsed - t1;
                        slow.Add((url, (watch.Elapsed - t1).TotalSeconds));
                        foreach (var v in axe.Violations.Where(v => v.Impact is "serious" or "critical"))
                            Found($"axe {v.Impact} {v.Id} ({v.Help}): {string.Join("; ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}");
                    }
                }
                foreach (var error in console.Distinct()) Found($"ошибка в консоли: {error}");
            }
            await page.Context.CloseAsync();
        }

        foreach (var (u, sec) in slow.OrderByDescending(x => x.Item2).Take(15)) output.WriteLine($"axe {sec:F1} с {u}");
        output.WriteLine($"Страниц × ширин: {views}, {watch.Elapsed.TotalSeconds:F0} с " +
            $"(снимки {shotTime.TotalSeconds:F0} с, axe {axeTime.TotalSeconds:F0} с)");
        Assert.True(findings.Count == 0, $"{findings.Count} находок на {views} страницах × ширинах:\n" + string.Join("\n", findings));
    }

    /// <summary>The route templates of every Razor page, one per page (the shortest: /Journal rather than /Journal/Index).</summary>
    private IEnumerable<string> PageTemplates() =>
        school.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
            .Where(p => p.Page is not null)
            .GroupBy(p => p.Page!.ViewEnginePath)
            .Select(g => "/" + g.Select(p => p.Endpoint.RoutePattern.RawText!.Trim('/')).OrderBy(t => t.Length).First())
            .Order(StringComparer.Ordinal);

    private static string[] RolesFor(string template) =>
        template == "/" ? Everyone
            : WhoOpens.FirstOrDefault(r => template.StartsWith(r.Prefix, StringComparison.Ordinal)).Logins ?? ["direktor"];

    /// <summary>Route parameters from the demo school: an optional one is left out, a required one without a value fails.</summary>
    private static string Fill(string template, Demo d) =>
        RouteParameter().Replace(template, m =>
        {
            var (name, optional) = (m.Groups["name"].Value, m.Groups["optional"].Success || m.Groups["catchAll"].Success);
            if (optional) return "";
            return (name, template) switch
            {
                ("classId", _) => d.ClassId.ToString(),
                ("groupId", _) => d.GroupId.ToString(),
                ("lessonId", _) => d.LessonId.ToString(),
                ("studentId", _) => d.StudentId.ToString(),
                ("id", var t) when t.StartsWith("/Admin/Accounts/") => d.AccountId,
                ("id", var t) when t.StartsWith("/Year/Groups/") => d.GroupId.ToString(),
                ("id", var t) when t.StartsWith("/Year/Curricula/") => d.CurriculumId.ToString(),
                _ => throw new InvalidOperationException(
                    $"Странице {template} нужен параметр {{{name}}}: дайте ему значение из демо-школы в EveryPageBrowserTests.Fill."),
            };
        }).TrimEnd('/') is { Length: > 0 } url ? url : "/";

    /// <summary>The demo school's 5А: its class teacher klass, uchitel's mathematics, today's lesson, the child uchenik.</summary>
    private sealed record Demo(int ClassId, int GroupId, int LessonId, int StudentId, int MarkId, string AccountId, int CurriculumId,
        HashSet<string> Written);

    private async Task<Demo> DemoAsync()
    {
        await using var scope = school.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        async Task<string> User(string login) => await db.Users.Where(u => u.UserName == login).Select(u => u.Id).SingleAsync();
        var klass = await User("klass");
        var uchitel = await User("uchitel");
        var uchenik = await User("uchenik");
        var classId = await db.ClassTeachers.Where(c => c.StaffMember!.UserId == klass).Select(c => c.SchoolClassId).FirstAsync();
        var groupId = await db.TeachingAssignments
            .Where(a => a.StaffMember!.UserId == uchitel
                && db.GroupClasses.Any(g => g.TeachingGroupId == a.TeachingGroupId && g.SchoolClassId == classId))
            .Select(a => a.TeachingGroupId).FirstAsync();
        var lessonId = await db.Lessons.Where(l => l.TeachingGroupId == groupId && l.Date <= DemoSchool.Today)
            .OrderByDescending(l => l.Date).ThenByDescending(l => l.Number).Select(l => l.Id).FirstAsync();
        var markId = await db.Marks.Where(m => m.Lesson!.TeachingGroupId == groupId).OrderByDescending(m => m.Id).Select(m => m.Id).FirstAsync();
        var studentId = await db.Students.Where(s => s.UserId == uchenik).Select(s => s.Id).SingleAsync();
        var curriculumId = await db.SchoolClasses.Where(c => c.Id == classId).Select(c => c.CurriculumId).SingleAsync()
            ?? await db.Curricula.Select(c => c.Id).FirstAsync();
        // Topics and homework are what teachers wrote (an English lesson's «Present Continuous»), not the interface's words.
        var written = new HashSet<string>(StringComparer.Ordinal);
        var texts = await db.Lessons.Where(l => l.Topic != null).Select(l => l.Topic!).Distinct().ToListAsync();
        texts.AddRange(await db.Homework.Select(h => h.Text).Distinct().ToListAsync());
        foreach (var text in texts)
            foreach (Match m in LatinWord().Matches(text)) written.Add(m.Value);
        return new Demo(classId, groupId, lessonId, studentId, markId, uchitel, curriculumId, written);
    }

    private async Task<IPage> AnonymousPageAsync()
    {
        var context = await school.Browser.NewContextAsync(
            new() { BaseURL = school.BaseUrl, ViewportSize = new() { Width = 1366, Height = 900 }, Locale = "ru-RU" });
        return await context.NewPageAsync();
    }

    private sealed class Seen
    {
        public string Text { get; set; } = "";
        public int ScrollWidth { get; set; }
        public int InnerWidth { get; set; }
        public string? Widest { get; set; }
        public string[] OffScreen { get; set; } = [];
        public string[] Unreachable { get; set; } = [];
        public string[] Uncaptioned { get; set; } = [];
        public string[] Unnamed { get; set; } = [];
    }

    /// <summary>
    /// What the person sees: the visible text (not inside code or kbd, nor marked translate="no": logins and file names are
    /// data, not words of the interface; the browser's own text of a file input is not in the DOM); the page's width and the
    /// widest element that sticks out beyond the window (the outermost one whose parent does not); elements a person cannot
    /// scroll to (left of the page or above it), but for the skip link, which is there until it gets the focus, and what is
    /// hidden from everyone (aria-hidden, out of the tab order: a form's default submit button for Enter); a scrollable
    /// region that neither takes the focus nor holds anything that does (axe's «scrollable-region-focusable», at any width).
    /// </summary>
    private const string Inspect = """
        () => {
          const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
              const s = getComputedStyle(p); if (s.overflowX !== 'visible' || s.position === 'fixed') return true; } return false; };
          const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
              [...el.classList].map(c => '.' + c).join('') + (el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : '');
          const texts = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (!el || el.closest('script,style,noscript,template,code,kbd,samp,[translate=no]')) continue;
            if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
            if (n.textContent.trim()) texts.push(n.textContent.trim());
          }
          for (const el of document.querySelectorAll('input[placeholder],[aria-label],input[type=submit][value],input[type=button][value]')) {
            if (el.closest('code,kbd,samp,[translate=no]')) continue;
            for (const a of ['placeholder', 'aria-label', 'value'])
              if (el.getAttribute(a) && (a !== 'value' || el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)))
                texts.push(el.getAttribute(a));
          }
          const w = window.innerWidth;
          let widest = null, widestRight = 0;
          const off = [];
          for (const el of document.body.querySelectorAll('*')) {
            if (el.closest('.skip-link,[aria-hidden=true]')) continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || !el.checkVisibility({ visibilityProperty: true })) continue;
            if (clipped(el)) continue;
            const parent = el.parentElement.getBoundingClientRect();
            if (r.right > w + 1 && parent.right <= w + 1 && r.right > widestRight) { widest = el; widestRight = r.right; }
            if (r.right <= 1 || r.bottom + window.scrollY <= 0 || r.left < -1)
              off.push(`${describe(el)} (${Math.round(r.left)}, ${Math.round(r.top + window.scrollY)})`);
          }
          const focusable = 'a[href],button,input,select,textarea,[tabindex]:not([tabindex="-1"])';
          const unreachable = [...document.body.querySelectorAll('*')].filter(el => {
            const s = getComputedStyle(el);
            const scrolls = (/(auto|scroll)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1)
              || (/(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1);
            return scrolls && !el.matches(focusable) && !el.querySelector(focusable);
          }).slice(0, 5).map(describe);
          // A table with rows says what it is (WCAG 1.3.1): a caption, shown or visually hidden, or an aria-label; a scroll
          // region around it takes the table's name (ScrollRegionTagHelper), not the bare word «Таблица».
          const uncaptioned = [...document.querySelectorAll('table')]
            .filter(t => t.querySelector('tbody tr') && !t.caption?.textContent.trim() && !t.getAttribute('aria-label')
              && !t.getAttribute('aria-labelledby')).slice(0, 5).map(describe);
          const unnamed = [...document.querySelectorAll('[role=region]')]
            .filter(r => ['', 'Таблица'].includes((r.getAttribute('aria-label') || '').trim()))
            .slice(0, 5).map(r => `${describe(r)} «${r.getAttribute('aria-label') || ''}»`);
          return { uncaptioned, unnamed, unreachable, text: texts.join('\n'), scrollWidth: document.scrollingElement.scrollWidth, innerWidth: w,
                   widest: widest ? `${describe(widest)} (${Math.round(widestRight)} px)` : null, offScreen: off.slice(0, 5) };
        }
        """;

    private static IEnumerable<string> LatinWords(string text, HashSet<string> written) =>
        LatinWord().Matches(UrlOrMail().Replace(text, " ")).Select(m => m.Value)
            .Where(w => w.Length > 1 && !AllowedLatin.Contains(w) && !written.Contains(w) && !RomanNumeral().IsMatch(w)).Distinct();

    private static string Around(string text, int index)
    {
        var from = Math.Max(0, index - 30);
        return text.Substring(from, Math.Min(text.Length - from, 70)).ReplaceLineEndings(" ");
    }

    private static string Slug(string template)
    {
        var slug = Regex.Replace(template.Trim('/'), "[^A-Za-z0-9]+", "-").Trim('-');
        return slug.Length == 0 ? "home" : slug;
    }

    [GeneratedRegex(@"\{(?<catchAll>\*\*)?(?<name>\w+)(:[^}?=]+)*(?<optional>\?)?\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"@(if|else|foreach|for|while|switch|using|model|Model|await|Html|Url|ViewData|RenderBody|\{|\()")]
    private static partial Regex RazorText();

    [GeneratedRegex(@"(?<![\p{L}\d-])[A-Za-z]+(-[A-Za-z]+)*(?![\p{L}\d])")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"\S+@\S+|https?://\S+|\S+\.(ru|рф|com|org)\b")]
    private static partial Regex UrlOrMail();

    [GeneratedRegex("^[IVXLC]+$")]
    private static partial Regex RomanNumeral();
}
