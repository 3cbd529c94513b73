using SchoolJournal.Web.Domain;

namespace SchoolJournal.Tests.Domain;

public sealed class PersonNameTests
{
    [Theory]
    [InlineData("Орлов", "Артём", "Игоревич", "Орлов Артём Игоревич")]
    [InlineData("Орлов", "Артём", null, "Орлов Артём")]
    [InlineData("Орлов", "Артём", " ", "Орлов Артём")]
    public void Full_name_is_last_first_middle_without_a_missing_patronymic(string last, string first, string? middle, string expected) =>
        Assert.Equal(expected, PersonName.Full(last, first, middle));

    [Theory]
    [InlineData("Смирнова", "Анна", "Викторовна", "Смирнова А. В.")]
    [InlineData("Смирнова", "Анна", null, "Смирнова А.")]
    public void Short_name_keeps_initials(string last, string first, string? middle, string expected) =>
        Assert.Equal(expected, PersonName.Short(last, first, middle));
}
