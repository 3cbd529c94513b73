using System.Text;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>
/// The one rule for login names (R-SEC-3, docs/guides/admin.md «Логины»): the surname and the initials of the first name and
/// patronymic, transliterated letter by letter by the table below (close to the passport transliteration, ICAO Doc 9303 /
/// ГОСТ Р 52535.1-2006, with й → y, ю → yu, я → ya, ц → ts), lower case, surname and initials joined by a dot:
/// Смирнова Анна Викторовна → smirnova.av. A login taken anywhere in the deployment gets the smallest free number from 2:
/// smirnova.av2, smirnova.av3… Hyphens in a double surname stay; other characters are dropped.
/// </summary>
public static class LoginNames
{
    private static readonly Dictionary<char, string> Latin = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "e", ['ж'] = "zh",
        ['з'] = "z", ['и'] = "i", ['й'] = "y", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n", ['о'] = "o",
        ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts",
        ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch", ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu", ['я'] = "ya",
    };

    /// <summary>Latin letters for a Russian text; ASCII letters and digits stay, hyphens stay when asked, the rest is dropped.</summary>
    public static string Transliterate(string text, bool keepHyphens = false)
    {
        var sb = new StringBuilder();
        foreach (var ch in text.ToLowerInvariant())
            sb.Append(Latin.TryGetValue(ch, out var s) ? s : char.IsAsciiLetterOrDigit(ch) || (keepHyphens && ch == '-') ? ch.ToString() : "");
        return sb.ToString();
    }

    /// <summary>The login before uniqueness: smirnova.av for Смирнова Анна Викторовна.</summary>
    public static string Base(string last, string first, string? middle)
    {
        var surname = Transliterate(last.Trim(), keepHyphens: true).Trim('-');
        var initials = Initial(first) + Initial(middle);
        if (surname.Length == 0) surname = "user";
        return initials.Length == 0 ? surname : surname + "." + initials;
    }

    private static string Initial(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "" : Transliterate(name.Trim()[..1]) is { Length: > 0 } t ? t : "";

    /// <summary>The base, or the base with the smallest number from 2 that <paramref name="taken"/> does not hold.</summary>
    public static string Unique(string baseLogin, Func<string, bool> taken)
    {
        var login = baseLogin;
        for (var i = 2; taken(login); i++) login = baseLogin + i;
        return login;
    }
}
