using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Help;

/// <summary>
/// «Справка» on every page (R-DOC-1): the part of the guide that describes the page, for the role that opened it.
/// The rows go from the longest address prefix to the shortest; a row may name a guide per role (the journal is the
/// teacher's «Журнал» and the administration's «Журналы и их закрытие»). Each section named here exists in its guide
/// (HelpLinksTests), so renaming a heading without this table fails a test.
/// </summary>
public static class HelpLinks
{
    /// <summary>A guide and the words its second-level heading contains; null words lead to the guide's top.</summary>
    public sealed record Target(string Guide, string? Section);

    private static readonly (string Prefix, Func<IReadOnlyList<string>, Target> For)[] Rows =
    [
        ("/Diary/Calendar", _ => new("diary/calendar", null)),
        ("/Diary/Notifications", _ => new("diary/notifications", "Родителю: как настроить")),
        ("/Diary/Marks", _ => new("diary/overview", "Оценки")),
        ("/Diary/Homework", _ => new("diary/overview", "Домашние задания")),
        ("/Diary/Class", _ => new("diary/overview", "Класс и учителя")),
        ("/Diary/Messages", _ => new("diary/overview", "Сообщения")),
        ("/Diary/About", _ => new("diary/parents", "Чтение дневника")),
        ("/Diary", _ => new("diary/week", "Как читать неделю")),
        ("/Parents/Leaflet", _ => new("diary/parents", "Памятка для родителей")),
        ("/Parents/Activity", _ => new("diary/parents", "Чтение дневника")),
        ("/Parents", _ => new("class-teacher", "Родители")),
        ("/Extracts", _ => new("diary/extracts", "Как выдать выписку")),
        ("/Credentials", _ => new("class-teacher", "Логины и пароли")),
        ("/Messages", _ => new("class-teacher", "Сообщения и рекомендации")),
        ("/Admin/Accounts", _ => new("admin", "Учётные записи")),
        ("/Admin/Backups", _ => new("admin", "Резервные копии")),
        ("/Admin/Archive/Journals", _ => new("admin", "Печать журналов за год")),
        ("/Admin/Archive/Year", _ => new("admin", "Архив учебного года и сроки хранения")),
        ("/Admin/Archive/Signatures", _ => new("admin", "Электронная подпись")),
        ("/Admin/Certificates", _ => new("admin", "Электронная подпись")),
        ("/Admin/Outages", _ => new("admin", "Сбои системы и бумажные бланки")),
        ("/Admin/Settings", _ => new("admin", "Настройки школы")),
        ("/Support/Requests", _ => new("admin", "Обращения пользователей")),
        ("/Support", _ => new("README", "Обращение в поддержку")),
        ("/Admin/Import/OneRoster", _ => new("admin", "Импорт OneRoster")),
        ("/Admin/Import", _ => new("admin", "Импорт из таблиц")),
        ("/Admin/Export", _ => new("admin", "Экспорт списков")),
        ("/Admin/OneRoster", _ => new("admin", "Внешние системы (OneRoster)")),
        ("/Admin/Incidents", _ => new("admin", "Скомпрометированная учётная запись")),
        ("/Account/Compromised", _ => new("admin", "Скомпрометированная учётная запись")),
        ("/Account/TwoFactor", _ => new("admin", "Вход с кодом подтверждения")),
        ("/Admin/Duties", _ => new("director", "Ответственные")),
        ("/Admin/Roles", _ => new("admin", "Права ролей")),
        ("/Students", _ => new("class-teacher", "Личные дела учеников")),
        ("/Account/LoginCode", _ => new("admin", "Вход с кодом подтверждения")),
        ("/Reports/Progress", _ => new("reports", "Успеваемость и качество")),
        ("/Reports/Averages", _ => new("reports", "Текущая успеваемость")),
        ("/Reports/Absences", _ => new("reports", "Пропуски")),
        ("/Reports/ControlWorks", _ => new("reports", "Результаты ВШК")),
        ("/Reports/FailingMarks", _ => new("reports", "Неудовлетворительные отметки")),
        ("/Reports/JournalKeeping", _ => new("reports", "Ведение журналов")),
        ("/Reports/PlanFulfilment", _ => new("reports", "Выполнение учебного плана")),
        ("/Reports/Workload", _ => new("reports", "Нагрузка учителей")),
        ("/Reports/ClassAnalysis", _ => new("reports", "Анализ класса")),
        ("/Reports/Activity", _ => new("reports", "Активность пользователей")),
        ("/Reports", _ => new("reports", null)),
        ("/Journal/Overdue", r => Administration(r) ? new("reports", "Просроченные записи") : new("teacher", "Журнал")),
        ("/Journal/Daily", _ => new("class-teacher", "Отсутствующие за день")),
        ("/Journal/BlankForms", r => r.Contains(Roles.ClassTeacher) ? new("class-teacher", "Бланки на случай сбоя")
            : new("admin", "Сбои системы и бумажные бланки")),
        ("/Journal/Summary", r => r.Contains(Roles.ClassTeacher) ? new("class-teacher", "Сводная ведомость")
            : new("deputy", "Сводная ведомость")),
        ("/Journal", r => r.Contains(Roles.Teacher) ? new("teacher", "Журнал")
            : r.Contains(Roles.ClassTeacher) ? new("class-teacher", "Журналы класса") : new("deputy", "Журналы и их закрытие")),
        ("/Year/Periods", _ => new("year/calendar", "Учебные периоды и каникулы")),
        ("/Year/Rollover", _ => new("year/calendar", "Переход на новый учебный год")),
        ("/Year/Grading", _ => new("year/catalogue", "Системы оценивания")),
        ("/Year/Subjects", _ => new("year/catalogue", "Предметы")),
        ("/Year/Rooms", _ => new("year/catalogue", "Кабинеты")),
        ("/Year/Staff", _ => new("year/catalogue", "Сотрудники")),
        ("/Year/Bells", _ => new("year/catalogue", "Расписание звонков")),
        ("/Year/Classes", _ => new("year/catalogue", "Классы и классные руководители")),
        ("/Year/ControlWorks", r => Family(r) ? new("parent-student", "Дневник") : new("year/changes", "График контрольных работ")),
        ("/Year/Substitutions", _ => new("year/changes", "Замены и переносы")),
        ("/Year/Load", _ => new("year/curricula", "Распределение нагрузки")),
        ("/Year/Curricula", _ => new("year/curricula", null)),
        ("/Year/Movement", _ => new("year/groups", "Движение обучающихся")),
        ("/Year/Groups", _ => new("year/groups", null)),
        ("/Year/Plans", _ => new("year/plans", null)),
        ("/Year/Timetable", _ => new("year/timetable", null)),
        ("/Year", _ => new("deputy", "Настройка учебного года")),
        ("/Account/ChangePassword", r => new(RoleGuide(r), RoleGuide(r) is "teacher" or "parent-student" ? "Вход" : null)),
    ];

    /// <summary>The page's part of the guide; the role's own guide, «Главная страница», for the home page and the rest.</summary>
    public static Target For(string path, IReadOnlyList<string> roles)
    {
        foreach (var (prefix, target) in Rows)
            if (path.Equals(prefix, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))
                return target(roles);
        var guide = RoleGuide(roles);
        return new(guide, guide == "admin" ? "Учётные записи" : "Главная страница");
    }

    /// <summary>Every row's targets for every role, for the test that each section exists.</summary>
    public static IEnumerable<(string Prefix, Target Target)> Everything() =>
        Rows.SelectMany(r => Roles.All.Select(role => (r.Prefix, r.For([role]))))
            .Concat(Roles.All.Select(role => ("/", For("/", [role]))));

    /// <summary>The guide written for the person: the first of his roles in the order of responsibility.</summary>
    public static string RoleGuide(IReadOnlyList<string> roles) =>
        roles.Contains(Roles.SysAdmin) ? "admin"
        : roles.Contains(Roles.Director) ? "director"
        : roles.Contains(Roles.Deputy) ? "deputy"
        : roles.Contains(Roles.ClassTeacher) ? "class-teacher"
        : roles.Contains(Roles.Teacher) ? "teacher"
        : "parent-student";

    private static bool Administration(IReadOnlyList<string> roles) => roles.Contains(Roles.Director) || roles.Contains(Roles.Deputy);

    private static bool Family(IReadOnlyList<string> roles) => !roles.Any(r => Roles.Staff.Split(',').Contains(r));
}
