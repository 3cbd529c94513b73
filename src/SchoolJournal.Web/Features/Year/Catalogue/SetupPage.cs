using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Catalogue;

/// <summary>
/// The page of one catalogue list: the list, «Экспорт в Excel», and one form that adds a row (no id) or changes the row
/// opened with <c>?id=</c>; delete is a button per row. The writes are the API's (<see cref="SetupResource{TEntity,TInput,TDto}"/>):
/// a refusal is shown above the form with what was typed, and nothing is written. Staff read; those who manage the year write.
/// </summary>
public abstract class SetupPage<TResource, TEntity, TInput, TDto>(TResource resource) : PageModel
    where TResource : SetupResource<TEntity, TInput, TDto>
    where TEntity : class, ISchoolOwned
    where TInput : class, new()
{
    [BindProperty]
    public TInput Input { get; set; } = new();

    /// <summary>The row being changed; null adds a new one.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    public IReadOnlyList<TDto> Items { get; private set; } = [];

    public bool CanWrite => resource.CanWrite;

    protected TResource Resource => resource;

    private bool IsStaff => resource.IsStaff;

    /// <summary>What the form's selects need (grading systems, bell schedules, staff…).</summary>
    protected virtual Task LoadOptionsAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!IsStaff) return Forbid();
        if (Id is int id)
        {
            if (!CanWrite) return Forbid();
            if (await resource.FindAsync(id, ct) is not { } row) return NotFound();
            Input = resource.ToInput(row);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (!IsStaff) return Forbid();
        var (file, sheet, headers, rows) = resource.Export(await resource.ListAsync(ct));
        return File(Xlsx.Write(sheet, headers, rows), Xlsx.ContentType, file);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (await UnreadableAsync(ct) is { } refused) return refused;
        var outcome = Id is int id ? await resource.UpdateAsync(id, Input, ct) : await resource.CreateAsync(Input, ct);
        return await AfterAsync(outcome.Problem, Id is null ? "Запись добавлена." : "Изменения сохранены.", ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int deleteId, CancellationToken ct)
    {
        Id = null;
        Input = new TInput();
        return await AfterAsync((await resource.DeleteAsync(deleteId, ct)).Problem, "Запись удалена.", ct);
    }

    /// <summary>Back to the list with a message, or the page again with the refusal (403 and 404 are their status).</summary>
    protected async Task<IActionResult> AfterAsync(Problem? problem, string done, CancellationToken ct)
    {
        if (problem is null)
        {
            TempData["Message"] = done;
            return RedirectToPage();
        }
        if (problem.Status == StatusCodes.Status403Forbidden) return Forbid();
        if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
        ModelState.AddModelError("", $"{problem.Title}. {problem.Detail}");
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>
    /// A number the form could not read (an empty field, «0.5» where the Russian form expects «0,5») would otherwise be
    /// saved as its default: the page is shown again with a message instead, and nothing is written.
    /// </summary>
    protected async Task<IActionResult?> UnreadableAsync(CancellationToken ct)
    {
        if (ModelState.IsValid) return null;
        if (!CanWrite) return Forbid();
        ModelState.AddModelError("", "Не удалось прочитать число в форме. Заполните числовые поля; дробную часть отделяйте запятой (например, 0,5).");
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await resource.ListAsync(ct);
        await LoadOptionsAsync(ct);
    }
}
