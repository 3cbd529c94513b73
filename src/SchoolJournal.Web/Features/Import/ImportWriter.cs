using System.Globalization;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Year.Groups;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Import;

/// <summary>What a confirmed import wrote, kept on its batch so «Отменить импорт» removes and restores exactly that.</summary>
public sealed class ImportChanges
{
    public List<int> Classes { get; set; } = [];
    public List<int> Students { get; set; } = [];
    public List<int> Parents { get; set; } = [];
    public List<int> Staff { get; set; } = [];
    public List<ImportLink> Links { get; set; } = [];
    public List<ImportRestore> Restore { get; set; } = [];
}

public sealed record ImportLink(int StudentId, int ParentId);

/// <summary>A changed row: its entity («student», «parent», «staff», «class»), id and the old values of what changed, as text.</summary>
public sealed record ImportRestore(string Entity, int Id, Dictionary<string, string?> Values);

/// <summary>The confirm's unit of work: planned rows add and change through it, so it knows what to audit and what the undo needs.</summary>
public sealed class ImportWriter(JournalDbContext db, int schoolId)
{
    private readonly List<SchoolClass> _classes = [];
    private readonly List<(Student Student, int ClassId, DateOnly From, List<GroupMembership> Members)> _students = [];
    private readonly List<Parent> _parents = [];
    private readonly List<StaffMember> _staff = [];
    private readonly List<StudentParent> _links = [];
    private readonly List<(object Row, Dictionary<string, string?> Before)> _changed = [];

    public int SchoolId => schoolId;

    public void Add(SchoolClass cls)
    {
        db.SchoolClasses.Add(cls);
        _classes.Add(cls);
    }

    /// <summary>A new student, enrolled, and a member of his class's whole-class groups from the same day (as an arrival is).</summary>
    public void Add(Student student, int classId, DateOnly from, int[] groupIds)
    {
        db.Students.Add(student);
        var members = groupIds.Select(g => new GroupMembership { SchoolId = schoolId, TeachingGroupId = g, Student = student, From = from }).ToList();
        db.GroupMemberships.AddRange(members);
        _students.Add((student, classId, from, members));
    }

    public Parent Add(Parent parent)
    {
        db.Parents.Add(parent);
        _parents.Add(parent);
        return parent;
    }

    public void Add(StaffMember member)
    {
        db.StaffMembers.Add(member);
        _staff.Add(member);
    }

    public void Link(int studentId, Parent parent, RepresentativeKind kind)
    {
        var link = new StudentParent { StudentId = studentId, Parent = parent, Kind = kind };
        db.StudentParents.Add(link);
        _links.Add(link);
    }

    public void Change(object row, IEnumerable<(string Property, object? Value)> diffs)
    {
        var entry = db.Entry(row);
        var before = new Dictionary<string, string?>();
        foreach (var (property, value) in diffs)
        {
            before[property] = Text(entry.Property(property).CurrentValue);
            entry.Property(property).CurrentValue = value;
        }
        _changed.Add((row, before));
    }

    public int Created => _classes.Count + _students.Count + _parents.Count + _staff.Count;

    /// <summary>After the save: the ids, for the batch.</summary>
    public ImportChanges Result() => new()
    {
        Classes = [.. _classes.Select(c => c.Id)],
        Students = [.. _students.Select(s => s.Student.Id)],
        Parents = [.. _parents.Select(p => p.Id)],
        Staff = [.. _staff.Select(s => s.Id)],
        Links = [.. _links.Select(l => new ImportLink(l.StudentId, l.ParentId))],
        Restore = [.. _changed.Select(c => new ImportRestore(EntityOf(c.Row), (int)db.Entry(c.Row).Property("Id").CurrentValue!, c.Before))],
    };

    /// <summary>The events the same rows get when entered by hand: an arrival per student with its roster rows, a set-up record per class and
    /// member of staff.</summary>
    public async Task AuditAsync(AuditLog audit, CancellationToken ct)
    {
        foreach (var c in _classes)
            await audit.RecordAsync(AuditEventType.SetupCreated, "class", c.Id, null, new { c.Grade, c.Letter, c.Shift, c.DaysPerWeek }, ct: ct);
        foreach (var (s, classId, from, members) in _students)
        {
            await audit.RecordAsync(AuditEventType.StudentMoved, "student", s.Id, null,
                new { movement = "arrival", classId, date = from, order = "Импорт из таблицы", student = s.FullName,
                    groups = members.Select(m => m.TeachingGroupId).ToList() }, ct: ct);
            foreach (var m in members)
                await audit.RecordAsync(AuditEventType.RosterChanged, GroupMembers.Entity, m.Id, null,
                    new { groupId = m.TeachingGroupId, m.StudentId, m.From, m.To }, ct: ct);
        }
        foreach (var s in _staff)
            await audit.RecordAsync(AuditEventType.SetupCreated, "staff", s.Id, null,
                new { s.LastName, s.FirstName, s.MiddleName, positions = s.Positions.Select(p => p.Title).ToList() }, ct: ct);
        foreach (var (row, before) in _changed)
        {
            var entry = db.Entry(row);
            await audit.RecordAsync(AuditEventType.SetupChanged, EntityOf(row), entry.Property("Id").CurrentValue!, before,
                before.Keys.ToDictionary(k => k, k => Text(entry.Property(k).CurrentValue)), ct: ct);
        }
    }

    public static string EntityOf(object row) => row switch
    {
        Student => "student",
        Parent => "parent",
        StaffMember => "staff",
        _ => "class",
    };

    public static string? Text(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToString("O", CultureInfo.InvariantCulture),
        Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A stored old value back to its property's type.</summary>
    public static object? Value(Type type, string? text)
    {
        if (text is null) return null;
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return text;
        if (t == typeof(DateOnly)) return DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (t == typeof(DateTimeOffset)) return DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture);
        if (t.IsEnum) return Enum.ToObject(t, int.Parse(text, CultureInfo.InvariantCulture));
        return Convert.ChangeType(text, t, CultureInfo.InvariantCulture);
    }
}
