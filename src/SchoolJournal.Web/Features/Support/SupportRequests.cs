using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Support;

public sealed record SupportInput(string? Subject, string? Text, string? Page);

/// <summary>The administrator's change: a status («new», «in-progress», «resolved») and the answer; both required (null is not «erase»).</summary>
public sealed record SupportUpdate(string? Status, string? Answer);

public sealed record SupportRequestDto(int Id, string Author, string Subject, string Text, string? Page, string Status, string StatusTitle,
    string? Answer, string? AnsweredBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Mine);

/// <summary>
/// «Обращение в поддержку» (R-DOC-2). A person sends a subject and a text (and the page he was on); he sees his own requests with
/// their status and answer. The school's administrators (<see cref="AccessService.AnswersSupport"/>) see every request of the school,
/// take it into work and answer; each step is an audit event that names the request, not its text.
/// </summary>
public sealed class SupportRequests(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit, TimeProvider time)
{
    public const string Entity = "support-request";
    public const int SubjectMax = 200;
    public const int TextMax = 4000;
    public const int PageMax = 300;

    public static readonly Problem CannotAsk = new(StatusCodes.Status403Forbidden, "Обращение недоступно",
        "Обращение в поддержку отправляет пользователь школы после входа.");

    public static readonly Problem CannotAnswer = new(StatusCodes.Status403Forbidden, "Нет права отвечать на обращения",
        "На обращения отвечают системный администратор и директор школы.");

    public static readonly Problem NotFound = Problem.NotFound("Обращение не найдено");

    /// <summary>The person's own requests, newest first; for the administrators with <paramref name="all"/>, the school's, open ones first.</summary>
    public async Task<Outcome<IReadOnlyList<SupportRequestDto>>> ListAsync(bool all, SupportStatus? status, CancellationToken ct)
    {
        if (!access.AsksSupport) return CannotAsk;
        if (all && !access.AnswersSupport) return CannotAnswer;
        var me = user.Id!;
        var q = db.SupportRequests.AsNoTracking().Where(r => all || r.AuthorUserId == me);
        if (status is not null) q = q.Where(r => r.Status == status);
        var rows = await q.OrderBy(r => all && r.Status == SupportStatus.Resolved ? 1 : 0).ThenByDescending(r => r.Id)
            .Take(500).ToListAsync(ct);
        return Outcome<IReadOnlyList<SupportRequestDto>>.Ok([.. rows.Select(Dto)]);
    }

    public async Task<Outcome<SupportRequestDto>> GetAsync(int id, CancellationToken ct)
    {
        if (!access.AsksSupport) return CannotAsk;
        var row = await db.SupportRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        // Another person's request does not exist for whoever may not answer it.
        return row is null || (row.AuthorUserId != user.Id && !access.AnswersSupport) ? NotFound : Outcome<SupportRequestDto>.Ok(Dto(row));
    }

    public async Task<Outcome<SupportRequestDto>> SendAsync(SupportInput input, CancellationToken ct)
    {
        if (!access.AsksSupport) return CannotAsk;
        var subject = input.Subject?.Trim();
        var text = input.Text?.Trim();
        if (string.IsNullOrEmpty(subject))
            return Problem.BadRequest("Не указана тема", "Напишите коротко, о чём обращение: например, «Не вижу оценки сына».");
        if (string.IsNullOrEmpty(text)) return Problem.BadRequest("Не описана проблема", "Опишите, что вы делали и что пошло не так.");
        if (subject.Length > SubjectMax) return Problem.TooLong("Тема", SubjectMax);
        if (text.Length > TextMax) return Problem.TooLong("Текст обращения", TextMax);
        var page = PageOf(input.Page);
        var now = time.GetUtcNow();
        var row = new SupportRequest
        {
            SchoolId = user.SchoolId!.Value, AuthorUserId = user.Id!, AuthorName = user.DisplayName, Subject = subject, Text = text, Page = page,
            CreatedAt = now, UpdatedAt = now,
        };
        db.SupportRequests.Add(row);
        // The text stays out of the audit: it may tell of a child's health or a family's matters.
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SupportRequestSent, Entity, row.Id, null,
            new { status = row.Status.Code(), page }, ct: ct), ct);
        return Outcome<SupportRequestDto>.Ok(Dto(row));
    }

    public async Task<Outcome<SupportRequestDto>> UpdateAsync(int id, SupportUpdate input, CancellationToken ct)
    {
        if (!access.AnswersSupport) return access.AsksSupport ? CannotAnswer : CannotAsk;
        var row = await db.SupportRequests.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (row is null) return NotFound;
        if (SupportStatuses.Parse(input.Status) is not SupportStatus status)
            return Problem.BadRequest("Неизвестное состояние", "Состояние обращения — new (новое), in-progress (в работе) или resolved (решено).");
        var answer = string.IsNullOrWhiteSpace(input.Answer) ? null : input.Answer.Trim();
        if (answer is { Length: > TextMax }) return Problem.TooLong("Ответ", TextMax);
        if (status == SupportStatus.Resolved && answer is null)
            return Problem.BadRequest("Нет ответа", "Чтобы отметить обращение решённым, напишите ответ: его увидит автор обращения.");
        if (row.Status == status && row.Answer == answer) return Outcome<SupportRequestDto>.Ok(Dto(row));
        var before = new { status = row.Status.Code(), answered = row.Answer is not null };
        row.Status = status;
        if (answer != row.Answer)
        {
            row.Answer = answer;
            (row.AnsweredById, row.AnsweredByName) = answer is null ? (null, null) : (user.Id, user.DisplayName);
        }
        row.UpdatedAt = time.GetUtcNow();
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SupportRequestChanged, Entity, row.Id, before,
            new { status = row.Status.Code(), answered = row.Answer is not null }, ct: ct), ct);
        return Outcome<SupportRequestDto>.Ok(Dto(row));
    }

    /// <summary>The app's own path, without a query (it may hold a person's id); anything else is dropped.</summary>
    public static string? PageOf(string? page)
    {
        var path = page?.Trim().Split('?', '#')[0];
        if (string.IsNullOrEmpty(path) || !path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal)) return null;
        return path.Length > PageMax ? path[..PageMax] : path;
    }

    private SupportRequestDto Dto(SupportRequest r) => new(r.Id, r.AuthorName, r.Subject, r.Text, r.Page, r.Status.Code(),
        r.Status.ToRussian(), r.Answer, r.AnsweredByName, r.CreatedAt, r.UpdatedAt, r.AuthorUserId == user.Id);
}
