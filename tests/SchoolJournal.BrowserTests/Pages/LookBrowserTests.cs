using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>What the page lane cannot see by rule: the grid's focus ring, the report bars' lengths, the daily absences on a phone.</summary>
[Collection(PagesCollection.Name)]
public sealed partial class LookBrowserTests(DemoSchool school)
{
    [Fact]
    public async Task The_grid_cell_with_the_keyboard_focus_has_a_ring_that_stands_out()
    {
        var ids = await DemoIds.Of(school);
        var page = await school.LogInAsync("uchitel", 1366, 900);
        await page.GotoAsync($"/Journal/Group/{ids.GroupId}");
        await page.WaitForFunctionAsync("() => document.documentElement.classList.contains('js') && 'htmx' in window");
        // Into the grid: a click brings the entry field into the first student's last cell, then one student down with the arrow.
        await page.Locator("table.journal tbody tr").First.Locator("td.cell:not(.ro)").Last.ClickAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        var ring = await page.EvaluateAsync<Ring>("""
            () => {
              const el = document.activeElement, s = getComputedStyle(el);
              let bg = 'rgb(255, 255, 255)';
              for (let p = el.parentElement; p; p = p.parentElement) {
                const b = getComputedStyle(p).backgroundColor;
                if (b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') { bg = b; break; }
              }
              return { element: el.tagName.toLowerCase() + '.' + el.className, row: [...el.closest('tbody').rows].indexOf(el.closest('tr')),
                       outlineWidth: parseFloat(s.outlineWidth) || 0, outlineStyle: s.outlineStyle, outlineColor: s.outlineColor,
                       boxShadow: s.boxShadow, background: bg };
            }
            """);
        var cell = (await page.Locator(":focus").BoundingBoxAsync())!;
        await page.ScreenshotAsync(new()
        {
            Path = DemoSchool.ScreenshotPath("look/grid-focus.png"),
            Clip = new() { X = Math.Max(0, cell.X - 200), Y = Math.Max(0, cell.Y - 60), Width = 440, Height = 160 },
        });

        Assert.Equal("input.entry", ring.Element);
        Assert.Equal(1, ring.Row); // the second student's: the arrow moved the focus down
        Assert.True(ring.OutlineWidth >= 2 && ring.OutlineStyle != "none",
            $"у ячейки в фокусе нет видимой рамки: outline {ring.OutlineWidth}px {ring.OutlineStyle}, box-shadow {ring.BoxShadow}");
        var contrast = Contrast(ring.OutlineColor, ring.Background);
        Assert.True(contrast >= 3, $"рамка фокуса {ring.OutlineColor} на фоне {ring.Background}: контраст {contrast:F2}:1, нужно 3:1");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_report_bar_is_as_long_as_its_value()
    {
        var ids = await DemoIds.Of(school);
        var page = await school.LogInAsync("direktor", 1366, 900);
        await page.GotoAsync($"/Reports/Progress?periodId={ids.FirstQuarterId}");
        await Assertions.Expect(page.Locator("figure.chart svg rect").First).ToBeAttachedAsync();
        // Each bar and the value printed after it; «Успеваемость и качество по классам, %» is drawn from 0 to 100.
        var bars = await page.EvaluateAsync<Bar[]>("""
            () => [...document.querySelectorAll('figure.chart svg rect')].map(r => ({
                width: r.getBoundingClientRect().width, value: r.nextElementSibling.textContent.trim() }))
            """);
        var plot = await page.EvaluateAsync<double>("""
            () => {
                const svg = document.querySelector('figure.chart svg');
                return svg.getBoundingClientRect().width * 500 / svg.viewBox.baseVal.width;
            }
            """);
        await page.Locator("figure.chart").ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("look/report-bars.png") });

        var valued = bars
            .Select(b => (b.Width, Ok: double.TryParse(b.Value.Replace(',', '.'), CultureInfo.InvariantCulture, out var v), Value: v))
            .Where(b => b.Ok && b.Value > 0).ToList();
        Assert.True(valued.Count > 10, $"на графике {valued.Count} столбцов со значением");
        Assert.All(valued, b => Assert.True(b.Width > 0, $"столбец {b.Value} % нулевой ширины"));
        // By hand: a bar of v % is v/100 of the plot's 500 units, whatever the screen's scale.
        Assert.All(valued, b => Assert.InRange(b.Width, plot * b.Value / 100 - 1, plot * b.Value / 100 + 1));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_class_teacher_reads_the_daily_absences_on_a_phone_without_scrolling_sideways()
    {
        var ids = await DemoIds.Of(school);
        var page = await school.LogInAsync("klass", 360, 740);
        await page.GotoAsync($"/Journal/Daily/{ids.ClassId}?date=2026-11-20");
        await Assertions.Expect(page.Locator("table.daily tbody tr").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("look/daily-360.png"), FullPage = true });

        var wide = await page.EvaluateAsync<string[]>("""
            () => [document.scrollingElement, ...document.querySelectorAll('main *')]
              .filter(el => el.scrollWidth > el.clientWidth + 1 && /(auto|scroll)/.test(getComputedStyle(el).overflowX)
                  || el === document.scrollingElement && el.scrollWidth > innerWidth)
              .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`)
            """);
        Assert.Empty(wide);
        // «В уроках» of every student is on the screen, labelled, and what teachers marked is readable.
        var cells = page.Locator("table.daily td.lesson-marks");
        var count = await cells.CountAsync();
        Assert.True(count > 20, $"{count} учеников");
        for (var i = 0; i < count; i++)
        {
            var box = (await cells.Nth(i).BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 360, $"«В уроках» ученика {i + 1} за краем экрана: {box.X}–{box.X + box.Width}");
        }
        Assert.Equal("В уроках", await cells.First.GetAttributeAsync("data-label"));
        await page.Context.CloseAsync();
    }

    private sealed class Ring
    {
        public string Element { get; set; } = "";
        public int Row { get; set; }
        public double OutlineWidth { get; set; }
        public string OutlineStyle { get; set; } = "";
        public string OutlineColor { get; set; } = "";
        public string BoxShadow { get; set; } = "";
        public string Background { get; set; } = "";
    }

    private sealed class Bar
    {
        public double Width { get; set; }
        public string Value { get; set; } = "";
    }

    /// <summary>WCAG's contrast ratio of two CSS colours «rgb(r, g, b)».</summary>
    private static double Contrast(string a, string b)
    {
        static double Luminance(string css)
        {
            var c = Rgb().Matches(css).Take(3).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture) / 255)
                .Select(v => v <= 0.03928 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4)).ToArray();
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        }
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex Rgb();
}
