using System.Text.Json;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Audit;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// The history of one journal record (a cell's mark, a period grade…): the audit events GET /api/v1/audit returns,
/// with each change as «field: before → after» in words.
/// </summary>
public sealed class HistoryModel(AuditApi.AuditHistory history, JournalDbContext db, CurrentUser user) : PageModel
{
    public sealed record Change(string Field, string? Before, string? After);
    public sealed record Entry(DateTimeOffset At, string Actor, string Title, IReadOnlyList<Change> Changes, string? Reason);

    public string Entity { get; private set; } = "";
    public IReadOnlyList<Entry> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? entity, string? id, CancellationToken ct)
    {
        var outcome = await history.ReadAsync(entity, id, ct);
        if (outcome.Problem is { } problem) return StatusCode(problem.Status);
        Entity = entity!;
        // Times as the school's clock shows them, not the server's UTC.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await db.Schools.Where(s => s.Id == user.SchoolId).Select(s => s.TimeZone).FirstAsync(ct));
        Entries = [.. outcome.Value!.Select(e =>
            new Entry(TimeZoneInfo.ConvertTime(e.At, zone), e.Actor, e.Title, Changes(e.Before, e.After), e.Reason))];
        return Page();
    }

    /// <summary>The fields that differ between before and after; ids that only link records are left out.</summary>
    public static IReadOnlyList<Change> Changes(JsonElement? before, JsonElement? after)
    {
        var b = Fields(before);
        var a = Fields(after);
        return [.. b.Keys.Union(a.Keys)
            .Where(k => FieldNames.ContainsKey(k) && b.GetValueOrDefault(k) != a.GetValueOrDefault(k))
            .Select(k => new Change(FieldNames[k], b.GetValueOrDefault(k), a.GetValueOrDefault(k)))];
    }

    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["value"] = "Отметка", ["workType"] = "Вид работы", ["comment"] = "Комментарий", ["code"] = "Посещаемость",
        ["lateMinutes"] = "Опоздание, мин", ["topic"] = "Тема", ["homework"] = "Домашнее задание", ["text"] = "Текст",
        ["kind"] = "Вид", ["deferred"] = "Отсрочка", ["deferredUntil"] = "Отсрочка до", ["locked"] = "Период закрыт",
        ["makeUp"] = "Отработка",
    };

    private static Dictionary<string, string?> Fields(JsonElement? json) =>
        json is { ValueKind: JsonValueKind.Object } o
            ? o.EnumerateObject().ToDictionary(p => p.Name, p => Text(p.Value), StringComparer.OrdinalIgnoreCase)
            : new(StringComparer.OrdinalIgnoreCase);

    private static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "да",
        JsonValueKind.False => "нет",
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        _ => v.GetRawText(),
    };

    public static string When(DateTimeOffset at) => at.ToString("dd.MM.yyyy HH:mm", CultureInfo.GetCultureInfo("ru-RU"));
}
