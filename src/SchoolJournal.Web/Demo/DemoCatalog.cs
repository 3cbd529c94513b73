namespace SchoolJournal.Web.Demo;

/// <summary>
/// The fixed tables behind the demo school: subjects of the federal curriculum (ФОП НОО/ООО/СОО) plus a school
/// component, 5-day weekly plans per grade and profile within SanPiN limits, and short topic lists.
/// </summary>
public static class DemoCatalog
{
    public sealed record SubjectDef(string Name, string ShortName, string Area, SubjectComponent Component, string Bundle);

    // Bundle = which teachers teach it: subjects of one bundle in one class go to one teacher.
    public const string Russian = "Русский язык", Reading = "Литературное чтение", Literature = "Литература",
        Native = "Родной язык (русский)", English = "Иностранный язык (английский)", German = "Второй иностранный язык (немецкий)",
        Maths = "Математика", Algebra = "Алгебра", Geometry = "Геометрия", Probability = "Вероятность и статистика",
        Informatics = "Информатика", World = "Окружающий мир", History = "История", Social = "Обществознание",
        Geography = "География", Biology = "Биология", Physics = "Физика", Chemistry = "Химия",
        Odnknr = "Основы духовно-нравственной культуры народов России", Orkse = "Основы религиозных культур и светской этики",
        Music = "Музыка", Art = "Изобразительное искусство", Labour = "Труд (технология)", Pe = "Физическая культура",
        Obzr = "Основы безопасности и защиты Родины", Project = "Индивидуальный проект",
        HardProblems = "Решение задач повышенной сложности", Finance = "Финансовая грамотность";

    public static readonly SubjectDef[] Subjects =
    [
        new(Russian, "Рус. яз.", "Русский язык и литература", SubjectComponent.Federal, "rus"),
        new(Reading, "Лит. чт.", "Русский язык и литературное чтение", SubjectComponent.Federal, "primary"),
        new(Literature, "Лит.", "Русский язык и литература", SubjectComponent.Federal, "rus"),
        new(Native, "Род. яз.", "Родной язык и родная литература", SubjectComponent.Federal, "rus"),
        new(English, "Англ. яз.", "Иностранные языки", SubjectComponent.Federal, "eng"),
        new(German, "Нем. яз.", "Иностранные языки", SubjectComponent.Federal, "eng"),
        new(Maths, "Матем.", "Математика и информатика", SubjectComponent.Federal, "math"),
        new(Algebra, "Алгебра", "Математика и информатика", SubjectComponent.Federal, "math"),
        new(Geometry, "Геометрия", "Математика и информатика", SubjectComponent.Federal, "math"),
        new(Probability, "Вер. и стат.", "Математика и информатика", SubjectComponent.Federal, "math"),
        new(Informatics, "Информ.", "Математика и информатика", SubjectComponent.Federal, "inf"),
        new(World, "Окр. мир", "Обществознание и естествознание (окружающий мир)", SubjectComponent.Federal, "primary"),
        new(History, "История", "Общественно-научные предметы", SubjectComponent.Federal, "hist"),
        new(Social, "Обществ.", "Общественно-научные предметы", SubjectComponent.Federal, "hist"),
        new(Geography, "Геогр.", "Общественно-научные предметы", SubjectComponent.Federal, "geo"),
        new(Biology, "Биология", "Естественно-научные предметы", SubjectComponent.Federal, "bio"),
        new(Physics, "Физика", "Естественно-научные предметы", SubjectComponent.Federal, "phys"),
        new(Chemistry, "Химия", "Естественно-научные предметы", SubjectComponent.Federal, "bio"),
        new(Odnknr, "ОДНКНР", "Основы духовно-нравственной культуры народов России", SubjectComponent.Federal, "hist"),
        new(Orkse, "ОРКСЭ", "Основы религиозных культур и светской этики", SubjectComponent.Federal, "primary"),
        new(Music, "Музыка", "Искусство", SubjectComponent.Federal, "art"),
        new(Art, "ИЗО", "Искусство", SubjectComponent.Federal, "art"),
        new(Labour, "Труд", "Технология", SubjectComponent.Federal, "trud"),
        new(Pe, "Физ-ра", "Физическая культура", SubjectComponent.Federal, "pe"),
        new(Obzr, "ОБЗР", "Основы безопасности и защиты Родины", SubjectComponent.Federal, "pe"),
        new(Project, "Инд. проект", "Индивидуальный проект", SubjectComponent.Federal, "inf"),
        new(HardProblems, "Реш. задач", "Математика и информатика", SubjectComponent.School, "math"),
        new(Finance, "Фин. грам.", "Общественно-научные предметы", SubjectComponent.School, "hist"),
    ];

    public static SubjectDef Subject(string name) => Subjects.First(s => s.Name == name);

    /// <summary>Weekly hours per subject; lines marked School belong to the part formed by the school.</summary>
    public static (string Subject, int Hours, SubjectComponent Part)[] Plan(int grade, StudyProfile profile)
    {
        (string, int, SubjectComponent) F(string s, int h) => (s, h, SubjectComponent.Federal);
        (string, int, SubjectComponent) S(string s, int h) => (s, h, SubjectComponent.School);
        return grade switch
        {
            1 => [F(Russian, 5), F(Reading, 4), F(Maths, 4), F(World, 2), F(Music, 1), F(Art, 1), F(Labour, 1), F(Pe, 2), S(Pe, 1)],
            2 or 3 => [F(Russian, 5), F(Reading, 4), F(English, 2), F(Maths, 4), F(World, 2), F(Music, 1), F(Art, 1), F(Labour, 1), F(Pe, 3)],
            4 => [F(Russian, 5), F(Reading, 3), F(English, 2), F(Maths, 4), F(World, 2), F(Orkse, 1), F(Music, 1), F(Art, 1), F(Labour, 1), F(Pe, 3)],
            5 => [F(Russian, 5), F(Literature, 3), F(English, 3), F(Maths, 5), F(History, 2), F(Geography, 1), F(Biology, 1), F(Music, 1), F(Art, 1),
                F(Labour, 2), F(Pe, 2), F(Odnknr, 1), S(Informatics, 1), S(Finance, 1)],
            6 => [F(Russian, 6), F(Literature, 3), F(English, 3), F(Maths, 5), F(History, 2), F(Social, 1), F(Geography, 1), F(Biology, 1),
                F(Music, 1), F(Art, 1), F(Labour, 2), F(Pe, 2), F(Odnknr, 1), S(Informatics, 1)],
            7 => [F(Russian, 4), F(Literature, 2), F(English, 3), F(Algebra, 3), F(Geometry, 2), F(Probability, 1), F(Informatics, 1), F(History, 2),
                F(Social, 1), F(Geography, 2), F(Biology, 1), F(Physics, 2), F(Music, 1), F(Art, 1), F(Labour, 2), F(Pe, 2), S(Native, 1),
                S(Finance, 1)],
            8 => [F(Russian, 3), F(Literature, 2), F(English, 3), F(Algebra, 3), F(Geometry, 2), F(Probability, 1), F(Informatics, 1), F(History, 2),
                F(Social, 1), F(Geography, 2), F(Biology, 2), F(Physics, 2), F(Chemistry, 2), F(Music, 1), F(Labour, 1), F(Pe, 2), F(Obzr, 1),
                S(Native, 1), S(Finance, 1)],
            9 => [F(Russian, 3), F(Literature, 3), F(English, 3), F(Algebra, 3), F(Geometry, 2), F(Probability, 1), F(Informatics, 1), F(History, 2),
                F(Social, 1), F(Geography, 2), F(Biology, 2), F(Physics, 3), F(Chemistry, 2), F(Labour, 1), F(Pe, 2), F(Obzr, 1), S(Native, 1)],
            _ when profile == StudyProfile.Technological =>
                [F(Russian, 2), F(Literature, 3), F(English, 3), F(Algebra, 4), F(Geometry, 3), F(Probability, 1), F(Informatics, 1), F(Physics, 5),
                    F(History, 2), F(Social, 2), F(Geography, 1), F(Chemistry, 1), F(Biology, 1), F(Pe, 2), S(Pe, 1), F(Obzr, 1), F(Project, 1)],
            _ => [F(Russian, 2), F(Literature, 3), F(English, 3), F(Algebra, 4), F(Geometry, 3), F(Probability, 1), F(Informatics, 1), F(History, 2),
                F(Social, 4), F(Geography, 2), F(Physics, 2), F(Chemistry, 1), F(Biology, 1), F(Pe, 2), F(Obzr, 1), F(Project, 1), S(Finance, 1)],
        };
    }

    /// <summary>SanPiN 1.2.3685-21 weekly maximum for a 5-day week.</summary>
    public static int MaxWeeklyHours(int grade) => grade switch { 1 => 21, <= 4 => 23, 5 => 29, 6 => 30, 7 => 32, <= 9 => 33, _ => 34 };

    /// <summary>Foreign language from grade 2 and Труд from grade 5 are taught in two sub-groups.</summary>
    public static bool Divided(string subject, int grade) =>
        (subject == English && grade >= 2) || (subject == Labour && grade >= 5);

    private static readonly Dictionary<string, string[]> TopicLists = new()
    {
        [Russian] = ["Повторение изученного. Орфограммы в корне слова", "Состав слова. Морфемный разбор", "Правописание приставок",
            "Имя существительное как часть речи", "Склонение имён существительных", "Имя прилагательное. Степени сравнения",
            "Глагол. Спряжение глаголов", "Словосочетание и предложение", "Главные члены предложения", "Однородные члены предложения",
            "Прямая речь. Знаки препинания", "Развитие речи. Изложение"],
        [Reading] = ["Устное народное творчество. Сказки", "А. С. Пушкин. «Сказка о рыбаке и рыбке»", "Л. Н. Толстой. Рассказы для детей",
            "Стихи о природе. Ф. И. Тютчев", "К. Д. Ушинский. Рассказы", "Басни И. А. Крылова", "Н. Н. Носов. «Живая шляпа»",
            "В. В. Бианки. «Лесная газета»", "Внеклассное чтение", "С. Я. Маршак. Стихи для детей"],
        [Literature] = ["Мифы народов мира", "Русские народные сказки", "И. А. Крылов. Басни", "А. С. Пушкин. Лирика", "М. Ю. Лермонтов. «Бородино»",
            "Н. В. Гоголь. «Вечера на хуторе близ Диканьки»", "И. С. Тургенев. «Муму»", "Н. А. Некрасов. Стихотворения",
            "Л. Н. Толстой. «Кавказский пленник»", "А. П. Чехов. Юмористические рассказы", "Развитие речи. Подготовка к сочинению",
            "Внеклассное чтение"],
        [Native] = ["Язык и культура", "Крылатые слова и выражения", "Диалектизмы и профессионализмы", "Культура речи. Нормы ударения",
            "Речевой этикет", "Текст и его структура"],
        [English] = ["Unit 1. Back to school", "Present Simple: утвердительные предложения", "Unit 2. My family", "Present Continuous",
            "Unit 3. My home", "Past Simple: правильные глаголы", "Unit 4. Free time", "Лексика: food and drinks", "Чтение: Around the world",
            "Контроль навыков аудирования", "Unit 5. Holidays", "Future Simple"],
        [German] = ["Знакомство", "Моя семья", "Мой дом", "Школьные предметы", "Времена года", "Повторение"],
        [Maths] = ["Натуральные числа и шкалы", "Сложение и вычитание натуральных чисел", "Умножение и деление", "Порядок действий в выражениях",
            "Решение текстовых задач", "Обыкновенные дроби", "Сравнение дробей", "Сложение и вычитание дробей", "Площадь прямоугольника",
            "Десятичные дроби", "Округление чисел", "Проценты"],
        [Algebra] = ["Выражения и их преобразования", "Линейное уравнение с одной переменной", "Функции и их графики", "Линейная функция",
            "Степень с натуральным показателем", "Одночлены", "Многочлены", "Формулы сокращённого умножения", "Системы линейных уравнений",
            "Квадратные уравнения", "Теорема Виета", "Неравенства"],
        [Geometry] = ["Начальные геометрические сведения", "Треугольники. Признаки равенства", "Равнобедренный треугольник", "Параллельные прямые",
            "Сумма углов треугольника", "Четырёхугольники", "Площадь многоугольника", "Теорема Пифагора", "Подобные треугольники", "Окружность"],
        [Probability] = ["Представление данных. Таблицы", "Диаграммы", "Описательная статистика. Среднее", "Медиана набора чисел",
            "Случайные события", "Вероятность события"],
        [Informatics] = ["Техника безопасности. Информация и информационные процессы", "Компьютер и его устройство", "Файлы и файловая система",
            "Системы счисления", "Алгоритмы и исполнители", "Основы программирования на Python", "Ветвления", "Циклы", "Обработка текста",
            "Электронные таблицы"],
        [World] = ["Природа и мы", "Неживая и живая природа", "Растения и животные", "Человек и общество", "Наша Родина — Россия", "Времена года",
            "Безопасность в быту", "Здоровый образ жизни", "Вода и воздух", "Экскурсия в природу"],
        [History] = ["Введение. Что изучает история", "Первобытные люди", "Древний Египет", "Древняя Месопотамия", "Древняя Индия и Китай",
            "Древняя Греция", "Древний Рим", "Русь в IX–XII веках", "Русские земли в XIII веке", "Образование единого Русского государства",
            "Россия в XVI веке", "Смутное время"],
        [Social] = ["Человек и общество", "Семья и семейные отношения", "Образование", "Труд и экономика", "Права и обязанности граждан",
            "Государство и право", "Социальная сфера", "Политика и власть"],
        [Geography] = ["Что изучает география", "Изображения земной поверхности", "План и карта", "Градусная сеть", "Литосфера", "Гидросфера",
            "Атмосфера", "Природа России", "Население России", "Практическая работа с картой"],
        [Biology] = ["Биология — наука о живой природе", "Клетка — единица живого", "Ткани растений и животных", "Многообразие организмов",
            "Царство Растения", "Царство Животные", "Строение организма человека", "Опорно-двигательная система", "Кровь и кровообращение",
            "Лабораторная работа «Строение клетки»"],
        [Physics] = ["Физические величины и их измерение", "Строение вещества", "Механическое движение", "Скорость. Равномерное движение",
            "Масса и плотность", "Сила. Сила тяжести", "Давление твёрдых тел", "Работа и мощность", "Кинематика. Равноускоренное движение",
            "Законы Ньютона", "Законы сохранения", "Лабораторная работа «Измерение плотности»"],
        [Chemistry] = ["Предмет химии. Вещества", "Атомы и молекулы", "Химические элементы и их знаки", "Периодическая система Д. И. Менделеева",
            "Химические формулы. Валентность", "Химические реакции", "Оксиды", "Кислоты и основания",
            "Практическая работа «Правила техники безопасности»"],
        [Odnknr] = ["Наш общий дом — Россия", "Традиционные ценности", "Культура и религия", "Семья — хранитель духовных ценностей",
            "Культурное наследие народов России", "Праздники народов России"],
        [Orkse] = ["Россия — наша Родина", "Культура и мораль", "Добро и зло", "Долг и совесть", "Дружба и взаимопомощь", "Праздники и традиции"],
        [Music] = ["Музыка в жизни человека", "Народная музыка России", "Русская классическая музыка", "Музыкальные жанры", "Песня, танец, марш",
            "Музыка театра и кино", "Хоровое пение"],
        [Art] = ["Цвет и его свойства", "Рисунок с натуры", "Декоративно-прикладное искусство", "Народные промыслы России", "Пейзаж", "Портрет",
            "Композиция"],
        [Labour] = ["Техника безопасности в мастерской", "Материалы и их свойства", "Чертёж и эскиз", "Обработка древесины",
            "Технология обработки текстильных материалов", "Робототехника: основы конструирования", "Проектная деятельность",
            "Кулинария: основы здорового питания"],
        [Pe] = ["Инструктаж по технике безопасности. Лёгкая атлетика", "Бег на короткие дистанции", "Прыжок в длину с места", "Метание мяча",
            "Баскетбол: ведение мяча", "Волейбол: передача мяча", "Гимнастика: акробатические упражнения", "Подвижные игры", "Кросс 1000 м",
            "Общая физическая подготовка"],
        [Obzr] = ["Культура безопасности жизнедеятельности", "Безопасность в быту", "Безопасность на транспорте", "Первая помощь",
            "Пожарная безопасность", "Основы обороны государства"],
        [Project] = ["Выбор темы проекта", "Цель и задачи проекта", "Работа с источниками", "Планирование исследования", "Оформление проекта",
            "Консультация по проекту"],
        [HardProblems] = ["Задачи на движение", "Задачи на проценты", "Уравнения с параметром", "Текстовые задачи повышенной сложности",
            "Геометрические задачи на доказательство", "Разбор олимпиадных задач"],
        [Finance] = ["Деньги и их функции", "Семейный бюджет", "Банки и банковские карты", "Сбережения и вклады", "Финансовое мошенничество",
            "Налоги"],
    };

    // Grades 1–4 learn these subjects from their own books: a 2nd-grade lesson never reads like a 5th-grade one.
    private static readonly Dictionary<string, string[]> PrimaryTopicLists = new()
    {
        [Russian] = ["Повторение: звуки и буквы", "Слово и предложение", "Текст. Тема и главная мысль", "Гласные и согласные звуки",
            "Парные согласные в корне слова", "Безударные гласные в корне", "Разделительный мягкий знак", "Состав слова: корень и окончание",
            "Приставка и суффикс", "Имя существительное", "Имя прилагательное", "Глагол", "Предлоги и приставки", "Повторение изученного за год"],
        [Maths] = ["Числа от 1 до 100. Нумерация", "Единицы длины: сантиметр, дециметр, метр", "Сложение и вычитание в пределах 100",
            "Сложение и вычитание с переходом через десяток", "Решение задач в два действия", "Умножение и деление", "Таблица умножения на 2 и 3",
            "Таблица умножения на 4 и 5", "Периметр многоугольника", "Порядок действий в выражениях", "Единицы времени: час и минута",
            "Повторение изученного за год"],
        [English] = ["Алфавит. Буквы и звуки", "Приветствие и знакомство", "Моя семья", "Цвета и числа", "Мои игрушки", "Животные",
            "Еда и напитки", "Мой день", "Времена года и погода", "Повторение изученного за год"],
        [Labour] = ["Природные материалы. Аппликация из листьев", "Работа с бумагой. Оригами", "Пластилин. Лепка",
            "Работа с тканью. Шов «вперёд иголку»", "Конструирование из деталей", "Поделки к празднику", "Проект «Подарок своими руками»"],
    };

    /// <summary>Weeks of study a demo year spreads a subject's topics over.</summary>
    public const int StudyWeeks = 34;

    /// <summary>
    /// The topic of a group's lesson <paramref name="index"/> (from 0) in a year of <paramref name="yearLessons"/> lessons:
    /// the grade's list spread evenly over the year, so a topic takes a few lessons in a row and topics only move forward.
    /// </summary>
    public static string Topic(string subject, int grade, int index, int yearLessons)
    {
        var list = grade <= 4 && PrimaryTopicLists.TryGetValue(subject, out var primary) ? primary : TopicLists[subject];
        return list[Math.Clamp((int)((long)index * list.Length / Math.Max(1, yearLessons)), 0, list.Length - 1)];
    }

    /// <summary>A homework text in the style of the subject, or null where none is set (arts, PE).</summary>
    public static string? Homework(string subject, int index, Random rng)
    {
        var p = 3 + index % 40;
        return subject switch
        {
            Russian or Native => $"§ {p}, упр. {p * 4 + rng.Next(0, 3)}–{p * 4 + 3}",
            Reading => $"Учебник с. {20 + index * 3}–{23 + index * 3}, выразительное чтение",
            Literature =>
                rng.Next(3) == 0 ? "Выучить стихотворение наизусть" : $"Прочитать с. {30 + index * 5}–{38 + index * 5}, ответить на вопросы",
            Maths or Algebra => $"№ {200 + index * 6}, {203 + index * 6} (а, б)",
            Geometry => $"П. {p}, № {100 + index * 3}, {102 + index * 3}",
            Probability => $"П. {p}, № {50 + index * 2}",
            English or German => $"Упр. {1 + index % 9} с. {10 + index * 2} (письменно), слова учить",
            History or Social or Geography or Biology or Chemistry or Physics or Odnknr or Orkse or Obzr => $"§ {p}, вопросы 1–{3 + index % 3}",
            Informatics => $"§ {p}, задание {1 + index % 6} в тетради",
            World => $"Учебник с. {12 + index * 2}–{15 + index * 2}, рабочая тетрадь",
            Finance or HardProblems or Project => index % 2 == 0 ? $"Задачи {1 + index % 8}–{3 + index % 8} из раздаточного материала" : null,
            _ => null,
        };
    }

    /// <summary>The form of a control work typical for the subject.</summary>
    public static string ControlWork(string subject) => subject switch
    {
        Russian or Native => "Диктант",
        Literature => "Сочинение",
        _ => "Контрольная работа",
    };

    /// <summary>Work types (виды работ) with weights.</summary>
    public static readonly (string Name, string Short, decimal Weight, bool Control)[] WorkTypes =
    [
        ("Ответ на уроке", "Отв", 1m, false), ("Домашняя работа", "ДЗ", 1m, false), ("Самостоятельная работа", "С/р", 1.5m, false),
        ("Проверочная работа", "П/р", 1.5m, false), ("Контрольная работа", "К/р", 2m, true), ("Диктант", "Дикт", 2m, true),
        ("Сочинение", "Соч", 2m, true), ("Лабораторная работа", "Л/р", 1.5m, false), ("Практическая работа", "Пр/р", 1.5m, false),
        ("Тест", "Тест", 1.5m, false),
    ];

    /// <summary>Values a mark may take in a grading system; empty when the system keeps no marks.</summary>
    public static IReadOnlyList<string> MarkValues(GradingKind kind) => kind switch
    {
        GradingKind.FivePoint => ["1", "2", "3", "4", "5"],
        GradingKind.TenPoint => ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
        GradingKind.PassFail => ["зач", "незач"],
        _ => [],
    };
}
