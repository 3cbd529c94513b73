namespace SchoolJournal.Web.Features.Import;

/// <summary>СНИЛС: 11 digits, the last two a checksum of the first nine (weights 9…1, modulo 101, 100 → 00).</summary>
public static class Snils
{
    /// <summary>The number written as «123-456-789 64», or null when it is not 11 digits or its checksum is wrong.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var digits = new string(text.Where(char.IsDigit).ToArray());
        if (digits.Length != 11 || text.Any(c => !char.IsDigit(c) && c is not (' ' or '-'))) return null;
        if (!IsValid(digits)) return null;
        return $"{digits[..3]}-{digits[3..6]}-{digits[6..9]} {digits[9..]}";
    }

    public static bool IsValid(string digits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (digits[i] - '0') * (9 - i);
        var check = sum < 100 ? sum : sum is 100 or 101 ? 0 : sum % 101 == 100 ? 0 : sum % 101;
        return check == int.Parse(digits[9..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
