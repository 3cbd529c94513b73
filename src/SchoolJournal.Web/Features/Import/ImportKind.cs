namespace SchoolJournal.Web.Features.Import;

public sealed record ImportColumn(string Header, bool Required);

/// <summary>What can be imported: its code in the API, its name, its columns (the template's header) and the template's example rows.</summary>
public sealed record ImportKind(string Code, string Name, IReadOnlyList<ImportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Example)
{
    public IReadOnlyList<string> Headers => [.. Columns.Select(c => c.Header)];

    public const string LastName = "Фамилия";
    public const string FirstName = "Имя";
    public const string MiddleName = "Отчество";
    public const string BirthDate = "Дата рождения";
    public const string Snils = "СНИЛС";
    public const string Class = "Класс";
    public const string Gender = "Пол";
    public const string Enrolled = "Дата зачисления";
    public const string Phone = "Телефон";
    public const string Email = "Электронная почта";
    public const string Kinship = "Кем приходится";
    public const string ChildLastName = "Фамилия ребёнка";
    public const string ChildFirstName = "Имя ребёнка";
    public const string ChildMiddleName = "Отчество ребёнка";
    public const string ChildBirthDate = "Дата рождения ребёнка";
    public const string Shift = "Смена";
    public const string Days = "Дней в неделе";
    public const string Position = "Должность";
    public const string Rate = "Ставка";
    public const string HiredOn = "Дата приёма";

    private static ImportColumn R(string h) => new(h, true);
    private static ImportColumn O(string h) => new(h, false);

    public static readonly ImportKind Classes = new("classes", "Классы", [R(Class), O(Shift), O(Days)],
    [
        ["5А", 1, 5],
        ["5Б", 1, 5],
        ["10А", 1, 6],
    ]);

    public static readonly ImportKind Students = new("students", "Ученики",
        [R(LastName), R(FirstName), O(MiddleName), R(BirthDate), R(Gender), R(Class), O(Snils), O(Enrolled)],
    [
        ["Иванов", "Пётр", "Сергеевич", "14.03.2015", "м", "5А", "112-233-445 95", ""],
        ["Смирнова", "Анна", "Олеговна", "02.11.2014", "ж", "5А", "", ""],
    ]);

    public static readonly ImportKind Parents = new("parents", "Родители",
        [R(LastName), R(FirstName), O(MiddleName), O(Snils), O(Phone), O(Email), O(Kinship), R(ChildLastName), R(ChildFirstName),
            O(ChildMiddleName), R(ChildBirthDate)],
    [
        ["Иванова", "Елена", "Викторовна", "", "+7 912 345-67-89", "ivanova@example.ru", "мать", "Иванов", "Пётр", "Сергеевич", "14.03.2015"],
        ["Иванова", "Елена", "Викторовна", "", "+7 912 345-67-89", "ivanova@example.ru", "мать", "Иванова", "Мария", "Сергеевна",
            "20.05.2018"],
    ]);

    public static readonly ImportKind Staff = new("staff", "Сотрудники",
        [R(LastName), R(FirstName), O(MiddleName), R(Position), O(Rate), O(Snils), O(Phone), O(Email), O(HiredOn)],
    [
        ["Петрова", "Ольга", "Николаевна", "учитель математики", "1", "", "+7 900 111-22-33", "petrova@school.ru", "01.09.2010"],
        ["Сидоров", "Игорь", "Павлович", "заместитель директора по УВР", "1", "", "", "", "15.08.2018"],
    ]);

    public static readonly IReadOnlyList<ImportKind> All = [Students, Parents, Classes, Staff];

    public static ImportKind? Find(string? code) => All.FirstOrDefault(k => string.Equals(k.Code, code, StringComparison.OrdinalIgnoreCase));
}
