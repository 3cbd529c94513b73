using System.Text.RegularExpressions;

namespace SchoolJournal.Web.Features.Parents;

/// <summary>Pure rules of the parents' register: contacts (e-mail, phone, СНИЛС) and the scope of a consent.</summary>
public static partial class ParentRules
{
    public const int EmailMax = 200;
    public const int DocumentMax = 200;

    /// <summary>A contact as entered, checked and brought to its stored form; <see cref="Error"/> in Russian when refused.</summary>
    public sealed record Checked(string? Value, string? Error);

    /// <summary>An empty value clears the contact; otherwise «имя@домен.зона» without spaces.</summary>
    public static Checked Email(string? input)
    {
        var value = input?.Trim();
        if (string.IsNullOrEmpty(value)) return new(null, null);
        if (value.Length > EmailMax) return new(null, $"Адрес электронной почты — не длиннее {EmailMax} символов.");
        return EmailShape().IsMatch(value) ? new(value, null)
            : new(null, $"«{value}» не похоже на адрес электронной почты: нужен вид «имя@домен.ru».");
    }

    /// <summary>A Russian mobile or city number: +7 or 8 and ten digits; spaces, dashes and brackets allowed. Stored as +7XXXXXXXXXX.</summary>
    public static Checked Phone(string? input)
    {
        var value = input?.Trim();
        if (string.IsNullOrEmpty(value)) return new(null, null);
        if (!PhoneChars().IsMatch(value))
            return new(null, "Телефон: только цифры, пробелы, скобки, дефисы и «+» в начале, например +7 900 123-45-67.");
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        if (value.StartsWith("+7", StringComparison.Ordinal) && digits.Length == 11) return new("+" + digits, null);
        if (value.StartsWith('8') && digits.Length == 11) return new("+7" + digits[1..], null);
        return new(null, "Телефон: «+7» или «8» и десять цифр, например +7 900 123-45-67 или 8 (900) 123-45-67.");
    }

    /// <summary>Eleven digits (dashes and a space allowed) with a correct check number. Stored as «XXX-XXX-XXX YY».</summary>
    public static Checked Snils(string? input)
    {
        var value = input?.Trim();
        if (string.IsNullOrEmpty(value)) return new(null, null);
        if (!SnilsChars().IsMatch(value)) return new(null, "СНИЛС: 11 цифр, например 112-233-445 95.");
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        if (digits.Length != 11) return new(null, "СНИЛС: 11 цифр, например 112-233-445 95.");
        if (!SnilsChecksumValid(digits)) return new(null, "СНИЛС с ошибкой: контрольное число не сходится. Проверьте цифры по документу.");
        return new($"{digits[..3]}-{digits[3..6]}-{digits[6..9]} {digits[9..]}", null);
    }

    /// <summary>
    /// The check number of a СНИЛС (Пенсионный фонд): each of the first nine digits times its weight 9…1, summed;
    /// a sum under 100 is the check number itself, 100 and 101 give 00, a larger sum is taken modulo 101 (100 again
    /// gives 00). Numbers up to 001-001-998 were issued before the check number and are not checked.
    /// </summary>
    public static int SnilsCheckNumber(string nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (nineDigits[i] - '0') * (9 - i);
        if (sum < 100) return sum;
        if (sum is 100 or 101) return 0;
        var rest = sum % 101;
        return rest == 100 ? 0 : rest;
    }

    public static bool SnilsChecksumValid(string elevenDigits)
    {
        if (elevenDigits.Length != 11 || !elevenDigits.All(char.IsAsciiDigit)) return false;
        var number = elevenDigits[..9];
        if (int.Parse(number, CultureInfo.InvariantCulture) <= 1001998) return true;
        return SnilsCheckNumber(number) == int.Parse(elevenDigits[9..], CultureInfo.InvariantCulture);
    }

    /// <summary>Everything the register knows: a refusal without a scope refuses all of it.</summary>
    public const ConsentScope All = ConsentScope.Email | ConsentScope.Phone | ConsentScope.Snils | ConsentScope.Transfer;

    /// <summary>"email", "phone", "snils", "transfer" (or their Russian names) into a scope; null names an unknown item.</summary>
    public static (ConsentScope Scope, string? Unknown) ParseScope(IEnumerable<string?>? items)
    {
        var scope = ConsentScope.None;
        foreach (var raw in items ?? [])
        {
            var item = raw?.Trim().ToLowerInvariant();
            var one = item switch
            {
                "email" or "e-mail" or "почта" => ConsentScope.Email,
                "phone" or "телефон" => ConsentScope.Phone,
                "snils" or "снилс" => ConsentScope.Snils,
                "transfer" or "передача" => ConsentScope.Transfer,
                _ => (ConsentScope?)null,
            };
            if (one is null) return (scope, raw ?? "");
            scope |= one.Value;
        }
        return (scope, null);
    }

    public static IReadOnlyList<string> ScopeNames(ConsentScope scope) =>
        [.. new[] { (ConsentScope.Email, "email"), (ConsentScope.Phone, "phone"), (ConsentScope.Snils, "snils"),
            (ConsentScope.Transfer, "transfer") }
            .Where(x => scope.HasFlag(x.Item1)).Select(x => x.Item2)];

    /// <summary>«e-mail, телефон, СНИЛС, передача в регион и на Госуслуги» for pages.</summary>
    public static string ScopeText(ConsentScope scope)
    {
        var parts = new List<string>();
        if (scope.HasFlag(ConsentScope.Email)) parts.Add("e-mail");
        if (scope.HasFlag(ConsentScope.Phone)) parts.Add("телефон");
        if (scope.HasFlag(ConsentScope.Snils)) parts.Add("СНИЛС");
        if (scope.HasFlag(ConsentScope.Transfer)) parts.Add("передача в регион и на Госуслуги");
        return parts.Count == 0 ? "—" : string.Join(", ", parts);
    }

    public static string KindName(RepresentativeKind kind) => kind switch
    {
        RepresentativeKind.Mother => "мать",
        RepresentativeKind.Father => "отец",
        RepresentativeKind.Guardian => "опекун",
        RepresentativeKind.Trustee => "попечитель",
        _ => "законный представитель",
    };

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^\+?[0-9 ()\-]+$")]
    private static partial Regex PhoneChars();

    [GeneratedRegex(@"^[0-9 \-]+$")]
    private static partial Regex SnilsChars();
}
