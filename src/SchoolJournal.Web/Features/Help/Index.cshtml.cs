namespace SchoolJournal.Web.Features.Help;

/// <summary>«Справка»: a user guide of docs/guides built into the app, for everyone signed in (the guides hold no one's data).</summary>
public sealed class IndexModel(Guides guides) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }

    public Guide Guide { get; private set; } = null!;

    public IActionResult OnGet()
    {
        if (Name?.StartsWith("img/", StringComparison.Ordinal) == true)
            return guides.Picture(Name["img/".Length..]) is { } picture ? File(picture, "image/png") : NotFound();
        var guide = guides.Find(Name);
        if (guide is null)
            return NotFound();
        Guide = guide;
        return Page();
    }
}
