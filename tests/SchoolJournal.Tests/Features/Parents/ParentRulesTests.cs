using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Parents;

namespace SchoolJournal.Tests.Features.Parents;

public sealed class ParentRulesTests
{
    [Theory]
    // 1×9 + 1×8 + 2×7 + 2×6 + 3×5 + 3×4 + 4×3 + 4×2 + 5×1 = 95: under 100, the check number itself
    [InlineData("112233445", 95)]
    // 9×9 + 1×8 + 1×7 + 0 + 0 + 1×4 + 0 + 0 + 0 = 100: gives 00
    [InlineData("911001000", 0)]
    // 9 × (9+8+…+1) = 405; 405 mod 101 = 1
    [InlineData("999999999", 1)]
    // 5 × 45 = 225; 225 mod 101 = 23
    [InlineData("555555555", 23)]
    public void The_snils_check_number_is_computed_by_the_pension_fund_rule(string nine, int expected) =>
        Assert.Equal(expected, ParentRules.SnilsCheckNumber(nine));

    [Fact]
    public void A_snils_with_a_wrong_check_number_is_refused_and_a_right_one_is_stored_formatted()
    {
        Assert.Equal("112-233-445 95", ParentRules.Snils("11223344595").Value);
        Assert.Equal("999-999-999 01", ParentRules.Snils("999-999-999 01").Value);
        Assert.Contains("контрольное число", ParentRules.Snils("112-233-445 96").Error);
        Assert.NotNull(ParentRules.Snils("112-233-445").Error);
        Assert.NotNull(ParentRules.Snils("112-233-445 9a").Error);
        // Numbers up to 001-001-998 predate the check number.
        Assert.True(ParentRules.SnilsChecksumValid("00100199812"));
        Assert.Equal(new ParentRules.Checked(null, null), ParentRules.Snils("  "));
    }

    [Theory]
    [InlineData("+7 900 123-45-67", "+79001234567")]
    [InlineData("8 (900) 123-45-67", "+79001234567")]
    [InlineData("89001234567", "+79001234567")]
    public void A_phone_is_plus_seven_or_eight_and_ten_digits(string input, string stored) =>
        Assert.Equal(stored, ParentRules.Phone(input).Value);

    [Theory]
    [InlineData("+7 900 123-45-6")]
    [InlineData("+1 900 123 45 67")]
    [InlineData("9001234567")]
    [InlineData("+7 900 12З-45-67")]
    public void Other_phones_are_refused(string input) => Assert.NotNull(ParentRules.Phone(input).Error);

    [Theory]
    [InlineData("orlova@example.ru", true)]
    [InlineData("orlova@example", false)]
    [InlineData("orlova example.ru", false)]
    [InlineData("@example.ru", false)]
    public void An_email_has_a_name_a_domain_and_a_zone(string input, bool ok) =>
        Assert.Equal(ok, ParentRules.Email(input).Error is null);

    [Fact]
    public void A_scope_reads_known_names_and_reports_an_unknown_one()
    {
        Assert.Equal((ConsentScope.Email | ConsentScope.Snils, (string?)null), ParentRules.ParseScope(["email", "СНИЛС"]));
        Assert.Equal("fax", ParentRules.ParseScope(["email", "fax"]).Unknown);
        Assert.Equal(["email", "phone"], ParentRules.ScopeNames(ConsentScope.Email | ConsentScope.Phone));
    }
}
