using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features;

/// <summary>
/// Every form that posts carries its own antiforgery token. A form with an explicit action gets none from the form tag
/// helper unless asked (asp-antiforgery="true"), and a real browser then gets 400; tests that post with a token taken
/// from elsewhere on the page would not notice.
/// </summary>
public sealed class FormTokenTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Every_post_form_of_the_year_and_journal_pages_has_its_token()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.PageClientAsync("fedorova");
        string[] pages =
        [
            "/Year/Periods", "/Year/Rollover", "/Year/Subjects", "/Year/Rooms", "/Year/Staff", "/Year/Classes", "/Year/Bells", "/Year/Grading",
            "/Year/Groups", $"/Year/Groups/{s.Math.Id}", "/Year/Movement", "/Year/Curricula", "/Year/Load", "/Year/Plans", $"/Year/Plans/{s.Math.Id}",
            $"/Year/Timetable?classId={s.Class.Id}", "/Year/ControlWorks", $"/Year/Substitutions?day=2026-11-20&forClass={s.Class.Id}",
            $"/Journal/Daily/{s.Class.Id}", $"/Journal/Group/{s.Math.Id}", $"/Journal/Lesson/{s.MathLesson.Id}",
        ];
        var missing = new List<string>();
        var forms = 0;
        foreach (var page in pages)
        {
            var html = await deputy.GetPageAsync(page);
            foreach (var form in html.QuerySelectorAll("form")
                .Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)))
            {
                forms++;
                if (form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") is not { Length: > 0 })
                    missing.Add($"{page}: {form.OuterHtml[..Math.Min(120, form.OuterHtml.Length)]}");
            }
        }

        Assert.True(forms > 20, $"only {forms} forms found");
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }
}
