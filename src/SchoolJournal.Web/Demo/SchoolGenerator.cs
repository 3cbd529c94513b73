using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Features.Year.Timetable;
using static SchoolJournal.Web.Demo.DemoCatalog;

namespace SchoolJournal.Web.Demo;

/// <summary>Builds one demo school; every random choice comes from one seeded <see cref="Random"/>.</summary>
internal sealed class SchoolGenerator(
    JournalDbContext db, ILogger log, Dictionary<string, string> roleIds, HashSet<string> logins, string passwordHash,
    int schoolOrdinal, int runIndex, bool demo, int studentsPerSchool, DateOnly today)
{
    private static readonly int[] ClassesPerGrade = [3, 3, 3, 3, 3, 3, 2, 2, 3, 2, 2];
    private static readonly int[] SchoolNumbers = [17, 4, 31, 12, 9, 26, 45, 2, 38, 14];
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    private readonly Random _rng = new(20260901 + runIndex * 7919);
    private School _school = null!;
    private AcademicYear _year = null!;
    private DateOnly _start;
    private DateOnly _end;
    private List<SchoolCalendar.Period> _periodDefs = [];
    private List<SchoolCalendar.Break> _breakDefs = [];
    private readonly List<StudyPeriod> _periods = [];
    private readonly Dictionary<string, Subject> _subjects = [];
    private readonly Dictionary<string, WorkType> _workTypes = [];
    private GradingSystem _fivePoint = null!, _passFail = null!, _unmarked = null!;
    private BellSchedule _bells = null!, _firstGradeBells = null!;
    private readonly List<ClassPlan> _classes = [];
    private readonly List<StaffPlan> _staff = [];
    private readonly List<StudentPlan> _students = [];
    private readonly List<Parent> _parents = [];
    private readonly List<GroupPlan> _groups = [];
    private readonly List<TimetableEntry> _entries = [];

    private sealed class ClassPlan
    {
        public required SchoolClass Entity { get; init; }
        public required List<(string Subject, int Hours, SubjectComponent Part)> Lines { get; init; }
        public int Size { get; set; }
        public StaffPlan? Primary { get; set; }
        public StaffPlan? ClassTeacher { get; set; }
        public List<StudentPlan> Students { get; } = [];
        public int Grade => Entity.Grade;
        public string Name => Entity.Name;
        public int WeeklyHours => Lines.Sum(l => l.Hours);
    }

    private sealed class StaffPlan
    {
        public required StaffMember Entity { get; init; }
        public string? Bundle { get; init; }
        public Room? Room { get; set; }
        public AppUser? User { get; set; }
        public string? DemoLogin { get; init; }
        public HashSet<string> Roles { get; } = [];
        public Dictionary<(ClassPlan Class, int Track), int> Load { get; } = [];
        public int Hours => Load.Values.Sum();
    }

    private sealed class StudentPlan
    {
        public required Student Entity { get; init; }
        public required ClassPlan Class { get; set; }
        public double Ability { get; init; }
        public DateOnly From { get; set; }
        public DateOnly? LeftOn { get; set; }
        public LeaveReason? Leave { get; set; }
        public ClassPlan? NewClass { get; set; }
        public int Track { get; set; }
        public int NewTrack { get; set; }
    }

    private sealed class GroupPlan
    {
        public required TeachingGroup Entity { get; init; }
        public required string Subject { get; init; }
        public required List<ClassPlan> Classes { get; init; }
        public required StaffPlan Teacher { get; init; }
        public required int Hours { get; init; }
        public List<(StudentPlan Student, DateOnly From, DateOnly? To)> Members { get; } = [];
        public int Grade => Classes[0].Grade;
    }

    public sealed record Counts(int Classes, int Students, int Parents, int Staff, int Lessons, int Marks);

    public int SchoolId => _school.Id;

    /// <summary>
    /// Refreshes PostgreSQL's statistics of the tables the bulk insert filled, and only those: a database-wide ANALYZE also
    /// samples every catalog and, on a machine busy with other databases, ran past the 30-second command timeout (CI, the
    /// demo fixture of the PostgreSQL lane). The names come from the model, not from input.
    /// </summary>
    private async Task AnalyzeBulkTablesAsync(CancellationToken ct)
    {
        Type[] bulk = [typeof(Lesson), typeof(Mark), typeof(Attendance), typeof(Homework), typeof(HomeworkStudent), typeof(AuditEvent),
            typeof(Student), typeof(Parent), typeof(StudentParent), typeof(Enrolment), typeof(GroupMembership), typeof(TeachingGroup),
            typeof(TimetableEntry), typeof(PeriodGrade)];
        var tables = bulk.Select(t => db.Model.FindEntityType(t)?.GetTableName()).OfType<string>()
            .Select(name => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        try
        {
            var sql = "ANALYZE " + string.Join(", ", tables);
#pragma warning disable EF1003 // table names from the EF model, quoted; no input reaches this text
            await db.Database.ExecuteSqlRawAsync(sql, ct);
#pragma warning restore EF1003
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    public async Task<Counts> RunAsync(CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await CreateSchoolAsync(ct);
        PlanClasses();
        PlanStaff();
        await SaveStaffAsync(ct);
        await SaveClassesAsync(ct);
        PlanStudents();
        await SaveStudentsAsync(ct);
        await SaveGroupsAsync(ct);
        var structure = watch.Elapsed;
        await SaveTimetableAsync(ct);
        var timetable = watch.Elapsed;
        var (lessons, marks) = await SaveLessonsAsync(ct);
        lessons += await DemoRestOfYear.GenerateAsync(db, _school.Id, today, ct);
        // PostgreSQL plans the queries that follow (the demo's own, then the app's first pages) from table statistics that
        // autovacuum has not refreshed yet after a bulk insert of this size; a school of tens of thousands of rows read as empty.
        if (db.Database.IsNpgsql()) await AnalyzeBulkTablesAsync(ct);
        await DemoControlWorks.AddAsync(db, _school.Id, new DateTimeOffset(_start.ToDateTime(TimeOnly.MinValue), Moscow).ToUniversalTime(), ct);
        if (demo) await DemoPlans.AddAsync(db, _school.Id, _staff.First(s => s.DemoLogin == DemoSeeder.Logins.Teacher).Entity.Id,
            new DateTimeOffset(_start.ToDateTime(TimeOnly.MinValue), Moscow).ToUniversalTime(), ct);
        await DemoDiary.AddAsync(db, _school.Id, _start, new DateTimeOffset(_start.ToDateTime(TimeOnly.MinValue), Moscow).ToUniversalTime(),
            _parents.FirstOrDefault(p => p.UserId != null)?.UserId, ct);
        log.LogInformation("Демо-школа {Ordinal}: классов {Classes}, учеников {Students}, сотрудников {Staff}, уроков {Lessons}, отметок {Marks}; " +
            "структура {Structure:F1} с, расписание {Timetable:F1} с, уроки {LessonsTime:F1} с",
            schoolOrdinal + 1, _classes.Count, _students.Count, _staff.Count, lessons, marks,
            structure.TotalSeconds, (timetable - structure).TotalSeconds, (watch.Elapsed - timetable).TotalSeconds);
        return new Counts(_classes.Count, _students.Count, _parents.Count, _staff.Count, lessons, marks);
    }

    // ---------- school, year, calendar, reference lists ----------

    private async Task CreateSchoolAsync(CancellationToken ct)
    {
        var number = schoolOrdinal < SchoolNumbers.Length ? SchoolNumbers[schoolOrdinal] : 100 + schoolOrdinal;
        _school = new School
        {
            Name = $"МБОУ «Средняя общеобразовательная школа № {number}»",
            ShortName = $"МБОУ СОШ № {number}",
            Address = $"Московская обл., г. Подольск, ул. Школьная, д. {number}",
            TimeZone = DemoSeeder.TimeZone,
        };
        db.Schools.Add(_school);
        await db.SaveChangesAsync(ct);

        var y = SchoolCalendar.YearOf(today);
        (_start, _end) = SchoolCalendar.Bounds(y);
        (_periodDefs, _breakDefs) = SchoolCalendar.For(y);
        _year = new AcademicYear { SchoolId = _school.Id, Name = $"{y}/{y + 1}", Start = _start, End = _end, IsCurrent = true };
        db.AcademicYears.Add(_year);
        await db.SaveChangesAsync(ct);

        foreach (var p in _periodDefs)
            _periods.Add(
                new StudyPeriod { SchoolId = _school.Id, AcademicYearId = _year.Id, Name = p.Name, Kind = p.Kind, Number = p.Number, Start = p.Start,
                    End = p.End, Level = p.Level });
        db.StudyPeriods.AddRange(_periods);
        foreach (var b in _breakDefs)
            db.Holidays.Add(
                new Holiday { SchoolId = _school.Id, AcademicYearId = _year.Id, Name = b.Name, Kind = b.Kind, Start = b.Start, End = b.End,
                    Grade = b.Grade });

        _fivePoint = new GradingSystem { SchoolId = _school.Id, Name = "Пятибалльная", Kind = GradingKind.FivePoint };
        _passFail = new GradingSystem { SchoolId = _school.Id, Name = "Зачёт / незачёт", Kind = GradingKind.PassFail };
        _unmarked = new GradingSystem { SchoolId = _school.Id, Name = "Безотметочное обучение", Kind = GradingKind.Unmarked };
        db.GradingSystems.AddRange(_fivePoint, _passFail, _unmarked);
        var order = 0;
        foreach (var w in WorkTypes)
        {
            var wt = new WorkType { SchoolId = _school.Id, Name = w.Name, ShortName = w.Short, Weight = w.Weight, IsControl = w.Control,
                SortOrder = ++order };
            _workTypes[w.Name] = wt;
            db.WorkTypes.Add(wt);
        }

        // 45-minute lessons from 8:30 with 10- and 20-minute breaks; 1st grade: 35 minutes, starting with the others.
        int[] breaks = [10, 20, 20, 10, 10, 10, 10];
        var slots = new List<BellSlot>();
        var t = new TimeOnly(8, 30);
        for (var n = 1; n <= 8; n++)
        {
            slots.Add(new BellSlot { Number = n, Start = t, End = t.AddMinutes(45) });
            if (n < 8) t = t.AddMinutes(45 + breaks[n - 1]);
        }
        _bells = new BellSchedule { SchoolId = _school.Id, Name = "Основное (1 смена)", Shift = 1, Slots = slots };
        _firstGradeBells = new BellSchedule
        {
            SchoolId = _school.Id, Name = "1-е классы (ступенчатый режим)", Shift = 1,
            Slots = [.. slots.Take(5).Select(s => new BellSlot { Number = s.Number, Start = s.Start, End = s.Start.AddMinutes(35) })],
        };
        db.BellSchedules.AddRange(_bells, _firstGradeBells);

        order = 0;
        foreach (var s in Subjects)
        {
            var subject = new Subject { SchoolId = _school.Id, Name = s.Name, ShortName = s.ShortName, Area = s.Area, Component = s.Component,
                SortOrder = ++order };
            _subjects[s.Name] = subject;
            db.Subjects.Add(subject);
        }
        await db.SaveChangesAsync(ct);
    }

    // ---------- classes and curricula ----------

    private void PlanClasses()
    {
        string[] letters = ["А", "Б", "В"];
        for (var grade = 1; grade <= 11; grade++)
            for (var i = 0; i < ClassesPerGrade[grade - 1]; i++)
            {
                var profile = grade < 10 ? StudyProfile.None : i == 0 ? StudyProfile.Technological : StudyProfile.SocioEconomic;
                var lines = Plan(grade, profile).GroupBy(l => l.Subject)
                    .Select(g => (g.Key, g.Sum(x => x.Hours), g.First().Part)).ToList();
                _classes.Add(new ClassPlan
                {
                    Entity = new SchoolClass { SchoolId = _school.Id, Grade = grade, Letter = letters[i], Profile = profile, Shift = 1,
                        DaysPerWeek = 5 },
                    Lines = lines,
                });
            }

        // Class sizes: about equal, primary a little larger, summing to exactly the requested number.
        var weights = _classes.Select(c => (c.Grade <= 4 ? 1.08 : c.Grade >= 10 ? 0.85 : 1.0) * (0.92 + _rng.NextDouble() * 0.16)).ToList();
        var sum = weights.Sum();
        for (var i = 0; i < _classes.Count; i++) _classes[i].Size = Math.Max(2, (int)Math.Round(studentsPerSchool * weights[i] / sum));
        var diff = studentsPerSchool - _classes.Sum(c => c.Size);
        for (var i = 0; diff != 0 && i < 10_000; i++)
        {
            var c = _classes[i % _classes.Count];
            if (diff > 0) { c.Size++; diff--; }
            else if (c.Size > 2) { c.Size--; diff++; }
        }
    }

    private ClassPlan Class(int grade, string letter) => _classes.First(c => c.Grade == grade && c.Entity.Letter == letter);

    // ---------- staff and teaching load ----------

    private static readonly Dictionary<string, (string Title, string Room, double Women)> BundleInfo = new()
    {
        ["rus"] = ("Учитель русского языка и литературы", "Кабинет русского языка и литературы", 0.95),
        ["math"] = ("Учитель математики", "Кабинет математики", 0.8),
        ["eng"] = ("Учитель английского языка", "Кабинет английского языка", 0.9),
        ["inf"] = ("Учитель информатики", "Кабинет информатики", 0.4),
        ["hist"] = ("Учитель истории и обществознания", "Кабинет истории", 0.7),
        ["geo"] = ("Учитель географии", "Кабинет географии", 0.7),
        ["bio"] = ("Учитель биологии и химии", "Кабинет биологии и химии", 0.9),
        ["phys"] = ("Учитель физики", "Кабинет физики", 0.5),
        ["art"] = ("Учитель музыки и изобразительного искусства", "Кабинет музыки и ИЗО", 0.85),
        ["trud#1"] = ("Учитель труда (технологии)", "Мастерская", 0.0),
        ["trud#2"] = ("Учитель труда (технологии)", "Кабинет технологии", 1.0),
        ["pe"] = ("Учитель физической культуры", "Спортивный зал", 0.4),
    };

    private string BundleOf(ClassPlan c, string subject)
    {
        if (c.Grade <= 4 && subject is not (English or Pe)) return "primary";
        if (c.Grade >= 10 && subject == Physics) return "zavuch";
        return DemoCatalog.Subject(subject).Bundle;
    }

    private (string Last, string First, string Middle, Gender Gender) RandomAdult(double women)
    {
        var gender = _rng.NextDouble() < women ? Gender.Female : Gender.Male;
        var last = DemoNames.LastName(DemoNames.LastName(_rng), gender);
        return (last, DemoNames.AdultName(_rng, gender), DemoNames.Patronymic(_rng, gender), gender);
    }

    private StaffPlan NewStaff((string Last, string First, string Middle) name, string? bundle, string? demoLogin,
        params (PositionKind Kind, string Title, decimal Rate)[] positions)
    {
        var member = new StaffMember
        {
            SchoolId = _school.Id, LastName = name.Last, FirstName = name.First, MiddleName = name.Middle,
            Phone = DemoNames.Phone(_rng), HiredOn = _start.AddYears(-_rng.Next(1, 25)).AddDays(-_rng.Next(0, 30)),
            Positions = [.. positions.Select(p => new StaffPosition { Kind = p.Kind, Title = p.Title, Rate = p.Rate })],
        };
        var plan = new StaffPlan { Entity = member, Bundle = bundle, DemoLogin = demoLogin };
        foreach (var p in positions)
            plan.Roles.UnionWith(p.Kind switch
            {
                PositionKind.Director => new[] { Roles.Director },
                PositionKind.Deputy => new[] { Roles.Deputy },
                PositionKind.Teacher => new[] { Roles.Teacher },
                PositionKind.SystemAdministrator => new[] { Roles.SysAdmin },
                _ => Array.Empty<string>(),
            });
        _staff.Add(plan);
        return plan;
    }

    private (string, string, string) Adult(double women)
    {
        var a = RandomAdult(women);
        return (a.Last, a.First, a.Middle);
    }

    private void PlanStaff()
    {
        NewStaff(demo ? ("Воронцова", "Ирина", "Александровна") : Adult(0.7), null, demo ? DemoSeeder.Logins.Director : null,
            (PositionKind.Director, "Директор", 1m));
        var zavuch = NewStaff(demo ? ("Лебедев", "Павел", "Сергеевич") : Adult(0.5), "zavuch", demo ? DemoSeeder.Logins.Deputy : null,
            (PositionKind.Deputy, "Заместитель директора по учебно-воспитательной работе", 1m), (PositionKind.Teacher, "Учитель физики", 0.5m));
        NewStaff(Adult(0.95), null, null, (PositionKind.Deputy, "Заместитель директора по УВР (начальная школа)", 1m));
        NewStaff(Adult(0.8), null, null, (PositionKind.Deputy, "Заместитель директора по воспитательной работе", 1m));

        // Needs: hours per (bundle, track) per class; a divided subject gives two tracks with different teachers.
        var needs = new Dictionary<string, List<(ClassPlan Class, int Track, int Hours)>>();
        foreach (var c in _classes)
            foreach (var (subject, hours, _) in c.Lines)
            {
                var bundle = BundleOf(c, subject);
                var tracks = Divided(subject, c.Grade) ? new[] { 1, 2 } : [0];
                foreach (var track in tracks)
                {
                    var key = bundle is "eng" or "trud" && track > 0 ? $"{bundle}#{track}" : bundle;
                    if (bundle == "eng") key = $"eng#{(track == 0 ? 1 : track)}";
                    needs.TryAdd(key, []);
                    var list = needs[key];
                    var at = list.FindIndex(x => x.Class == c && x.Track == track);
                    if (at >= 0) list[at] = (c, track, list[at].Hours + hours);
                    else list.Add((c, track, hours));
                }
            }

        foreach (var c in _classes.Where(c => c.Grade <= 4))
        {
            var p = NewStaff(Adult(0.93), "primary", null, (PositionKind.Teacher, "Учитель начальных классов", 1m));
            c.Primary = p;
            c.ClassTeacher = p;
        }
        foreach (var (c, track, hours) in needs.GetValueOrDefault("primary") ?? []) c.Primary!.Load[(c, track)] = hours;
        foreach (var (c, track, hours) in needs.GetValueOrDefault("zavuch") ?? []) zavuch.Load[(c, track)] = hours;

        foreach (var key in BundleInfo.Keys.Concat(["eng#1", "eng#2"]).Where(needs.ContainsKey).Distinct().OrderBy(k => k, StringComparer.Ordinal))
        {
            var list = needs[key];
            var total = list.Sum(x => x.Hours);
            var count = Math.Max(1, (int)Math.Ceiling(total / 26.0));
            var info = BundleInfo[key.StartsWith("eng", StringComparison.Ordinal) ? "eng" : key];
            StaffPlan? current = null;
            int made = 0, left = total;
            foreach (var (c, track, hours) in list)
            {
                // Classes in order, cut where the load passes the fair share of what is left (parallels stay together).
                var target = (double)(left + (current?.Hours ?? 0)) / (count - made + 1);
                if (current is null || (current.Hours + hours / 2.0 > target && made < count))
                {
                    made++;
                    var demoTeacher = demo && made == 1 && key is "rus" or "math";
                    (string, string, string) name = !demoTeacher ? Adult(info.Women)
                        : key == "rus" ? ("Орлова", "Марина", "Викторовна") : ("Кузнецов", "Алексей", "Игоревич");
                    current = NewStaff(name, key, !demoTeacher ? null : key == "rus" ? DemoSeeder.Logins.ClassTeacher : DemoSeeder.Logins.Teacher,
                        (PositionKind.Teacher, info.Title, 1m));
                }
                current.Load[(c, track)] = hours;
                left -= hours;
            }
        }

        NewStaff(Adult(0.9), null, null, (PositionKind.Psychologist, "Педагог-психолог", 1m));
        NewStaff(Adult(0.9), null, null, (PositionKind.SocialPedagogue, "Социальный педагог", 1m));
        NewStaff(Adult(0.95), null, null, (PositionKind.Librarian, "Педагог-библиотекарь", 1m));
        NewStaff(demo ? ("Егоров", "Денис", "Олегович") : Adult(0.1), null, demo ? DemoSeeder.Logins.Admin : null,
            (PositionKind.SystemAdministrator, "Системный администратор", 1m));
        NewStaff(Adult(0.95), null, null, (PositionKind.Other, "Учитель-логопед", 1m));
        NewStaff(Adult(0.7), null, null, (PositionKind.Other, "Педагог-организатор", 1m));
        NewStaff(Adult(0.6), null, null, (PositionKind.Other, "Советник директора по воспитанию", 1m));
        NewStaff(Adult(1.0), null, null, (PositionKind.Other, "Секретарь учебной части", 1m));

        // Class teachers of grades 5–11: a teacher of the class with the most hours in it, one class each.
        var taken = _staff.Where(s => s.Bundle == "primary").ToHashSet();
        if (demo)
        {
            Assign(Class(5, "А"), _staff.First(s => s.DemoLogin == DemoSeeder.Logins.ClassTeacher));
            Assign(Class(6, "Б"), _staff.First(s => s.DemoLogin == DemoSeeder.Logins.Teacher));
        }
        foreach (var c in _classes.Where(c => c.ClassTeacher is null))
        {
            var pick = _staff.Where(s => s.Bundle is not (null or "zavuch" or "primary") && !taken.Contains(s))
                .OrderByDescending(s => s.Load.Where(l => l.Key.Class == c).Sum(l => l.Value)).ThenBy(s => s.Hours).First();
            Assign(c, pick);
        }

        void Assign(ClassPlan c, StaffPlan s)
        {
            c.ClassTeacher = s;
            taken.Add(s);
        }
        foreach (var c in _classes) c.ClassTeacher!.Roles.Add(Roles.ClassTeacher);

        // Rooms: a room per teacher (primary classes live in their teacher's room), plus common rooms.
        var rooms = new List<Room>();
        int floor2 = 201, floor3 = 301, gym = 0;
        var primaryRoom = 101;
        foreach (var s in _staff.Where(s => s.Bundle is not null))
        {
            if (s.Bundle == "primary")
            {
                s.Room = new Room { SchoolId = _school.Id, Number = (primaryRoom++).ToString(), Name = "Кабинет начальных классов", Capacity = 30 };
            }
            else if (s.Bundle == "pe")
            {
                gym++;
                s.Room = new Room { SchoolId = _school.Id, Number = $"СЗ-{gym}",
                    Name = gym == 1 ? "Большой спортивный зал" : gym == 2 ? "Малый спортивный зал" : $"Спортивный зал № {gym}", Capacity = 60 };
            }
            else
            {
                var name = s.Bundle == "zavuch" ? "Кабинет физики № 2"
                    : BundleInfo[s.Bundle!.StartsWith("eng", StringComparison.Ordinal) ? "eng" : s.Bundle].Room;
                var number = floor2 <= 218 ? floor2++ : floor3++;
                s.Room = new Room { SchoolId = _school.Id, Number = number.ToString(), Name = name,
                    Capacity = s.Bundle.StartsWith("eng", StringComparison.Ordinal)
                        || s.Bundle.StartsWith("trud", StringComparison.Ordinal) ? 15 : 30 };
            }
            rooms.Add(s.Room);
        }
        rooms.Add(new Room { SchoolId = _school.Id, Number = "АЗ", Name = "Актовый зал", Capacity = 200 });
        rooms.Add(new Room { SchoolId = _school.Id, Number = "Б-1", Name = "Библиотека", Capacity = 25 });
        rooms.Add(new Room { SchoolId = _school.Id, Number = "120", Name = "Кабинет педагога-психолога", Capacity = 10 });
        rooms.Add(new Room { SchoolId = _school.Id, Number = "121", Name = "Кабинет учителя-логопеда", Capacity = 8 });
        db.Rooms.AddRange(rooms);
    }

    private async Task SaveStaffAsync(CancellationToken ct)
    {
        var domain = $"sosh{(_school.ShortName.Split(' ').Last())}.example";
        foreach (var s in _staff)
        {
            var m = s.Entity;
            var login = s.DemoLogin ?? UniqueLogin(DemoNames.Login(m.LastName, m.FirstName, m.MiddleName));
            if (s.DemoLogin is not null) logins.Add(login.ToUpperInvariant());
            m.Email = $"{login}@{domain}";
            s.User = NewUser(login, m.ShortName, m.Email, mustChange: s.DemoLogin is null);
            m.UserId = s.User.Id;
            foreach (var role in s.Roles.Order(StringComparer.Ordinal))
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = s.User.Id, RoleId = roleIds[role] });
            db.StaffMembers.Add(m);
        }
        AddSchoolRoles();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The roles a school configures for staff without a built-in one (R-ROLE-8): the psychologist and the social pedagogue read
    /// the parents' register and write to parents; the librarian sees the year's set-up.
    /// </summary>
    private void AddSchoolRoles()
    {
        SchoolRole Role(string name, string description, Permission permissions, params PositionKind[] kinds)
        {
            var role = new SchoolRole
            {
                SchoolId = _school.Id, Name = name, Description = description, Permissions = (long)permissions,
                CreatedAt = new DateTimeOffset(_start.ToDateTime(TimeOnly.MinValue), Moscow).ToUniversalTime(),
            };
            foreach (var s in _staff.Where(s => s.Entity.Positions.Any(p => kinds.Contains(p.Kind))))
                role.Members.Add(new SchoolRoleMember { UserId = s.User!.Id, AddedAt = role.CreatedAt });
            return role;
        }
        db.SchoolRoles.AddRange(
            Role("Педагог-психолог", "Консультирует учеников и родителей, работает с классами",
                Permission.ReadYearSetup | Permission.OverseeSchool | Permission.WriteMessages, PositionKind.Psychologist),
            Role("Социальный педагог", "Работает с семьями, следит за пропусками",
                Permission.ReadYearSetup | Permission.OverseeSchool | Permission.WriteMessages | Permission.OverseeJournals,
                PositionKind.SocialPedagogue),
            Role("Библиотекарь", "Выдаёт учебники по классам", Permission.ReadYearSetup, PositionKind.Librarian));
    }

    private string UniqueLogin(string baseLogin)
    {
        var login = baseLogin;
        for (var i = 2; logins.Contains(login.ToUpperInvariant()); i++) login = baseLogin + i;
        logins.Add(login.ToUpperInvariant());
        return login;
    }

    private string NewGuid()
    {
        var bytes = new byte[16];
        _rng.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private AppUser NewUser(string login, string displayName, string? email, bool mustChange)
    {
        var user = new AppUser
        {
            Id = NewGuid(), UserName = login, NormalizedUserName = login.ToUpperInvariant(), DisplayName = displayName,
            Email = email, NormalizedEmail = email?.ToUpperInvariant(), EmailConfirmed = email is not null,
            PasswordHash = passwordHash, SecurityStamp = NewGuid().Replace("-", "").ToUpperInvariant(), ConcurrencyStamp = NewGuid(),
            LockoutEnabled = true, SchoolId = _school.Id, MustChangePassword = mustChange,
            CreatedAt = new DateTimeOffset(_start.AddDays(-7).ToDateTime(new TimeOnly(9, 0)), Moscow).ToUniversalTime(),
        };
        db.Users.Add(user);
        return user;
    }

    private async Task SaveClassesAsync(CancellationToken ct)
    {
        foreach (var c in _classes)
        {
            c.Entity.AcademicYearId = _year.Id;
            c.Entity.BellScheduleId = c.Grade == 1 ? _firstGradeBells.Id : _bells.Id;
            c.Entity.RoomId = c.ClassTeacher!.Room!.Id;
            db.SchoolClasses.Add(c.Entity);
        }
        await db.SaveChangesAsync(ct);

        // One curriculum per parallel and profile.
        foreach (var grp in _classes.GroupBy(c => (c.Grade, c.Entity.Profile)))
        {
            var first = grp.First();
            var curriculum = new Curriculum
            {
                SchoolId = _school.Id, AcademicYearId = _year.Id, Grade = grp.Key.Grade, Profile = grp.Key.Profile,
                Name = $"Учебный план {grp.Key.Grade}-х классов" + (grp.Key.Profile switch
                {
                    StudyProfile.Technological => " (технологический профиль)",
                    StudyProfile.SocioEconomic => " (социально-экономический профиль)",
                    _ => "",
                }),
                Lines = [.. first.Lines.Select(l =>
                    new CurriculumLine { SubjectId = _subjects[l.Subject].Id, HoursPerWeek = l.Hours, Part = l.Part,
                        Divided = Divided(l.Subject, grp.Key.Grade) })],
            };
            db.Curricula.Add(curriculum);
            await db.SaveChangesAsync(ct);
            foreach (var c in grp) c.Entity.CurriculumId = curriculum.Id;
        }
        foreach (var c in _classes)
        {
            db.Entry(c.Entity).Property(x => x.CurriculumId).IsModified = true;
            db.ClassTeachers.Add(
                new ClassTeacher { SchoolId = _school.Id, SchoolClassId = c.Entity.Id, StaffMemberId = c.ClassTeacher!.Entity.Id, From = _start });
        }
        await db.SaveChangesAsync(ct);
    }

    // ---------- students and parents ----------

    private void PlanStudents()
    {
        var free = _classes.ToDictionary(c => c, c => c.Size);

        StudentPlan AddChild(ClassPlan c, string last, string first, string middle, Gender gender)
        {
            var age = 6 + c.Grade;
            var birth = new DateOnly(_start.Year - age - 1, 9, 1).AddDays(_rng.Next(0, 365));
            var ability = Math.Clamp(3.8 + Gauss() * 0.55, 2.6, 4.95);
            var s = new StudentPlan
            {
                Entity = new Student { SchoolId = _school.Id, LastName = last, FirstName = first, MiddleName = middle, BirthDate = birth,
                    Gender = gender },
                Class = c, Ability = ability, From = _start,
            };
            free[c]--;
            c.Students.Add(s);
            _students.Add(s);
            return s;
        }

        Parent AddParent(string last, string first, string middle, string? login)
        {
            var p = new Parent
            {
                SchoolId = _school.Id, LastName = last, FirstName = first, MiddleName = middle, Phone = DemoNames.Phone(_rng),
                Email = $"{DemoNames.Transliterate(last)}.{DemoNames.Transliterate(first)}{_rng.Next(1, 999)}@mail.example",
            };
            if (login is not null)
            {
                logins.Add(login.ToUpperInvariant());
                var user = NewUser(login, p.FullName, null, mustChange: false);
                p.UserId = user.Id;
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[Roles.Parent] });
            }
            _parents.Add(p);
            return p;
        }

        void Link(StudentPlan s, Parent p, RepresentativeKind kind) =>
            s.Entity.Parents.Add(new StudentParent { Student = s.Entity, Parent = p, Kind = kind });

        if (demo)
        {
            var mother = AddParent("Соколова", "Елена", "Викторовна", DemoSeeder.Logins.Parent);
            var father = AddParent("Соколов", "Андрей", "Николаевич", null);
            var son = AddChild(Class(5, "А"), "Соколов", "Михаил", "Андреевич", Gender.Male);
            son.Entity.BirthDate = new DateOnly(_start.Year - 11, 3, 14);
            son.Entity.UserId = NewUser(DemoSeeder.Logins.Student, son.Entity.FullName, null, mustChange: false).Id;
            logins.Add(DemoSeeder.Logins.Student.ToUpperInvariant());
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = son.Entity.UserId, RoleId = roleIds[Roles.Student] });
            var daughter = AddChild(Class(2, "А"), "Соколова", "Анна", "Андреевна", Gender.Female);
            daughter.Entity.BirthDate = new DateOnly(_start.Year - 8, 6, 2);
            foreach (var child in new[] { son, daughter })
            {
                Link(child, mother, RepresentativeKind.Mother);
                Link(child, father, RepresentativeKind.Father);
            }
        }

        foreach (var c in _classes)
            while (free[c] > 0)
            {
                var familyLast = DemoNames.LastName(_rng);
                var father = DemoNames.Father(_rng);
                var roll = _rng.NextDouble();
                var kids = roll < 0.78 ? 1 : roll < 0.96 ? 2 : 3;
                var classes = new List<ClassPlan> { c };
                for (var k = 1; k < kids; k++)
                {
                    var options = _classes.Where(o => free[o] > (classes.Contains(o) ? 1 : 0) && classes.All(x => x.Grade != o.Grade)).ToList();
                    if (options.Count == 0) break;
                    classes.Add(options[_rng.Next(options.Count)]);
                }
                var children = new List<StudentPlan>();
                foreach (var cls in classes)
                {
                    var gender = _rng.Next(2) == 0 ? Gender.Male : Gender.Female;
                    children.Add(
                        AddChild(cls, DemoNames.LastName(familyLast, gender), DemoNames.ChildName(_rng, gender),
                            gender == Gender.Male ? father.Son : father.Daughter, gender));
                }
                var who = _rng.NextDouble();
                var parents = new List<(Parent, RepresentativeKind)>();
                if (who < 0.96 - 0.04)
                    parents.Add(
                        (AddParent(DemoNames.Feminine(familyLast), DemoNames.WomanName(_rng), DemoNames.Patronymic(_rng, Gender.Female), null),
                            RepresentativeKind.Mother));
                if (who < 0.72 || (who >= 0.92 && who < 0.96))
                    parents.Add((AddParent(familyLast, father.Name, DemoNames.Patronymic(_rng, Gender.Male), null), RepresentativeKind.Father));
                if (who >= 0.96)
                    parents.Add(
                        (AddParent(DemoNames.Feminine(DemoNames.LastName(_rng)), DemoNames.WomanName(_rng), DemoNames.Patronymic(_rng, Gender.Female),
                            null), RepresentativeKind.Guardian));
                foreach (var child in children)
                    foreach (var (p, kind) in parents) Link(child, p, kind);
            }

        // Movement: two arrivals in the term, one transfer between parallel classes, one withdrawal.
        DateOnly Monday(DateOnly d) { while (d.DayOfWeek != DayOfWeek.Monday) d = d.AddDays(1); return d; }
        var october = Monday(new DateOnly(_start.Year, 10, 12));
        var november = Monday(new DateOnly(_start.Year, 11, 9));
        StudentPlan Pick(ClassPlan c) =>
            c.Students.Where(s => s.Entity.UserId is null
                && s.Entity.Parents.All(p => p.Parent!.UserId is null) && s.From == _start && s.Leave is null).Last();
        if (october <= today) Pick(Class(3, "Б")).From = october;
        if (november <= today) Pick(Class(8, "А")).From = november;
        if (october <= today)
        {
            var moving = Pick(Class(7, "А"));
            moving.LeftOn = october.AddDays(-1);
            moving.Leave = LeaveReason.Transfer;
            moving.NewClass = Class(7, "Б");
        }
        var withdrawal = november.AddDays(-3);
        if (withdrawal <= today)
        {
            var leaving = Pick(Class(10, "Б"));
            leaving.LeftOn = withdrawal;
            leaving.Leave = LeaveReason.Withdrawal;
        }

        foreach (var c in _classes)
        {
            // Sub-groups: the first half of the class list in alphabetical order is group 1.
            var sorted = c.Students.OrderBy(s => s.Entity.LastName, StringComparer.Ordinal)
                .ThenBy(s => s.Entity.FirstName, StringComparer.Ordinal).ToList();
            for (var i = 0; i < sorted.Count; i++) sorted[i].Track = i < (sorted.Count + 1) / 2 ? 1 : 2;
        }
        foreach (var s in _students.Where(s => s.NewClass is not null)) s.NewTrack = 2;
    }

    private double Gauss()
    {
        var u1 = 1.0 - _rng.NextDouble();
        var u2 = _rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private async Task SaveStudentsAsync(CancellationToken ct)
    {
        db.Parents.AddRange(_parents);
        foreach (var s in _students)
        {
            db.Students.Add(s.Entity);
            db.StudentParents.AddRange(s.Entity.Parents);
        }
        await db.SaveChangesAsync(ct);
        foreach (var s in _students)
        {
            var first = s.Class.Grade == 1 || s.From > _start;
            db.Enrolments.Add(new Enrolment
            {
                SchoolId = _school.Id, StudentId = s.Entity.Id, SchoolClassId = s.Class.Entity.Id, From = s.From, To = s.LeftOn,
                Reason = s.From > _start ? EnrolmentReason.Arrival : first ? EnrolmentReason.Arrival : EnrolmentReason.Promotion,
                LeaveReason = s.Leave,
                Order = s.From > _start
                    ? $"Приказ № {_rng.Next(60, 90)}-у от {s.From.AddDays(-3):dd.MM.yyyy}"
                    : $"Приказ № {_rng.Next(40, 50)}-у от {_start.AddDays(-2):dd.MM.yyyy}",
            });
            if (s.NewClass is not null)
                db.Enrolments.Add(new Enrolment
                {
                    SchoolId = _school.Id, StudentId = s.Entity.Id, SchoolClassId = s.NewClass.Entity.Id, From = s.LeftOn!.Value.AddDays(1),
                    Reason = EnrolmentReason.Transfer, Order = $"Приказ № {_rng.Next(60, 90)}-у от {s.LeftOn.Value.AddDays(-2):dd.MM.yyyy}",
                });
        }
        await db.SaveChangesAsync(ct);
    }

    // ---------- groups, load, timetable ----------

    private StaffPlan TeacherOf(ClassPlan c, string subject, int track)
    {
        var bundle = BundleOf(c, subject);
        if (bundle == "primary") return c.Primary!;
        return _staff.First(s => s.Bundle is not null && s.Load.ContainsKey((c, track)) &&
            (s.Bundle == bundle || s.Bundle.StartsWith(bundle + "#", StringComparison.Ordinal)) &&
            (track == 0 || s.Bundle.EndsWith("#" + track, StringComparison.Ordinal) || bundle == "zavuch"));
    }

    private GradingSystem GradingFor(int grade, string subject) =>
        grade == 1 ? _unmarked : subject is Orkse or HardProblems ? _passFail : _fivePoint;

    private GroupPlan NewGroup(string name, GroupKind kind, string subject, List<ClassPlan> classes, StaffPlan teacher, int hours)
    {
        var group = new GroupPlan
        {
            Entity = new TeachingGroup
            {
                SchoolId = _school.Id, AcademicYearId = _year.Id, SubjectId = _subjects[subject].Id, Name = name, Kind = kind,
                GradingSystemId = GradingFor(classes[0].Grade, subject).Id,
                Classes = [.. classes.Select(c => new GroupClass { SchoolClassId = c.Entity.Id })],
            },
            Subject = subject, Classes = classes, Teacher = teacher, Hours = hours,
        };
        _groups.Add(group);
        return group;
    }

    private void AddMembers(GroupPlan g, ClassPlan c, int track)
    {
        foreach (var s in _students)
        {
            if (s.Class == c && (track == 0 || s.Track == track)) g.Members.Add((s, s.From, s.LeftOn));
            if (s.NewClass == c && (track == 0 || s.NewTrack == track)) g.Members.Add((s, s.LeftOn!.Value.AddDays(1), null));
        }
    }

    private async Task SaveGroupsAsync(CancellationToken ct)
    {
        foreach (var c in _classes)
            foreach (var (subject, hours, _) in c.Lines)
            {
                var shortName = _subjects[subject].ShortName;
                if (Divided(subject, c.Grade))
                    for (var track = 1; track <= 2; track++)
                    {
                        var g = NewGroup($"{c.Name} {shortName}, {track} гр.", GroupKind.SubGroup, subject, [c], TeacherOf(c, subject, track), hours);
                        AddMembers(g, c, track);
                    }
                else
                    AddMembers(NewGroup($"{c.Name} {shortName}", GroupKind.WholeClass, subject, [c], TeacherOf(c, subject, 0), hours), c, 0);
            }

        // A stream of the 9th grades for an elective, taught by the maths teacher of 9А.
        var ninth = _classes.Where(c => c.Grade == 9).ToList();
        var streamTeacher = TeacherOf(ninth[0], Algebra, 0);
        var stream = NewGroup($"9-е классы: {HardProblems}", GroupKind.Stream, HardProblems, ninth, streamTeacher, 1);
        streamTeacher.Load[(ninth[0], 9)] = 1;
        foreach (var c in ninth)
            foreach (var s in c.Students.Where(s => s.LeftOn is null && s.NewClass is null && _rng.NextDouble() < 0.45))
                stream.Members.Add((s, s.From, null));

        // Two students on individual curricula (ИУП) with an individual lesson each.
        foreach (var (c, subject) in new[] { (Class(3, "В"), Russian), (Class(8, "Б"), Algebra) })
        {
            var s = c.Students.First(x => x.From == _start && x.LeftOn is null && x.Entity.UserId is null);
            var teacher = TeacherOf(c, subject, 0);
            var g = NewGroup($"{_subjects[subject].ShortName} (ИУП, {s.Entity.LastName} {s.Entity.FirstName[0]}.)", GroupKind.Individual, subject,
                [c], teacher, 1);
            g.Members.Add((s, _start, null));
            teacher.Load[(c, 100 + _groups.Count)] = 1;
            db.Curricula.Add(new Curriculum
            {
                SchoolId = _school.Id, AcademicYearId = _year.Id, Grade = c.Grade, Profile = c.Entity.Profile, StudentId = s.Entity.Id,
                Name = $"Индивидуальный учебный план: {s.Entity.LastName} {s.Entity.FirstName[0]}. {s.Entity.MiddleName?[0]}.",
                Lines =
                [
                    .. c.Lines.Select(l =>
                        new CurriculumLine { SubjectId = _subjects[l.Subject].Id, HoursPerWeek = l.Hours, Part = l.Part,
                            Divided = Divided(l.Subject, c.Grade) }),
                    new CurriculumLine { SubjectId = _subjects[subject].Id, HoursPerWeek = 1, Part = SubjectComponent.School },
                ],
            });
        }

        foreach (var g in _groups) db.TeachingGroups.Add(g.Entity);
        await db.SaveChangesAsync(ct);
        foreach (var g in _groups)
        {
            db.TeachingAssignments.Add(
                new TeachingAssignment { SchoolId = _school.Id, TeachingGroupId = g.Entity.Id, StaffMemberId = g.Teacher.Entity.Id,
                    HoursPerWeek = g.Hours, From = _start });
            foreach (var (s, from, to) in g.Members)
                db.GroupMemberships.Add(
                    new GroupMembership { SchoolId = _school.Id, TeachingGroupId = g.Entity.Id, StudentId = s.Entity.Id, From = from, To = to });
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SaveTimetableAsync(CancellationToken ct)
    {
        var units = new List<TimetableUnit>();
        int? RoomOf(GroupPlan g) => g.Teacher.Bundle == "primary" ? g.Classes[0].ClassTeacher!.Room!.Id : g.Teacher.Room!.Id;
        UnitSession Session(GroupPlan g) => new(g.Entity.Id, g.Teacher.Entity.Id, RoomOf(g));
        foreach (var byClass in _groups.Where(g => g.Entity.Kind is GroupKind.WholeClass or GroupKind.SubGroup)
            .GroupBy(g => (g.Classes[0], g.Subject)))
        {
            var list = byClass.ToList();
            units.Add(new TimetableUnit([.. list.Select(Session)], [byClass.Key.Item1.Entity.Id], list[0].Hours));
        }
        foreach (var g in _groups.Where(g => g.Entity.Kind is GroupKind.Stream or GroupKind.Individual))
            units.Add(new TimetableUnit([Session(g)], [.. g.Classes.Select(c => c.Entity.Id)], g.Hours, g.Entity.Kind == GroupKind.Stream,
                Extra: true));

        var perDay = _classes.ToDictionary(c => c.Entity.Id, c => TimetableBuilder.LessonsPerDay(c.WeeklyHours, 5));
        var max = _classes.ToDictionary(c => c.Entity.Id, c => c.Grade <= 4 ? 5 : c.Grade <= 6 ? 7 : 8);
        List<(TimetableUnit Unit, int Day, int Number)>? placed = null;
        for (var attempt = 0; placed is null; attempt++)
        {
            try { placed = TimetableBuilder.Build(units, perDay, max, 5, 1000 * runIndex + attempt); }
            catch (TimetableBuilder.Failure) when (attempt < 40) { }
        }

        foreach (var (unit, day, number) in placed)
            foreach (var s in unit.Sessions)
                _entries.Add(new TimetableEntry
                {
                    SchoolId = _school.Id, AcademicYearId = _year.Id, TeachingGroupId = s.GroupId, DayOfWeek = day, LessonNumber = number,
                    StaffMemberId = s.TeacherId, RoomId = s.RoomId, ValidFrom = _start, ValidTo = _end,
                });

        var info = _groups.ToDictionary(g => g.Entity.Id,
            g => new GroupInfo(g.Entity.Id, g.Entity.Kind, g.Entity.SubjectId, [.. g.Classes.Select(c => c.Entity.Id)]));
        var members = _groups.ToDictionary(g => g.Entity.Id, g => g.Members.Where(m => m.To is null).Select(m => m.Student.Entity.Id).ToList());
        var clashes = TimetableClashes.Find(
            _entries.Select(e => new Placement(e.TeachingGroupId, e.DayOfWeek, e.LessonNumber, e.StaffMemberId, e.RoomId)), info,
            p => members[p.GroupId]);
        if (clashes.Count > 0) throw new InvalidOperationException($"Демо-расписание содержит {clashes.Count} конфликтов, первый: {clashes[0]}");
        db.TimetableEntries.AddRange(_entries);
        await db.SaveChangesAsync(ct);
    }

    // ---------- lessons, marks, attendance ----------

    private async Task<(int Lessons, int Marks)> SaveLessonsAsync(CancellationToken ct)
    {
        var groups = _groups.ToDictionary(g => g.Entity.Id);
        var slotsByNumber = new Dictionary<(int Bells, int Number), BellSlot>();
        foreach (var b in new[] { _bells, _firstGradeBells })
            foreach (var s in b.Slots) slotsByNumber[(b.Id, s.Number)] = s;

        var horizon = today.AddDays(21);
        var schoolDay = new Dictionary<(int Grade, DateOnly Date), bool>();
        bool IsSchoolDay(int grade, DateOnly d)
        {
            if (!schoolDay.TryGetValue((grade, d), out var v))
                schoolDay[(grade, d)] = v = SchoolCalendar.IsSchoolDay(d, grade, _periodDefs, _breakDefs);
            return v;
        }

        // All lesson occurrences up to a little past today (the later ones only give homework due dates).
        var occurrences = new List<(DateOnly Date, TimetableEntry Entry)>();
        for (var d = _start; d <= horizon && d <= _end; d = d.AddDays(1))
        {
            var dow = d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek;
            foreach (var e in _entries.Where(e => e.DayOfWeek == dow))
                if (IsSchoolDay(groups[e.TeachingGroupId].Grade, d)) occurrences.Add((d, e));
        }
        var byGroup = occurrences.GroupBy(o => o.Entry.TeachingGroupId)
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.Date).ThenBy(o => o.Entry.LessonNumber).ToList());
        var indexOf = new Dictionary<(int Group, DateOnly Date, int Number), (int Index, DateOnly? Next)>();
        foreach (var (gid, list) in byGroup)
            for (var i = 0; i < list.Count; i++)
                indexOf[(gid, list[i].Date, list[i].Entry.LessonNumber)] = (i, i + 1 < list.Count ? list[i + 1].Date : null);

        var absences = PlanAbsences();
        var substitutes = PlanSubstitutions(occurrences.Where(o => o.Date < today).Select(o => o.Date).Distinct().Order().ToList());
        var users = _staff.ToDictionary(s => s.Entity.Id, s => s.User!.Id);
        var ordinary = WorkTypes.Where(w => !w.Control).Select(w => _workTypes[w.Name]).ToList();
        int lessons = 0, marks = 0, pending = 0;
        var counted = new List<(int Group, int Period, int Student, string Value, decimal Weight)>();
        // The lessons go through EF's save, which gives them their ids; what hangs on them waits here for its lesson's id and is
        // then written in bulk (BulkInsert): a held lesson has some ten marks, codes and homework to its one row.
        var batch = new List<(Lesson Lesson, Homework? Homework, List<Mark> Marks, List<Attendance> Attendance)>();

        foreach (var (date, entry) in occurrences.Where(o => o.Date <= today).OrderBy(o => o.Date).ThenBy(o => o.Entry.LessonNumber))
        {
            var g = groups[entry.TeachingGroupId];
            var cls = g.Classes[0];
            var slot = slotsByNumber[(cls.Entity.BellScheduleId!.Value, entry.LessonNumber)];
            var level = SchoolCalendar.LevelOf(g.Grade);
            var period = _periods.First(p => p.Level == level && p.Start <= date && date <= p.End);
            var (index, next) = indexOf[(g.Entity.Id, date, entry.LessonNumber)];
            var held = date < today;
            var lesson = new Lesson
            {
                SchoolId = _school.Id, TeachingGroupId = g.Entity.Id, StudyPeriodId = period.Id, TimetableEntryId = entry.Id,
                Date = date, Number = entry.LessonNumber, Start = slot.Start, End = slot.End, RoomId = entry.RoomId,
                TeacherId = entry.StaffMemberId, Topic = DemoCatalog.Topic(g.Subject, g.Grade, index, g.Hours * DemoCatalog.StudyWeeks),
                Status = held ? LessonStatus.Held : LessonStatus.Planned,
            };
            lessons++;
            Homework? homework = null;
            List<Mark> lessonMarks = [];
            List<Attendance> attendance = [];
            if (held)
            {
                if (substitutes.TryGetValue((entry.StaffMemberId, date, entry.LessonNumber), out var sub)) lesson.SubstituteTeacherId = sub;
                var at = new DateTimeOffset(date.ToDateTime(slot.End), Moscow).ToUniversalTime();
                var author = users[lesson.SubstituteTeacherId ?? lesson.TeacherId];
                if (_rng.NextDouble() < 0.85 && DemoCatalog.Homework(g.Subject, index, _rng) is { } text)
                    homework = new Homework { SchoolId = _school.Id, Text = text, DueDate = next, CreatedAt = at };

                var marked = g.Entity.GradingSystemId == _fivePoint.Id;
                var control = marked && index % 8 == 7 && g.Subject is not (Pe or Music or Art or Labour or Project);
                var controlType = _workTypes[ControlWork(g.Subject)];
                foreach (var (s, from, to) in g.Members)
                {
                    if (from > date || (to is not null && to < date)) continue;
                    var sid = s.Entity.Id;
                    AttendanceCode? code = absences.TryGetValue((sid, date), out var c) ? c
                        : _rng.NextDouble() < 0.012 ? AttendanceCode.Absent
                        : entry.LessonNumber == 1 && _rng.NextDouble() < 0.03 ? AttendanceCode.Late : null;
                    if (code is { } ac)
                        attendance.Add(new Attendance { SchoolId = _school.Id, StudentId = sid, Code = ac });
                    if (!marked || code is AttendanceCode.Absent or AttendanceCode.Ill or AttendanceCode.Excused) continue;
                    if (!control && _rng.NextDouble() >= 0.3) continue;
                    var value = Math.Clamp((int)Math.Round(s.Ability + Gauss() * 0.75), 2, 5);
                    var type = control
                        ? controlType
                        : ordinary[Math.Min(ordinary.Count - 1, (int)(Math.Pow(_rng.NextDouble(), 2.2) * ordinary.Count))];
                    lessonMarks.Add(new Mark
                    {
                        SchoolId = _school.Id, StudentId = sid, Value = value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        WorkTypeId = type.Id, CreatedAt = at, CreatedById = author,
                    });
                    counted.Add((g.Entity.Id, period.Id, sid, lessonMarks[^1].Value, type.Weight));
                    marks++;
                }
            }
            batch.Add((lesson, homework, lessonMarks, attendance));
            pending += 1 + lessonMarks.Count + attendance.Count;
            if (pending >= 20_000)
            {
                await FlushAsync(batch, ct);
                pending = 0;
            }
        }
        await FlushAsync(batch, ct);
        await db.InsertAllAsync(PeriodGrades(counted, groups, users).ToList(), ct);
        return (lessons, marks);
    }

    private async Task FlushAsync(List<(Lesson Lesson, Homework? Homework, List<Mark> Marks, List<Attendance> Attendance)> batch,
        CancellationToken ct)
    {
        db.Lessons.AddRange(batch.Select(b => b.Lesson));
        await FlushAsync(ct);
        foreach (var (lesson, homework, marks, attendance) in batch)
        {
            if (homework is not null) homework.LessonId = lesson.Id;
            foreach (var m in marks) m.LessonId = lesson.Id;
            foreach (var a in attendance) a.LessonId = lesson.Id;
        }
        await db.InsertAllAsync(batch.Where(b => b.Homework is not null).Select(b => b.Homework!).ToList(), ct);
        await db.InsertAllAsync(batch.SelectMany(b => b.Marks).ToList(), ct);
        await db.InsertAllAsync(batch.SelectMany(b => b.Attendance).ToList(), ct);
        batch.Clear();
    }

    /// <summary>
    /// The grades of the periods already over, as a school's journal has them by then: the grade the student's average
    /// in the group suggests (R-JRN-5), for each student still in the group on the period's last day.
    /// </summary>
    private IEnumerable<PeriodGrade> PeriodGrades(List<(int Group, int Period, int Student, string Value, decimal Weight)> counted,
        Dictionary<int, GroupPlan> groups, Dictionary<int, string> users)
    {
        var over = _periods.Where(p => p.End < today).ToDictionary(p => p.Id);
        foreach (var x in counted.Where(c => over.ContainsKey(c.Period)).GroupBy(c => (c.Group, c.Period, c.Student)))
        {
            var (g, end) = (groups[x.Key.Group], over[x.Key.Period].End);
            if (!g.Members.Any(m => m.Student.Entity.Id == x.Key.Student && m.From <= end && (m.To == null || m.To >= end))) continue;
            var grade = Averages.SuggestedGrade(Averages.Weighted(x.Select(c => (c.Value, c.Weight))));
            if (grade is null) continue;
            yield return new PeriodGrade
            {
                SchoolId = _school.Id, TeachingGroupId = g.Entity.Id, StudentId = x.Key.Student, StudyPeriodId = x.Key.Period,
                Kind = PeriodGradeKind.Period, Value = grade, CreatedById = users[g.Teacher.Entity.Id],
                CreatedAt = new DateTimeOffset(end.ToDateTime(new TimeOnly(15, 0)), Moscow).ToUniversalTime(),
            };
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>Whole-day absences: illness streaks of several school days (Б) and single excused days (У).</summary>
    private Dictionary<(int Student, DateOnly Date), AttendanceCode> PlanAbsences()
    {
        var result = new Dictionary<(int, DateOnly), AttendanceCode>();
        var days = new List<DateOnly>();
        for (var d = _start; d <= today; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days.Add(d);
        foreach (var s in _students)
            for (var i = 0; i < days.Count; i++)
            {
                var r = _rng.NextDouble();
                if (r < 0.009)
                {
                    var length = _rng.Next(3, 8);
                    for (var k = 0; k < length && i < days.Count; k++, i++) result[(s.Entity.Id, days[i])] = AttendanceCode.Ill;
                }
                else if (r < 0.016) result[(s.Entity.Id, days[i])] = AttendanceCode.Excused;
            }
        return result;
    }

    /// <summary>Two teachers off sick for three days each; a free colleague (of the same subject if possible) takes each lesson.</summary>
    private Dictionary<(int Teacher, DateOnly Date, int Number), int> PlanSubstitutions(List<DateOnly> pastDays)
    {
        var result = new Dictionary<(int, DateOnly, int), int>();
        if (pastDays.Count < 10) return result;
        var busy = _entries.Select(e => (e.StaffMemberId, e.DayOfWeek, e.LessonNumber)).ToHashSet();
        var teachers = _staff.Where(s => s.Bundle is not (null or "zavuch") && s.DemoLogin is null && s.Hours > 0).ToList();
        var taken = new HashSet<(int, DateOnly, int)>();
        for (var episode = 0; episode < 2; episode++)
        {
            var sick = teachers[_rng.Next(teachers.Count)];
            var first = _rng.Next(0, pastDays.Count - 3);
            foreach (var date in pastDays.Skip(first).Take(3))
            {
                var dow = (int)date.DayOfWeek;
                foreach (var e in _entries.Where(e => e.StaffMemberId == sick.Entity.Id && e.DayOfWeek == dow))
                {
                    var sub = teachers.Where(t => t != sick
                        && !busy.Contains((t.Entity.Id, dow, e.LessonNumber)) && !taken.Contains((t.Entity.Id, date, e.LessonNumber)))
                        .OrderBy(t => t.Bundle == sick.Bundle ? 0 : 1).ThenBy(t => t.Hours).FirstOrDefault();
                    if (sub is null) continue;
                    taken.Add((sub.Entity.Id, date, e.LessonNumber));
                    result[(sick.Entity.Id, date, e.LessonNumber)] = sub.Entity.Id;
                }
            }
        }
        return result;
    }
}
