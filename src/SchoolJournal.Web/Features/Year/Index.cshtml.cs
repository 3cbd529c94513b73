using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year;

/// <summary>«Учебный год»: the sections of the year set-up (R-YEAR) the user may open.</summary>
public sealed class IndexModel(AccessService access, CurrentUser me) : PageModel
{
    public sealed record Section(string Href, string Title, string Description);

    public IReadOnlyList<Section> Manage { get; private set; } = [];
    public IReadOnlyList<Section> Read { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (!access.IsStaff) return Forbid();
        var all = new List<Section>
        {
            new("/Year/Periods", "Учебные периоды и каникулы",
                "Учебный год, четверти, триместры, полугодия по уровням и классам; каникулы и праздники."),
            new("/Year/Subjects", "Предметы", "Обязательная часть и часть, формируемая участниками образовательных отношений."),
            new("/Year/Rooms", "Кабинеты", "Номера, названия, вместимость."),
            new("/Year/Staff", "Сотрудники", "Сотрудники и их должности."),
            new("/Year/Classes", "Классы", "Классы-комплекты, классные руководители, режим работы."),
            new("/Year/Bells", "Расписание звонков", "Смены и звонки."),
            new("/Year/Grading", "Системы оценивания и виды работ", "5-балльная, 10-балльная, зачёт/незачёт, безотметочное; веса видов работ."),
            new("/Year/Groups", "Группы и потоки", "Подгруппы, потоки, индивидуальные планы, состав с датами."),
            new("/Year/Movement", "Движение обучающихся", "Прибытие, перевод, выбытие."),
            new("/Year/Curricula", "Учебные планы", "Часы в неделю по предметам, профили, индивидуальные планы."),
            new("/Year/Load", "Нагрузка", "Учитель × предмет × класс или группа × часы, сверка с учебным планом."),
            new("/Year/Plans", "КТП", "Календарно-тематическое планирование: темы по порядку с часами, импорт из файла."),
            new("/Year/Timetable", "Расписание", "Уроки по дням недели, проверка накладок, создание уроков на год."),
            new("/Year/ControlWorks", "График контрольных работ (ВШК)", "Контрольные работы по классам с формой контроля."),
            new("/Year/Substitutions", "Замены и переносы", "Замена учителя, перенос урока, смена кабинета, отмена."),
            new("/Year/Rollover", "Переход на новый учебный год", "Перевод классов, выпуск, закрытие года."),
        };
        if (access.CanManageYear)
        {
            Manage = all;
            return Page();
        }
        // Teachers keep their own КТП; everyone on the staff reads the timetable, the ВШК and the substitutions.
        var own = new HashSet<string> { "/Year/Plans" };
        if (me.IsInRole(Roles.ClassTeacher)) own.Add("/Year/Groups");
        Manage = all.Where(s => own.Contains(s.Href)).ToList();
        var readable = new HashSet<string> { "/Year/Periods", "/Year/Timetable", "/Year/ControlWorks", "/Year/Substitutions" };
        Read = all.Where(s => readable.Contains(s.Href)).ToList();
        return Page();
    }
}
