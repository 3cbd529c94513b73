using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Notifications;

/// <summary>
/// A parent's notification preferences (R-DIARY-3): read and saved by the API and by the page «Уведомления».
/// Only a parent has them; bad input changes nothing.
/// </summary>
public sealed class Preferences(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>What may be changed; a missing field keeps its value.</summary>
    public sealed record Input(string? Channels, string? Mode, string? DigestAt, string[]? Kinds, string? QuietFrom, string? QuietTo);

    /// <summary>The preferences and what the parent should know about them: consent and (masked) addresses.</summary>
    /// <param name="WeeklyAt">When the school sends the weekly digest, e.g. «пятница, 18:00» (the school's setting).</param>
    public sealed record Dto(string Channels, string Mode, string DigestAt, string[] Kinds, string QuietFrom, string QuietTo,
        bool EmailConsent, bool PhoneConsent, string? Email, string? Phone, string WeeklyAt);

    public sealed record Result(IResult? Problem, Dto? Preferences);

    public static readonly (string Code, NotificationKinds Flag, string Title)[] KindNames =
    [
        ("mark", NotificationKinds.Mark, "Новые и изменённые оценки"),
        ("absence", NotificationKinds.Absence, "Пропуски и опоздания"),
        ("lesson", NotificationKinds.LessonChanged, "Замены, переносы и отмены уроков"),
        ("homework", NotificationKinds.Homework, "Домашние задания"),
        ("message", NotificationKinds.Message, "Сообщения учителей"),
        ("period-grade", NotificationKinds.PeriodGrade, "Отметки за четверть и год"),
    ];

    public static IResult NotAParent() => ApiProblem.Forbidden("Настройки уведомлений — только для родителей",
        "Уведомления об оценках, пропусках и заданиях настраивают родители (законные представители) учеников.");

    public async Task<Result> GetAsync(CancellationToken ct)
    {
        if (await access.OwnParentIdAsync(ct) is not int parentId) return new(NotAParent(), null);
        var pref = await db.NotificationPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.ParentId == parentId, ct);
        return new(null, await DtoAsync(parentId, pref ?? NotificationPreference.Default(0, parentId), ct));
    }

    public async Task<Result> SaveAsync(Input input, CancellationToken ct)
    {
        if (await access.OwnParentIdAsync(ct) is not int parentId) return new(NotAParent(), null);
        var row = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.ParentId == parentId, ct);
        var current = row ?? NotificationPreference.Default(user.SchoolId!.Value, parentId);

        DeliveryChannels channels = current.Channels;
        if (input.Channels is not null)
        {
            if (ParseChannels(input.Channels) is not { } c)
                return Bad("Неизвестный способ доставки", $"Способа «{input.Channels}» нет. Допустимые: email, sms, both (оба), none (не сообщать).");
            channels = c;
        }
        var mode = current.Mode;
        if (input.Mode is not null)
        {
            if (ParseMode(input.Mode) is not { } m)
                return Bad("Неизвестный режим", $"Режима «{input.Mode}» нет. Допустимые: immediate (сразу), "
                    + "digest (сводка раз в день), weekly (сводка раз в неделю).");
            mode = m;
        }
        var kinds = current.Kinds;
        if (input.Kinds is not null)
        {
            kinds = NotificationKinds.None;
            foreach (var code in input.Kinds)
            {
                var known = KindNames.FirstOrDefault(k => string.Equals(k.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (known.Code is null)
                    return Bad("Неизвестный вид уведомлений", $"Вида «{code}» нет. Допустимые: {string.Join(", ", KindNames.Select(k => k.Code))}.");
                kinds |= known.Flag;
            }
        }
        if (!TryTime(input.DigestAt, current.DigestAt, out var digestAt))
            return Bad("Неверное время сводки", $"Время «{input.DigestAt}» не понято: укажите часы и минуты, например 19:00.");
        if (!TryTime(input.QuietFrom, current.QuietFrom, out var quietFrom) || !TryTime(input.QuietTo, current.QuietTo, out var quietTo))
            return Bad("Неверное время тихих часов", "Начало и конец тихих часов — часы и минуты, например 21:00 и 08:00.");

        var before = Snapshot(current);
        current.Channels = channels;
        current.Mode = mode;
        current.Kinds = kinds;
        current.DigestAt = digestAt;
        current.QuietFrom = quietFrom;
        current.QuietTo = quietTo;
        current.UpdatedAt = time.GetUtcNow();
        if (row is null) db.NotificationPreferences.Add(current);
        await audit.SaveAuditedAsync(db, async () => await audit.RecordAsync(AuditEventType.NotificationPreferencesChanged,
            "notification-preference", parentId, row is null ? null : before, Snapshot(current), ct: ct), ct);
        return new(null, await DtoAsync(parentId, current, ct));
    }

    private static Result Bad(string title, string detail) => new(ApiProblem.BadRequest(title, detail), null);

    private static object Snapshot(NotificationPreference p) => new
    {
        channels = ChannelsName(p.Channels), mode = ModeName(p.Mode), kinds = KindCodes(p.Kinds),
        digestAt = Time(p.DigestAt), quietFrom = Time(p.QuietFrom), quietTo = Time(p.QuietTo),
    };

    private async Task<Dto> DtoAsync(int parentId, NotificationPreference p, CancellationToken ct)
    {
        var parent = await db.Parents.AsNoTracking().Where(x => x.Id == parentId).Select(x => new { x.Email, x.Phone }).FirstAsync(ct);
        var consent = (await NotificationPlanner.LatestConsentsAsync(db, [parentId], ct)).GetValueOrDefault(parentId);
        var weekly = await db.Schools.AsNoTracking().Where(s => s.Id == user.SchoolId)
            .Select(s => new { s.WeeklyDigestDay, s.WeeklyDigestAt }).FirstOrDefaultAsync(ct);
        var ru = CultureInfo.GetCultureInfo("ru-RU");
        var weeklyAt = $"{ru.DateTimeFormat.GetDayName(weekly?.WeeklyDigestDay ?? School.DefaultWeeklyDigestDay)}, "
            + Time(weekly?.WeeklyDigestAt ?? School.DefaultWeeklyDigestAt);
        return new Dto(ChannelsName(p.Channels), ModeName(p.Mode), Time(p.DigestAt), KindCodes(p.Kinds), Time(p.QuietFrom), Time(p.QuietTo),
            consent is { Given: true } && consent.Scope.HasFlag(ConsentScope.Email),
            consent is { Given: true } && consent.Scope.HasFlag(ConsentScope.Phone),
            MaskEmail(parent.Email), MaskPhone(parent.Phone), weeklyAt);
    }

    public static string ChannelsName(DeliveryChannels c) => c switch
    {
        DeliveryChannels.Email => "email",
        DeliveryChannels.Sms => "sms",
        DeliveryChannels.Both => "both",
        _ => "none",
    };

    public static DeliveryChannels? ParseChannels(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "email" or "e-mail" => DeliveryChannels.Email,
        "sms" => DeliveryChannels.Sms,
        "both" => DeliveryChannels.Both,
        "none" => DeliveryChannels.None,
        _ => null,
    };

    public static string ModeName(DeliveryMode m) => m switch
    {
        DeliveryMode.DailyDigest => "digest",
        DeliveryMode.WeeklyDigest => "weekly",
        _ => "immediate",
    };

    public static DeliveryMode? ParseMode(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "immediate" => DeliveryMode.Immediate,
        "digest" => DeliveryMode.DailyDigest,
        "weekly" => DeliveryMode.WeeklyDigest,
        _ => null,
    };

    public static string[] KindCodes(NotificationKinds kinds) => [.. KindNames.Where(k => kinds.HasFlag(k.Flag)).Select(k => k.Code)];

    public static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static bool TryTime(string? text, TimeOnly current, out TimeOnly value)
    {
        value = current;
        if (text is null) return true;
        return TimeOnly.TryParseExact(text.Trim(), ["H:mm", "HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>«i***@mail.ru»: enough for the parent to recognise his address, not enough to read it off a screen.</summary>
    public static string? MaskEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var at = email.IndexOf('@');
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }

    /// <summary>«*** **-67»: the last two digits only.</summary>
    public static string? MaskPhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string([.. phone.Where(char.IsDigit)]);
        return digits.Length < 2 ? "***" : $"*** ***-**-{digits[^2..]}";
    }
}
