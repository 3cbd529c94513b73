using SchoolJournal.Web.Features.Accounts;

namespace SchoolJournal.Tests.Features.Accounts;

public sealed class LoginNamesTests
{
    [Theory]
    [InlineData("Смирнова", "Анна", "Викторовна", "smirnova.av")]
    [InlineData("Щукин", "Юрий", "Ярославович", "shchukin.yuya")]
    [InlineData("Хохлова", "Юлия", "Юрьевна", "khokhlova.yuyu")]
    [InlineData("Цой", "Эльвира", null, "tsoy.e")]
    [InlineData("Римский-Корсаков", "Николай", "Андреевич", "rimskiy-korsakov.na")]
    [InlineData("Ёлкин", "Жанна", "Шамилевна", "elkin.zhsh")]
    [InlineData("Подъячев", "Ульяна", "", "podyachev.u")]
    public void A_login_is_the_transliterated_surname_and_initials(string last, string first, string? middle, string login) =>
        Assert.Equal(login, LoginNames.Base(last, first, middle));

    [Fact]
    public void A_taken_login_gets_the_smallest_free_number_from_two()
    {
        var taken = new HashSet<string> { "orlov.ai", "orlov.ai2", "orlov.ai4" };

        Assert.Equal("orlov.ai3", LoginNames.Unique("orlov.ai", taken.Contains));
        Assert.Equal("belov.pi", LoginNames.Unique("belov.pi", taken.Contains));
    }

    [Fact]
    public void An_initial_password_is_ten_readable_characters_with_a_digit_and_a_lower_case_letter()
    {
        var passwords = Enumerable.Range(0, 500).Select(_ => InitialPassword.New()).ToList();

        Assert.All(passwords, p => Assert.Matches("^[a-km-np-zA-HJ-NP-Z2-9]{10}$", p));
        Assert.All(passwords, p => Assert.Contains(p, char.IsAsciiDigit));
        Assert.All(passwords, p => Assert.Contains(p, char.IsAsciiLetterLower));
        Assert.All(passwords, p => Assert.DoesNotContain(p, c => "0O1lIio".Contains(c)));
        Assert.Equal(500, passwords.Distinct().Count());
    }
}
