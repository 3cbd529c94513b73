using System.Globalization;
using System.Text.RegularExpressions;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Year.Groups;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Import;

public enum RowAction
{
    Create = 1,
    Change = 2,
    Same = 3,
}

/// <summary>A row of the preview: what the confirm will do with it, in Russian.</summary>
public sealed record ImportRowView(int Row, string Action, string Text, string? Detail);

/// <summary>One planned row; <see cref="Apply"/> writes it (on confirm only).</summary>
public sealed record PlannedRow(int Line, RowAction Action, string Text, string? Detail, Func<ImportWriter, Task>? Apply)
{
    public ImportRowView View => new(Line, Action switch { RowAction.Create => "create", RowAction.Change => "change", _ => "same" }, Text, Detail);
}

/// <summary>
/// The file's rows checked against the school as it is now: every problem by row and column, and for good rows what the
/// confirm will create, change or leave alone. People are matched by СНИЛС where the file gives it, else by surname, name,
/// patronymic and birth date (a parent: by name and the child he is already linked to; staff: by name). The same plan is
/// made again on confirm from the stored file, so the confirm never trusts what the browser sends back.
/// </summary>
public sealed partial class ImportPlan(JournalDbContext db, TimeProvider time, CurrentUser user)
{
    public const int NameMax = 100;

    public sealed record Result(List<PlannedRow> Rows, List<ImportProblem> Problems);

    public async Task<Result> MakeAsync(ImportKind kind, List<ImportRow> rows, CancellationToken ct)
    {
        var problems = new List<ImportProblem>();
        var planned = kind.Code switch
        {
            "classes" => await ClassesAsync(rows, problems, ct),
            "students" => await StudentsAsync(rows, problems, ct),
            "parents" => await ParentsAsync(rows, problems, ct),
            _ => await StaffAsync(rows, problems, ct),
        };
        return new Result(planned, problems);
    }

    // ---- classes ----

    private async Task<List<PlannedRow>> ClassesAsync(List<ImportRow> rows, List<ImportProblem> problems, CancellationToken ct)
    {
        var year = await YearAsync(rows, problems, ct);
        if (year is null) return [];
        var classes = await db.SchoolClasses.Where(c => c.AcademicYearId == year.Id).ToListAsync(ct);
        var bells = await db.BellSchedules.AsNoTracking().OrderBy(b => b.Id).Select(b => new { b.Id, b.Shift }).ToListAsync(ct);
        var seen = new Dictionary<string, int>();
        var result = new List<PlannedRow>();
        foreach (var row in rows)
        {
            var bad = new List<ImportProblem>();
            var name = ClassOf(row, ImportKind.Class, bad);
            var shift = Number(row, ImportKind.Shift, 1, [1, 2], bad);
            var days = Number(row, ImportKind.Days, 5, [5, 6], bad);
            if (name is not null && seen.TryGetValue(name.ToString(), out var first))
                bad.Add(new(row.Line, ImportKind.Class, $"класс {name} уже есть в строке {first} этого файла."));
            if (Stop(bad, problems)) continue;
            seen[name!.ToString()] = row.Line;
            var existing = classes.FirstOrDefault(c => c.Grade == name.Grade && c.Letter == name.Letter);
            if (existing is null)
            {
                var bell = bells.FirstOrDefault(b => b.Shift == shift)?.Id ?? bells.FirstOrDefault()?.Id;
                result.Add(new(row.Line, RowAction.Create, $"Класс {name}", $"смена {shift}, {days}-дневная неделя", w =>
                {
                    w.Add(new SchoolClass
                    {
                        SchoolId = w.SchoolId, AcademicYearId = year.Id, Grade = name.Grade, Letter = name.Letter, Shift = shift,
                        DaysPerWeek = days, BellScheduleId = bell,
                    });
                    return Task.CompletedTask;
                }));
                continue;
            }
            result.Add(Compare(row.Line, $"Класс {name}", existing, [(nameof(SchoolClass.Shift), shift), (nameof(SchoolClass.DaysPerWeek), days)]));
        }
        return result;
    }

    // ---- students ----

    private async Task<List<PlannedRow>> StudentsAsync(List<ImportRow> rows, List<ImportProblem> problems, CancellationToken ct)
    {
        var year = await YearAsync(rows, problems, ct);
        if (year is null) return [];
        var today = await SchoolCalendar.TodayAsync(db, user.SchoolId, time, ct);
        var classes = await db.SchoolClasses.AsNoTracking().Where(c => c.AcademicYearId == year.Id).ToListAsync(ct);
        var groups = (await db.GroupClasses.AsNoTracking()
                .Join(db.TeachingGroups.Where(g => g.Kind == GroupKind.WholeClass && g.AcademicYearId == year.Id),
                    c => c.TeachingGroupId, g => g.Id, (c, g) => new { c.SchoolClassId, GroupId = g.Id })
                .OrderBy(x => x.GroupId).ToListAsync(ct))
            .ToLookup(x => x.SchoolClassId, x => x.GroupId);
        var students = await db.Students.ToListAsync(ct);
        var studentsByKey = students.ToLookup(s => Key(s.LastName, s.FirstName, s.MiddleName, s.BirthDate));
        var studentsBySnils = students.Where(s => s.Snils is not null).ToLookup(s => s.Snils!);
        var current = (await db.Enrolments.AsNoTracking().Where(e => e.To == null).OrderBy(e => e.From).ThenBy(e => e.Id)
                .Select(e => new { e.StudentId, e.SchoolClassId, e.SchoolClass!.Grade, e.SchoolClass.Letter }).ToListAsync(ct))
            .GroupBy(e => e.StudentId).ToDictionary(g => g.Key, g => g.Last());
        var seen = new Dictionary<string, int>();
        var result = new List<PlannedRow>();
        foreach (var row in rows)
        {
            var bad = new List<ImportProblem>();
            var (last, first, middle) = Names(row, bad);
            var birth = DateCell(row, ImportKind.BirthDate, required: true, bad);
            if (birth is { } b && (b >= today || b.Year < 1900))
                bad.Add(new(row.Line, ImportKind.BirthDate, $"«{row[ImportKind.BirthDate]}» — дата рождения должна быть в прошлом."));
            var gender = StudentMovement.ParseGender(row[ImportKind.Gender]);
            if (gender is null)
                bad.Add(new(row.Line, ImportKind.Gender, row[ImportKind.Gender] is null ? "не указан пол: «м» или «ж»."
                    : $"«{row[ImportKind.Gender]}» — пол пишется «м» или «ж»."));
            var name = ClassOf(row, ImportKind.Class, bad);
            var cls = name is null ? null : classes.FirstOrDefault(c => c.Grade == name.Grade && c.Letter == name.Letter);
            if (name is not null && cls is null)
                bad.Add(new(row.Line, ImportKind.Class,
                    $"класса {name} нет в текущем учебном году. Добавьте его (импорт классов или страница «Классы») и загрузите файл снова."));
            var snils = SnilsCell(row, bad);
            var enrolled = DateCell(row, ImportKind.Enrolled, required: false, bad) ?? year.Start;
            if (enrolled < year.Start || enrolled > year.End)
                bad.Add(new(row.Line, ImportKind.Enrolled,
                    $"дата зачисления должна быть в текущем учебном году ({year.Start:dd.MM.yyyy}–{year.End:dd.MM.yyyy})."));
            // The same child twice, whether a row gives his СНИЛС or not.
            var keys = new[] { snils, Key(last, first, middle, birth) }.OfType<string>().ToList();
            if (last is not null && first is not null && birth is not null && keys.FirstOrDefault(seen.ContainsKey) is { } twice)
                bad.Add(new(row.Line, null, $"ученик {PersonName.Full(last, first, middle)} уже есть в строке {seen[twice]} этого файла."));
            if (Stop(bad, problems)) continue;
            foreach (var k in keys) seen[k] = row.Line;
            var full = PersonName.Full(last!, first!, middle);
            var bySnils = snils is null ? [] : studentsBySnils[snils].ToList();
            var byName = studentsByKey[Key(last, first, middle, birth)].ToList();
            var match = bySnils.Count == 1 ? bySnils[0] : byName.Count == 1 ? byName[0] : null;
            if (bySnils.Count == 0 && byName.Count > 1)
            {
                problems.Add(new(row.Line, null, $"в школе уже {byName.Count} ученика с такими ФИО и датой рождения ({full}): укажите СНИЛС."));
                continue;
            }
            if (match is { Snils: { } had } && snils is not null && had != snils)
            {
                problems.Add(new(row.Line, ImportKind.Snils, $"в школе уже есть ученик {full} с той же датой рождения и другим СНИЛС ({had})."));
                continue;
            }
            if (match is null)
            {
                result.Add(new(row.Line, RowAction.Create, full, $"{cls!.Name}, родился {birth:dd.MM.yyyy}", w =>
                {
                    var s = new Student
                    {
                        SchoolId = w.SchoolId, LastName = last!, FirstName = first!, MiddleName = middle, BirthDate = birth!.Value,
                        Gender = gender!.Value, Snils = snils,
                    };
                    s.Enrolments.Add(new Enrolment
                    {
                        SchoolId = w.SchoolId, SchoolClassId = cls.Id, From = enrolled, Reason = EnrolmentReason.Arrival, Order = "Импорт из таблицы",
                    });
                    w.Add(s, cls.Id, enrolled, [.. groups[cls.Id]]);
                    return Task.CompletedTask;
                }));
                continue;
            }
            if (!current.TryGetValue(match.Id, out var now))
            {
                problems.Add(new(row.Line, null, $"ученик {full} выбыл из школы: его возвращение оформляется в «Движении обучающихся»."));
                continue;
            }
            if (now.SchoolClassId != cls!.Id)
            {
                problems.Add(new(row.Line, ImportKind.Class, $"ученик {full} уже учится в классе {now.Grade}{now.Letter}; перевод в {cls.Name} " +
                    "оформляется в «Движении обучающихся»."));
                continue;
            }
            result.Add(Compare(row.Line, full, match, [(nameof(Student.LastName), last), (nameof(Student.FirstName), first),
                (nameof(Student.MiddleName), middle), (nameof(Student.BirthDate), birth), (nameof(Student.Gender), gender),
                (nameof(Student.Snils), snils)]));
        }
        return result;
    }

    // ---- parents ----

    private sealed class ParentGroup
    {
        public Parent? Existing;
        public Parent? Created;
        public bool Planned;
        public bool Compared;
    }

    private async Task<List<PlannedRow>> ParentsAsync(List<ImportRow> rows, List<ImportProblem> problems, CancellationToken ct)
    {
        var students = await db.Students.AsNoTracking().Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName, s.BirthDate })
            .ToListAsync(ct);
        var parents = await db.Parents.ToListAsync(ct);
        var links = (await db.StudentParents.AsNoTracking().Select(l => new { l.StudentId, l.ParentId }).ToListAsync(ct))
            .Select(l => (l.ParentId, l.StudentId)).ToHashSet();
        var studentsByKey = students.ToLookup(s => Key(s.LastName, s.FirstName, s.MiddleName, s.BirthDate));
        var parentsByKey = parents.ToLookup(p => Key(p.LastName, p.FirstName, p.MiddleName, null));
        var parentsBySnils = parents.Where(p => p.Snils is not null).ToLookup(p => p.Snils!);
        var groups = new Dictionary<string, ParentGroup>();
        var seen = new Dictionary<(string, int), int>();
        var result = new List<PlannedRow>();
        foreach (var row in rows)
        {
            var bad = new List<ImportProblem>();
            var (last, first, middle) = Names(row, bad);
            var snils = SnilsCell(row, bad);
            var phone = Contact(row, ImportKind.Phone, PhoneRegex(), "номер телефона: цифры, пробелы, +, скобки и дефисы", 30, bad);
            var email = Contact(row, ImportKind.Email, EmailRegex(), "адрес электронной почты (пример: ivanova@example.ru)", 200, bad);
            var kinship = Kinship(row, bad);
            var childLast = Required(row, ImportKind.ChildLastName, bad);
            var childFirst = Required(row, ImportKind.ChildFirstName, bad);
            var childMiddle = row[ImportKind.ChildMiddleName];
            var childBirth = DateCell(row, ImportKind.ChildBirthDate, required: true, bad);
            var children = childLast is null || childFirst is null || childBirth is null ? []
                : studentsByKey[Key(childLast, childFirst, childMiddle, childBirth)].ToList();
            var childName = childLast is null || childFirst is null ? "" : PersonName.Full(childLast, childFirst, childMiddle);
            if (childBirth is not null && children.Count == 0 && childName.Length > 0)
                bad.Add(new(row.Line, ImportKind.ChildLastName,
                    $"ученика {childName} ({childBirth:dd.MM.yyyy}) нет в школе. Сначала импортируйте учеников."));
            if (children.Count > 1)
                bad.Add(new(row.Line, ImportKind.ChildLastName, $"в школе {children.Count} ученика {childName} с этой датой рождения."));
            var pkey = snils ?? Key(last, first, middle, null);
            if (children.Count == 1 && seen.TryGetValue((pkey, children[0].Id), out var earlier))
                bad.Add(new(row.Line, null, $"родитель {PersonName.Full(last ?? "", first ?? "", middle)} и ребёнок {childName} уже есть в строке " +
                    $"{earlier} этого файла."));
            if (Stop(bad, problems)) continue;
            var child = children[0];
            seen[(pkey, child.Id)] = row.Line;
            var full = PersonName.Full(last!, first!, middle);
            if (!groups.TryGetValue(pkey, out var group))
            {
                var bySnils = snils is null ? [] : parentsBySnils[snils].ToList();
                var linkedToChild = parentsByKey[Key(last, first, middle, null)].Where(p => links.Contains((p.Id, child.Id))).ToList();
                groups[pkey] = group = new ParentGroup { Existing = bySnils.Count == 1 ? bySnils[0] : linkedToChild.FirstOrDefault() };
            }
            var text = $"{full} — {KinshipName(kinship)} ученика {childName}";
            if (group.Existing is null)
            {
                var g = group;
                result.Add(new(row.Line, RowAction.Create, text, group.Planned ? "ещё один ребёнок" : "новый родитель", w =>
                {
                    g.Created ??= w.Add(new Parent
                    {
                        SchoolId = w.SchoolId, LastName = last!, FirstName = first!, MiddleName = middle, Snils = snils, Phone = phone, Email = email,
                    });
                    w.Link(child.Id, g.Created, kinship);
                    return Task.CompletedTask;
                }));
                group.Planned = true;
                continue;
            }
            var parent = group.Existing;
            var compared = group.Compared
                ? new PlannedRow(row.Line, RowAction.Same, text, null, null)
                : Compare(row.Line, text, parent, [(nameof(Parent.Snils), snils), (nameof(Parent.Phone), phone), (nameof(Parent.Email), email)]);
            group.Compared = true;
            if (links.Contains((parent.Id, child.Id)))
            {
                result.Add(compared);
                continue;
            }
            var apply = compared.Apply;
            result.Add(compared with
            {
                Action = RowAction.Change,
                Detail = string.Join("; ", new[] { compared.Detail, $"привязать ребёнка {childName}" }.Where(d => d is not null)),
                Apply = async w =>
                {
                    if (apply is not null) await apply(w);
                    w.Link(child.Id, parent, kinship);
                },
            });
        }
        return result;
    }

    // ---- staff ----

    private async Task<List<PlannedRow>> StaffAsync(List<ImportRow> rows, List<ImportProblem> problems, CancellationToken ct)
    {
        var staff = await db.StaffMembers.ToListAsync(ct);
        var seen = new Dictionary<string, int>();
        var result = new List<PlannedRow>();
        foreach (var row in rows)
        {
            var bad = new List<ImportProblem>();
            var (last, first, middle) = Names(row, bad);
            var title = Required(row, ImportKind.Position, bad);
            if (title is { Length: > 200 }) bad.Add(new(row.Line, ImportKind.Position, "не больше 200 символов."));
            var rate = 1m;
            if (row[ImportKind.Rate] is { } rateText
                && (!decimal.TryParse(rateText.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out rate)
                    || rate <= 0 || rate > 3))
                bad.Add(new(row.Line, ImportKind.Rate, $"«{rateText}» — ставка: число больше 0 и не больше 3 (например, 1 или 0,5)."));
            var snils = SnilsCell(row, bad);
            var phone = Contact(row, ImportKind.Phone, PhoneRegex(), "номер телефона: цифры, пробелы, +, скобки и дефисы", 30, bad);
            var email = Contact(row, ImportKind.Email, EmailRegex(), "адрес электронной почты (пример: petrova@school.ru)", 200, bad);
            var hired = DateCell(row, ImportKind.HiredOn, required: false, bad);
            var key = snils ?? Key(last, first, middle, null);
            if (last is not null && first is not null && seen.TryGetValue(key, out var earlier))
                bad.Add(new(row.Line, null, $"сотрудник {PersonName.Full(last, first, middle)} уже есть в строке {earlier} этого файла."));
            if (Stop(bad, problems)) continue;
            seen[key] = row.Line;
            var full = PersonName.Full(last!, first!, middle);
            var bySnils = snils is null ? [] : staff.Where(s => s.Snils == snils).ToList();
            var byName = staff.Where(s => Key(s.LastName, s.FirstName, s.MiddleName, null) == Key(last, first, middle, null)).ToList();
            if (bySnils.Count == 0 && byName.Count > 1)
            {
                problems.Add(new(row.Line, null, $"в школе уже {byName.Count} сотрудника {full}: укажите СНИЛС."));
                continue;
            }
            var match = bySnils.Count == 1 ? bySnils[0] : byName.SingleOrDefault();
            if (match is null)
            {
                result.Add(new(row.Line, RowAction.Create, full, title, w =>
                {
                    w.Add(new StaffMember
                    {
                        SchoolId = w.SchoolId, LastName = last!, FirstName = first!, MiddleName = middle, Snils = snils, Phone = phone, Email = email,
                        HiredOn = hired, Positions = [new StaffPosition { Kind = PositionOf(title!), Title = title!, Rate = rate }],
                    });
                    return Task.CompletedTask;
                }));
                continue;
            }
            result.Add(Compare(row.Line, full, match, [(nameof(StaffMember.Snils), snils), (nameof(StaffMember.Phone), phone),
                (nameof(StaffMember.Email), email), (nameof(StaffMember.HiredOn), hired)]));
        }
        return result;
    }

    private static PositionKind PositionOf(string title)
    {
        var t = title.ToLowerInvariant();
        if (t.StartsWith("директор", StringComparison.Ordinal)) return PositionKind.Director;
        if (t.StartsWith("заместитель", StringComparison.Ordinal) || t.StartsWith("зам.", StringComparison.Ordinal)) return PositionKind.Deputy;
        if (t.StartsWith("учитель", StringComparison.Ordinal) || t.StartsWith("педагог доп", StringComparison.Ordinal)) return PositionKind.Teacher;
        if (t.Contains("психолог")) return PositionKind.Psychologist;
        if (t.Contains("социальный педагог")) return PositionKind.SocialPedagogue;
        if (t.Contains("библиотекар")) return PositionKind.Librarian;
        if (t.Contains("администратор")) return PositionKind.SystemAdministrator;
        return PositionKind.Other;
    }

    // ---- shared cells and comparison ----

    /// <summary>
    /// The row against a matched entity: only filled cells count (an empty cell never erases what the school has); what
    /// differs is changed on confirm, and its old value kept so the undo puts it back.
    /// </summary>
    private PlannedRow Compare(int line, string text, object entity, (string Property, object? Value)[] wanted)
    {
        var entry = db.Entry(entity);
        var diffs = wanted.Where(w => w.Value is not null && !Equals(entry.Property(w.Property).CurrentValue, w.Value)).ToList();
        if (diffs.Count == 0) return new(line, RowAction.Same, text, null, null);
        var detail = string.Join("; ",
            diffs.Select(d => $"{FieldName(d.Property)}: {Shown(entry.Property(d.Property).CurrentValue)} → {Shown(d.Value)}"));
        return new(line, RowAction.Change, text, detail, w =>
        {
            w.Change(entity, diffs);
            return Task.CompletedTask;
        });
    }

    private static string FieldName(string property) => property switch
    {
        "LastName" => "фамилия",
        "FirstName" => "имя",
        "MiddleName" => "отчество",
        "BirthDate" => "дата рождения",
        "Gender" => "пол",
        "Snils" => "СНИЛС",
        "Phone" => "телефон",
        "Email" => "почта",
        "Shift" => "смена",
        "DaysPerWeek" => "дней в неделе",
        "HiredOn" => "дата приёма",
        _ => property,
    };

    private static string Shown(object? value) => value switch
    {
        null => "—",
        DateOnly d => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        Gender g => g == Gender.Male ? "м" : "ж",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "—",
    };

    private static bool Stop(List<ImportProblem> bad, List<ImportProblem> problems)
    {
        problems.AddRange(bad);
        return bad.Count > 0;
    }

    private async Task<AcademicYear?> YearAsync(List<ImportRow> rows, List<ImportProblem> problems, CancellationToken ct)
    {
        var id = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var year = await db.AcademicYears.AsNoTracking().FirstOrDefaultAsync(y => y.Id == id, ct);
        if (year is null || year.IsClosed)
            problems.Add(new(rows.FirstOrDefault()?.Line ?? 1, null,
                "в школе нет открытого текущего учебного года: создайте его в разделе «Учебный год»."));
        return year is { IsClosed: false } ? year : null;
    }

    private static string Key(string? last, string? first, string? middle, DateOnly? birth) =>
        string.Join('|', new[] { last, first, middle ?? "" }.Select(n => (n ?? "").Trim().ToLowerInvariant().Replace('ё', 'е')))
        + (birth is { } b ? "|" + b.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "");

    private static string? Required(ImportRow row, string column, List<ImportProblem> bad)
    {
        var value = row[column];
        if (value is null) bad.Add(new(row.Line, column, "не заполнено обязательное поле."));
        else if (value.Length > NameMax) bad.Add(new(row.Line, column, $"не больше {NameMax} символов."));
        return value;
    }

    private static (string?, string?, string?) Names(ImportRow row, List<ImportProblem> bad)
    {
        var last = Required(row, ImportKind.LastName, bad);
        var first = Required(row, ImportKind.FirstName, bad);
        var middle = row[ImportKind.MiddleName];
        if (middle is { Length: > NameMax }) bad.Add(new(row.Line, ImportKind.MiddleName, $"не больше {NameMax} символов."));
        return (last, first, middle);
    }

    private static DateOnly? DateCell(ImportRow row, string column, bool required, List<ImportProblem> bad)
    {
        var text = row[column];
        if (text is null)
        {
            if (required) bad.Add(new(row.Line, column, "не заполнено обязательное поле (дата в виде ДД.ММ.ГГГГ)."));
            return null;
        }
        var date = ImportFile.Date(text);
        if (date is null) bad.Add(new(row.Line, column, $"«{text}» — не дата; пишите ДД.ММ.ГГГГ, например 14.03.2015."));
        return date;
    }

    private static string? SnilsCell(ImportRow row, List<ImportProblem> bad)
    {
        if (row[ImportKind.Snils] is not { } text) return null;
        var snils = Snils.Normalize(text);
        if (snils is null)
            bad.Add(new(row.Line, ImportKind.Snils,
                $"«{text}» — неверный СНИЛС: нужно 11 цифр (123-456-789 01), и контрольное число должно сходиться."));
        return snils;
    }

    private static string? Contact(ImportRow row, string column, Regex format, string what, int max, List<ImportProblem> bad)
    {
        if (row[column] is not { } text) return null;
        if (text.Length > max || !format.IsMatch(text)) bad.Add(new(row.Line, column, $"«{text}» — не {what}."));
        return text;
    }

    private static int Number(ImportRow row, string column, int fallback, int[] allowed, List<ImportProblem> bad)
    {
        if (row[column] is not { } text) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && allowed.Contains(n)) return n;
        bad.Add(new(row.Line, column, $"«{text}» — допустимо: {string.Join(" или ", allowed)}."));
        return fallback;
    }

    private static ClassName? ClassOf(ImportRow row, string column, List<ImportProblem> bad)
    {
        if (row[column] is not { } text)
        {
            bad.Add(new(row.Line, column, "не заполнено обязательное поле (например, 5А)."));
            return null;
        }
        var m = ClassRegex().Match(text);
        if (m.Success && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is >= 1 and <= 11 and var grade)
            return new ClassName(grade, m.Groups[2].Value.ToUpperInvariant());
        bad.Add(new(row.Line, column, $"«{text}» — не класс: номер от 1 до 11 и буква, например 5А."));
        return null;
    }

    private static RepresentativeKind Kinship(ImportRow row, List<ImportProblem> bad)
    {
        var text = row[ImportKind.Kinship]?.ToLowerInvariant();
        switch (text)
        {
            case null or "другое" or "иное": return RepresentativeKind.Other;
            case "мать" or "мама": return RepresentativeKind.Mother;
            case "отец" or "папа": return RepresentativeKind.Father;
            case "опекун": return RepresentativeKind.Guardian;
            case "попечитель": return RepresentativeKind.Trustee;
            default:
                bad.Add(new(row.Line, ImportKind.Kinship,
                    $"«{row[ImportKind.Kinship]}» — пишите «мать», «отец», «опекун», «попечитель» или «другое»."));
                return RepresentativeKind.Other;
        }
    }

    private static string KinshipName(RepresentativeKind kind) => kind switch
    {
        RepresentativeKind.Mother => "мать",
        RepresentativeKind.Father => "отец",
        RepresentativeKind.Guardian => "опекун",
        RepresentativeKind.Trustee => "попечитель",
        _ => "представитель",
    };

    [GeneratedRegex(@"^(\d{1,2})\s*[-–]?\s*([А-ЯЁа-яёA-Za-z]{1,10})$")]
    private static partial Regex ClassRegex();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"^\+?[0-9 ()\-]{5,30}$")]
    private static partial Regex PhoneRegex();
}
