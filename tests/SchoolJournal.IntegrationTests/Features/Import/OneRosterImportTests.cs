using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Export;

namespace SchoolJournal.IntegrationTests.Features.Import;

/// <summary>
/// OneRoster 1.2 CSV import (R-X-1, item 3): the shared packages (the broken Moodle one refused with named messages, the tolerant one
/// accepted with its warning, LongsightGroup's bulk and delta), our own export read back into a fresh school and into the same one,
/// re-import, <c>tobedeleted</c>, access. The school A: 5А (class teacher Смирнова) with Иванова and Кузнецов, 6Б with Орлов; Орлова,
/// mother of Орлов and Иванова, Кузнецов Павел, guardian of Кузнецов; staff Смирнова and Петрова; groups: maths of 5А (Смирнова), an
/// English sub-group of 5А with Иванова (Петрова), a choir of 5А and 6Б (Петрова). School B: empty but for its year and «admin2».
/// </summary>
public sealed class OneRosterImportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static readonly string Standards = Path.Combine(RepoRoot(), "..", "shared", "standards", "oneroster");

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir.Parent is not null && !File.Exists(Path.Combine(dir.FullName, "SchoolJournal.slnx"))) dir = dir.Parent;
        return dir.FullName;
    }

    private static byte[] Shared(string path) => File.ReadAllBytes(Path.Combine(Standards, path));

    private sealed record Schools(int A, int B, int Ivanova, int A5);

    private Task<Schools> SeedAsync() => _app.SeedAsync(async b =>
    {
        var a = await b.SchoolAsync();
        await b.UserAsync("admin", "Администратор", [Roles.SysAdmin]);
        var smirnova = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var petrova = await b.StaffAsync("Петрова", "Ольга", "Николаевна", null);
        var a5 = await b.ClassAsync(5, "А", smirnova);
        var b6 = await b.ClassAsync(6, "Б");
        var orlov = await b.StudentAsync(b6, "Орлов", "Артём");
        var ivanova = await b.StudentAsync(a5, "Иванова", "Алёна");
        var kuznetsov = await b.StudentAsync(a5, "Кузнецов", "Илья");
        await b.ParentAsync("Орлова", "Елена", null, orlov, ivanova);
        var guardian = await b.ParentAsync("Кузнецов", "Павел", null, kuznetsov);
        guardian.Children[0].Kind = RepresentativeKind.Guardian;
        await b.Db.SaveChangesAsync();
        await b.GroupAsync("Математика", smirnova, [a5]);
        await b.GroupAsync("Английский язык", petrova, [a5], [ivanova], GroupKind.SubGroup);
        await b.GroupAsync("Хор", petrova, [a5, b6], kind: GroupKind.Stream);
        var bSchool = await b.SchoolAsync("МБОУ «Лицей № 2»");
        await b.UserAsync("admin2", "Администратор лицея", [Roles.SysAdmin]);
        return new Schools(a.Id, bSchool.Id, ivanova.Id, a5.Id);
    });

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(
        HttpClient api, byte[] zip, bool dryRun = false, bool strict = false)
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent(zip), "file", "пакет.zip" } };
        var response = await api.PostAsync(
            $"/api/v1/imports/oneroster?dryRun={(dryRun ? "true" : "false")}&strict={(strict ? "true" : "false")}", content);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static int Count(JsonElement result, string what, string field = "created") =>
        result.GetProperty("counts").EnumerateArray().Where(c => c.GetProperty("what").GetString() == what)
            .Select(c => c.GetProperty(field).GetInt32()).FirstOrDefault();

    private static int Sum(JsonElement result, string field) =>
        result.GetProperty("counts").EnumerateArray().Sum(c => c.GetProperty(field).GetInt32());

    private sealed record Roster(int Students, int Parents, int Staff, int Classes, int Groups, int Subjects, int Links, int Enrolments,
        int ClassTeachers, int Members, int Assignments, int Ids);

    private Task<Roster> RosterAsync(int school) => _app.QueryAsync(async db => new Roster(
        await db.Students.IgnoreQueryFilters().CountAsync(x => x.SchoolId == school),
        await db.Parents.IgnoreQueryFilters().CountAsync(x => x.SchoolId == school),
        await db.StaffMembers.IgnoreQueryFilters().CountAsync(x => x.SchoolId == school),
        await db.SchoolClasses.IgnoreQueryFilters().CountAsync(x => x.SchoolId == school),
        await db.TeachingGroups.IgnoreQueryFilters().CountAsync(x => x.SchoolId == school),
        await db.Subjects.IgnoreQueryFilters().CountAsync(x => x.SchoolId == school),
        await db.StudentParents.IgnoreQueryFilters().CountAsync(x => x.Student!.SchoolId == school),
        await db.Enrolments.IgnoreQueryFilters().CountAsync(x => x.SchoolId == school && x.To == null),
        await db.ClassTeachers.IgnoreQueryFilters().CountAsync(x => x.SchoolId == school && x.To == null),
        await db.GroupMemberships.IgnoreQueryFilters().CountAsync(x => x.SchoolId == school && x.To == null),
        await db.TeachingAssignments.IgnoreQueryFilters().CountAsync(x => x.SchoolId == school && x.To == null),
        await db.ExternalIds.IgnoreQueryFilters().CountAsync(x => x.SchoolId == school)));

    private static byte[] Zip(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in files)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(Encoding.UTF8.GetBytes(text));
            }
        return buffer.ToArray();
    }

    /// <summary>A delta package of one row: Иванова's stay in 5А <c>tobedeleted</c> from 02.11.2026.</summary>
    private static byte[] IvanovaLeavesDelta(Schools s)
    {
        const string Manifest = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\n";
        var files = string.Concat(OneRosterExport.Files.Select(f => $"file.{f},{(f == "enrollments" ? "delta" : "absent")}\n"));
        var row = string.Join(',', "leave-1", "tobedeleted", "2026-11-02T10:00:00.000Z", SourcedIds.Of("class", "homeroom", s.A5),
            SourcedIds.Of("org", s.A), SourcedIds.Of("user", "student", s.Ivanova), "student", "false", "2026-09-01", "");
        return Zip(("manifest.csv", Manifest + files),
            ("enrollments.csv", string.Join(',', OneRosterExport.Headers["enrollments"]) + "\r\n" + row + "\r\n"));
    }

    [Fact]
    public async Task The_broken_moodle_package_is_refused_file_by_file_and_row_by_row_and_nothing_is_written()
    {
        var s = await SeedAsync();
        var api = await _app.ApiClientAsync("admin2");
        var before = await RosterAsync(s.B);

        var (status, body) = await PostAsync(api, Shared("moodle-enrol_oneroster/v1p2_full_dataset.zip"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Пакет OneRoster не принят", body.GetProperty("title").GetString());
        var messages = body.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()!).ToList();
        Assert.Contains("userprofiles.csv: имя файла в неверном регистре: по стандарту «userProfiles.csv».", messages);
        Assert.Contains("roles.csv, строка 1, столбец «dataLastModified»: такого столбца нет в OneRoster 1.2; " +
            "возможно, имелся в виду «dateLastModified».",
            messages);
        Assert.Contains("roles.csv, строка 1, столбец «dateLastModified»: нет обязательного по спецификации столбца.", messages);
        Assert.Contains(messages, m => m.StartsWith("users.csv, строка 1, столбец «prefferedGivenName»: такого столбца нет",
            StringComparison.Ordinal));
        Assert.Contains("academicSessions.csv, строка 2, столбец «status»: «tobedeleted»: в файле в режиме bulk столбец должен быть пустым.",
            messages);
        Assert.Contains("manifest.csv, строка 21, столбец «value»: пусто у file.scoreScales — допустимо только absent, bulk или delta.", messages);
        Assert.Single(messages, m => m.Contains("file.scoreScales", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("academicSessions.csv, строка 4, столбец «dateLastModified»: «2023-05-01»",
            StringComparison.Ordinal));
        Assert.Contains("classes.csv, строка 2, столбец «classType»: «Scheduled» — нужно «scheduled» (регистр букв важен).", messages);
        Assert.Equal(before, await RosterAsync(s.B));
    }

    [Fact]
    public async Task The_tolerant_moodle_delta_is_accepted_with_its_warning_and_refused_when_strict()
    {
        var s = await SeedAsync();
        var api = await _app.ApiClientAsync("admin2");
        var zip = Shared("moodle-enrol_oneroster/oneroster_test_data.zip");

        var (strictStatus, strictBody) = await PostAsync(api, zip, strict: true);
        Assert.Equal(HttpStatusCode.BadRequest, strictStatus);
        Assert.Contains("users.csv, строка 2, столбец «enabledUser»: «TRUE» — логическое значение пишется строчными: «true».",
            strictBody.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()));

        var (status, result) = await PostAsync(api, zip);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("delta", result.GetProperty("mode").GetString());
        Assert.Contains(result.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("file").GetString() == "users.csv"
            && w.GetProperty("row").GetInt32() == 2 && w.GetProperty("column").GetString() == "enabledUser");
        // By hand from the CSVs: one org (ours), one course «subject1» under one scheduled class, one student (Wayne Bruce, born
        // 2010-04-17) enrolled in it; the semester 2023-09-04…2024-01-26 matches no period of the school.
        Assert.Equal((1, 1, 1, 1),
            (Count(result, "Предметы"), Count(result, "Учебные группы"), Count(result, "Ученики"), Count(result, "Составы групп")));
        var after = await RosterAsync(s.B);
        Assert.Equal((1, 1, 1, 1, 0), (after.Students, after.Subjects, after.Groups, after.Members, after.Staff));
        // ORG_1, COURSE_001, CLASS_001, USER_0: ids kept for later deltas.
        Assert.Equal(4, after.Ids);
        var wayne = await _app.QueryAsync(db => db.Students.IgnoreQueryFilters().SingleAsync(x => x.SchoolId == s.B));
        Assert.Equal(("Wayne", "Bruce", new DateOnly(2010, 4, 17)), (wayne.LastName, wayne.FirstName, wayne.BirthDate));
    }

    [Fact]
    public async Task The_longsight_bulk_package_imports_its_delta_and_a_second_load_change_nothing()
    {
        var s = await SeedAsync();
        var api = await _app.ApiClientAsync("admin2");

        var (previewStatus, preview) = await PostAsync(api, Shared("longsight-fixtures/oneroster12_full_graph_bulk.zip"), dryRun: true);
        Assert.Equal(HttpStatusCode.OK, previewStatus);
        Assert.False(preview.GetProperty("applied").GetBoolean());
        Assert.Equal(0, (await RosterAsync(s.B)).Staff);

        var (status, result) = await PostAsync(api, Shared("longsight-fixtures/oneroster12_full_graph_bulk.zip"));

        Assert.Equal(HttpStatusCode.OK, status);
        // By hand: org-1 (the one school) is ours, org-root (district) is noted; course-1 → subject «Math» (its «subjects»); class-1
        // (scheduled) → a group «Algebra One A»; user-agent and user-1 are teachers → two staff; enrollment-1 → user-1 teaches class-1;
        // user-1's agent is a teacher: no counterpart. Ids kept: org-1, course-1, class-1, user-agent, user-1.
        Assert.Equal((1, 1, 2, 1, 0), (Count(result, "Предметы"), Count(result, "Учебные группы"), Count(result, "Сотрудники"),
            Count(result, "Нагрузка учителей"), Count(result, "Связи ученик — представитель")));
        var notes = result.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.StartsWith("Организация «District»", StringComparison.Ordinal));
        Assert.Contains(result.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("file").GetString() == "results.csv");
        var after = await RosterAsync(s.B);
        Assert.Equal((2, 1, 1, 1, 5), (after.Staff, after.Subjects, after.Groups, after.Assignments, after.Ids));
        Assert.Equal(preview.GetProperty("counts").ToString(), result.GetProperty("counts").ToString());

        var (deltaStatus, delta) = await PostAsync(api, Shared("longsight-fixtures/oneroster12_full_graph_delta.zip"));
        Assert.Equal(HttpStatusCode.OK, deltaStatus);
        Assert.Equal((0, 0, 0), (Sum(delta, "created"), Sum(delta, "changed"), Sum(delta, "closed")));

        var (_, again) = await PostAsync(api, Shared("longsight-fixtures/oneroster12_full_graph_bulk.zip"));
        Assert.Equal((0, 0, 0), (Sum(again, "created"), Sum(again, "changed"), Sum(again, "closed")));
        Assert.Equal(after, await RosterAsync(s.B));
    }

    [Fact]
    public async Task Our_export_imports_into_a_fresh_school_to_the_same_rosters_and_into_its_own_school_changes_nothing()
    {
        var s = await SeedAsync();
        var adminA = await _app.ApiClientAsync("admin");
        var export = await (await adminA.GetAsync("/api/v1/exports/oneroster")).Content.ReadAsByteArrayAsync();
        var a = await RosterAsync(s.A);

        var (sameStatus, same) = await PostAsync(adminA, export);
        Assert.Equal(HttpStatusCode.OK, sameStatus);
        Assert.Equal((0, 0, 0), (Sum(same, "created"), Sum(same, "changed"), Sum(same, "closed")));
        Assert.Equal(a, await RosterAsync(s.A));

        var (status, result) = await PostAsync(await _app.ApiClientAsync("admin2"), export);

        Assert.Equal(HttpStatusCode.OK, status);
        var b = await RosterAsync(s.B);
        // By hand: 3 students, 2 parents, 2 staff, 5А and 6Б, 3 groups of 3 subjects, 3 links (Орлова twice, Кузнецов), 3 stays, Смирнова
        // as class teacher, 3 teachers' assignments.
        Assert.Equal((3, 2, 2, 2, 3, 3, 3, 3, 1, 3), (b.Students, b.Parents, b.Staff, b.Classes, b.Groups, b.Subjects, b.Links, b.Enrolments,
            b.ClassTeachers, b.Assignments));
        Assert.Equal(a with { Ids = 0, Subjects = b.Subjects }, b with { Ids = 0 });
        // A link named from both sides (the student's agents, the parent's children) counts once; a subject of several courses once.
        Assert.Equal((3, 2, 2, 3, 3), (Count(result, "Ученики"), Count(result, "Родители"), Count(result, "Сотрудники"),
            Count(result, "Связи ученик — представитель"), Count(result, "Предметы")));

        var (_, again) = await PostAsync(await _app.ApiClientAsync("admin2"), export);
        Assert.Equal((0, 0, 0), (Sum(again, "created"), Sum(again, "changed"), Sum(again, "closed")));
        Assert.Equal(b, await RosterAsync(s.B));
    }

    [Fact]
    public async Task A_delta_tobedeleted_enrolment_closes_the_stay_and_the_class_groups_and_keeps_the_student()
    {
        var s = await SeedAsync();
        var adminA = await _app.ApiClientAsync("admin");
        var membersBefore = (await RosterAsync(s.A)).Members;
        var zip = IvanovaLeavesDelta(s);

        var (status, result) = await PostAsync(adminA, zip);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, Count(result, "Зачисления в классы", "closed"));
        var stay = await _app.QueryAsync(db => db.Enrolments.IgnoreQueryFilters().SingleAsync(e => e.StudentId == s.Ivanova));
        Assert.Equal((new DateOnly(2026, 11, 2), LeaveReason.Withdrawal), (stay.To, stay.LeaveReason));
        // Иванова was in the maths, English and choir groups, all of 5А: the three close.
        Assert.Equal(3, Count(result, "Составы групп", "closed"));
        Assert.Equal(membersBefore - 3, (await RosterAsync(s.A)).Members);
        Assert.True(await _app.QueryAsync(db => db.Students.IgnoreQueryFilters().AnyAsync(x => x.Id == s.Ivanova)));
    }

    [Fact]
    public async Task A_teacher_is_refused_and_a_package_without_a_manifest_is_named_and_writes_nothing()
    {
        var s = await SeedAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        var (refused, _) = await PostAsync(teacher, Shared("longsight-fixtures/oneroster12_full_graph_bulk.zip"));
        Assert.Equal(HttpStatusCode.Forbidden, refused);

        var (status, body) = await PostAsync(await _app.ApiClientAsync("admin"), Zip(("users.csv", "sourcedId\n")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("manifest.csv: в пакете нет manifest.csv", body.GetProperty("problems")[0].GetProperty("message").GetString());
        Assert.Equal(0, (await RosterAsync(s.A)).Ids);
    }
    private static async Task<(HttpStatusCode Status, JsonElement Body)> UndoAsync(HttpClient api, int batchId)
    {
        var response = await api.PostAsync($"/api/v1/imports/{batchId}/undo", null);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task The_longsight_import_is_undone_as_a_whole_and_a_lesson_of_its_group_keeps_it()
    {
        var s = await SeedAsync();
        var api = await _app.ApiClientAsync("admin2");
        var before = await RosterAsync(s.B);
        var (_, first) = await PostAsync(api, Shared("longsight-fixtures/oneroster12_full_graph_bulk.zip"));
        var firstBatch = first.GetProperty("batchId").GetInt32();
        Assert.Equal(2, (await RosterAsync(s.B)).Staff);

        var (status, undone) = await UndoAsync(api, firstBatch);

        Assert.Equal(HttpStatusCode.OK, status);
        // By hand: a subject, a group, two staff with a position each («учитель»), an assignment and five ids were added (the group's
        // classes: none, its students: none).
        Assert.Equal((12, 0), (undone.GetProperty("removed").GetInt32(), undone.GetProperty("restored").GetInt32()));
        Assert.Equal(before, await RosterAsync(s.B));
        Assert.Equal(HttpStatusCode.Conflict, (await UndoAsync(api, firstBatch)).Status);
        Assert.Equal(1, await _app.QueryAsync(db =>
            db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.Type == AuditEventType.OneRosterImportUndone && e.SchoolId == s.B)));

        // Imported again, and a lesson given to its group: the journal now stands on it.
        var (_, second) = await PostAsync(api, Shared("longsight-fixtures/oneroster12_full_graph_bulk.zip"));
        var imported = await RosterAsync(s.B);
        await _app.QueryAsync(async db =>
        {
            var group = await db.TeachingGroups.IgnoreQueryFilters().SingleAsync(g => g.SchoolId == s.B);
            var teacher = await db.StaffMembers.IgnoreQueryFilters().FirstAsync(m => m.SchoolId == s.B);
            db.Lessons.Add(new Lesson { SchoolId = s.B, TeachingGroupId = group.Id, Date = new DateOnly(2026, 11, 9), Number = 1,
                Start = new TimeOnly(8, 30), End = new TimeOnly(9, 15), TeacherId = teacher.Id });
            return await db.SaveChangesAsync();
        });
        var (refused, problem) = await UndoAsync(api, second.GetProperty("batchId").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("уже есть уроки (первый — «Algebra One A» 09.11.2026)", problem.GetProperty("detail").GetString());
        Assert.Equal(imported, await RosterAsync(s.B));
    }

    [Fact]
    public async Task Undoing_a_delta_reopens_what_it_closed_but_not_after_a_later_change_or_a_later_package()
    {
        var s = await SeedAsync();
        var adminA = await _app.ApiClientAsync("admin");
        var before = await RosterAsync(s.A);
        var zip = IvanovaLeavesDelta(s);
        var (_, delta) = await PostAsync(adminA, zip);
        var deltaBatch = delta.GetProperty("batchId").GetInt32();
        Assert.Equal((before.Enrolments - 1, before.Members - 3), ((await RosterAsync(s.A)).Enrolments, (await RosterAsync(s.A)).Members));

        // A later package (our own export, which changes nothing) stands on it: taken back newest first.
        var export = await (await adminA.GetAsync("/api/v1/exports/oneroster")).Content.ReadAsByteArrayAsync();
        var (_, later) = await PostAsync(adminA, export);
        var (refused, problem) = await UndoAsync(adminA, deltaBatch);
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains($"(импорт № {later.GetProperty("batchId").GetInt32()})", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await UndoAsync(adminA, later.GetProperty("batchId").GetInt32())).Status);

        // The stay's end corrected by hand after the import: the undo would overwrite a person's work, so it is refused.
        await _app.QueryAsync(db => db.Enrolments.IgnoreQueryFilters().Where(e => e.StudentId == s.Ivanova)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.To, new DateOnly(2026, 11, 3))));
        var (changed, why) = await UndoAsync(adminA, deltaBatch);
        Assert.Equal(HttpStatusCode.Conflict, changed);
        Assert.StartsWith("Зачисление в класс изменено после импорта", why.GetProperty("detail").GetString());
        await _app.QueryAsync(db => db.Enrolments.IgnoreQueryFilters().Where(e => e.StudentId == s.Ivanova)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.To, new DateOnly(2026, 11, 2))));

        var (status, undone) = await UndoAsync(adminA, deltaBatch);

        Assert.Equal(HttpStatusCode.OK, status);
        // By hand: the stay and Иванова's three memberships were closed: four rows get their open end back; nothing was added.
        Assert.Equal((0, 4), (undone.GetProperty("removed").GetInt32(), undone.GetProperty("restored").GetInt32()));
        Assert.Equal(before, await RosterAsync(s.A));
        var stay = await _app.QueryAsync(db => db.Enrolments.IgnoreQueryFilters().SingleAsync(e => e.StudentId == s.Ivanova));
        Assert.Equal((null, null), (stay.To, stay.LeaveReason));
    }
    [Fact]
    public async Task The_page_confirms_a_previewed_package_and_the_import_list_takes_it_back()
    {
        var s = await SeedAsync();
        var page = await _app.PageClientAsync("admin2");
        var before = await RosterAsync(s.B);
        var token = await Forms.TokenAsync(page, "/Admin/Import/OneRoster");
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Shared("longsight-fixtures/oneroster12_full_graph_bulk.zip")), "file", "longsight.zip" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var preview = await Html.ParseAsync(await page.PostAsync("/Admin/Import/OneRoster?handler=Preview", form));
        var confirm = await Forms.PostAsync(page, "/Admin/Import/OneRoster", preview.One("form[action*=Confirm]").FieldsOf(),
            "/Admin/Import/OneRoster?handler=Confirm");
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal(2, (await RosterAsync(s.B)).Staff);

        var list = await page.GetPageAsync("/Admin/Import");
        // By hand: 1 subject + 1 group + 2 staff + 1 assignment + 5 ids created; nothing changed or closed.
        Assert.Equal(["Пакет OneRoster", "longsight.zip", "создано: 10, изменено: 0, закрыто: 0"],
            list.QuerySelectorAll(".import-batches tbody tr td").Skip(1).Take(3).Select(c => c.Read()).ToArray());
        var undo = await Forms.PostAsync(page, "/Admin/Import", list.One(".import-batches form").FieldsOf(), "/Admin/Import?handler=Undo");
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        Assert.Equal("Импорт отменён: удалено записей 12, возвращено прежних значений 0.",
            (await page.GetPageAsync("/Admin/Import")).TextOf(".message"));
        Assert.Equal(before, await RosterAsync(s.B));
    }
}
