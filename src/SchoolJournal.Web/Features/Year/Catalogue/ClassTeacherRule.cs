namespace SchoolJournal.Web.Features.Year.Catalogue;

/// <summary>
/// Replacing a class teacher (R-YEAR-5): the links of a class are spans of dates that never overlap. A new teacher from a
/// date ends the open link the day before; a link that would start and end on the same day's eve (the old one began on
/// that very date) is removed instead. The past is not rewritten: a date inside or before a closed link is refused.
/// </summary>
public static class ClassTeacherRule
{
    public sealed record Link(int Id, int StaffMemberId, DateOnly From, DateOnly? To);

    /// <summary>What to do: end <see cref="End"/> on <see cref="EndOn"/>, drop <see cref="Remove"/>, add a link for the new teacher.</summary>
    public sealed record Plan(Link? End, DateOnly? EndOn, Link? Remove, bool Add, string? Error)
    {
        public bool Unchanged => Error is null && End is null && Remove is null && !Add;
    }

    public static Plan Replace(IReadOnlyList<Link> links, int? staffMemberId, DateOnly from)
    {
        var open = links.FirstOrDefault(l => l.To is null);
        if (links.FirstOrDefault(l => l != open && l.To >= from) is { } closed)
            return Refused(
                $"с {closed.From:dd.MM.yyyy} по {closed.To:dd.MM.yyyy} у класса был другой классный руководитель: новое назначение должно " +
                    $"начинаться позже {closed.To:dd.MM.yyyy}.");
        if (open is not null && open.From > from)
            return Refused($"нынешний классный руководитель назначен с {open.From:dd.MM.yyyy}: новое назначение не может начинаться раньше.");
        if (open is not null && open.StaffMemberId == staffMemberId) return new(null, null, null, false, null);
        var add = staffMemberId is not null;
        if (open is null) return new(null, null, null, add, null);
        return open.From == from
            ? new(null, null, open, add, null)
            : new(open, from.AddDays(-1), null, add, null);
    }

    private static Plan Refused(string why) => new(null, null, null, false, "Нельзя назначить с этой даты: " + why);
}
