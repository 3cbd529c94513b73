using System.Security.Cryptography;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>
/// A one-time initial password (R-SEC-3): random, and readable off a paper slip — no 0/O, 1/l/I look-alikes — with a
/// digit and a lower-case letter, as the password policy asks. Never logged and never stored: Identity keeps its hash.
/// </summary>
public static class InitialPassword
{
    public const string Lower = "abcdefghjkmnpqrstuvwxyz";
    public const string Upper = "ABCDEFGHJKMNPQRSTUVWXYZ";
    public const string Digits = "23456789";
    public const int Length = 10;

    /// <summary>A password of <see cref="Length"/> characters, or of the school's minimum when that is longer.</summary>
    public static string New(int schoolMinimum = 0)
    {
        const string all = Lower + Upper + Digits;
        var chars = Enumerable.Range(0, Math.Max(Length, schoolMinimum) - 2).Select(_ => all[RandomNumberGenerator.GetInt32(all.Length)]).ToList();
        chars.Insert(RandomNumberGenerator.GetInt32(chars.Count + 1), Lower[RandomNumberGenerator.GetInt32(Lower.Length)]);
        chars.Insert(RandomNumberGenerator.GetInt32(chars.Count + 1), Digits[RandomNumberGenerator.GetInt32(Digits.Length)]);
        return new string([.. chars]);
    }
}
