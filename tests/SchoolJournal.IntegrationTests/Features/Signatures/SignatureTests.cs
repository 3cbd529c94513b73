using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Archive;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Archive;
using SchoolJournal.Web.Features.Signatures;

namespace SchoolJournal.IntegrationTests.Features.Signatures;

/// <summary>
/// Electronic signatures (R-JRN-11): certificates imported from PFX files a test удостоверяющий центр issues (its root trusted in the
/// app's keys folder), the teacher's signature of a closed period, the director's signature of the year's archive and
/// <c>verify-archive</c> over both, on each provider.
/// </summary>
public sealed class SignatureTests : IDisposable
{
    private const string PfxPassword = "Пароль-1";
    private readonly JournalApp _app = new();
    private TestCa? _ca;

    public void Dispose()
    {
        _ca?.Dispose();
        _app.Dispose();
    }

    private TestCa Ca => _ca ??= NewTrustedCa();

    private TestCa NewTrustedCa()
    {
        var ca = new TestCa(_app.Time.Now);
        _app.Services.GetRequiredService<TrustedRoots>().Add(ca.Root);
        return ca;
    }

    private async Task<PrintSchool> SchoolAsync() => await _app.SeedAsync(async b =>
    {
        var x = await PrintSchool.BuildAsync(b);
        await b.ParentAsync("Орлова", "Елена", "orlova", x.S.Orlov);
        return x;
    });

    private Task<HttpResponseMessage> ImportAsync(HttpClient admin, string login, byte[] pfx, string? password = PfxPassword) =>
        admin.PostAsJsonAsync("/api/v1/certificates", new { login, pfx = Convert.ToBase64String(pfx), password });

    private async Task GiveCertificateAsync(string login, string name)
    {
        var admin = await _app.ApiClientAsync("sidorov");
        var response = await ImportAsync(admin, login, Ca.Issue(name, PfxPassword, _app.Time.Now));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("detail").GetString()!;

    private Task<int> CountAsync() => _app.QueryAsync(db => db.StaffCertificates.IgnoreQueryFilters().CountAsync());

    [Fact]
    public async Task The_administrator_imports_a_pfx_for_a_staff_login_and_the_audit_records_the_certificate_not_the_key()
    {
        await SchoolAsync();
        var admin = await _app.ApiClientAsync("sidorov");
        var pfx = Ca.Issue("Смирнова Анна Викторовна", PfxPassword, _app.Time.Now);

        var response = await ImportAsync(admin, "smirnova", pfx);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dto = await response.JsonAsync();
        Assert.Equal("smirnova", dto.GetProperty("login").GetString());
        Assert.Equal("RSA", dto.GetProperty("keyAlgorithm").GetString());
        Assert.Contains(TestCa.Name, dto.GetProperty("issuer").GetString());
        var list = await (await admin.GetAsync("/api/v1/certificates")).JsonAsync();
        Assert.Equal("Смирнова Анна Викторовна", list[0].GetProperty("owner").GetString());
        var row = await _app.QueryAsync(db => db.StaffCertificates.IgnoreQueryFilters().SingleAsync());
        Assert.NotNull(row.ProtectedPfx);
        Assert.NotEqual(pfx, row.ProtectedPfx);
        var imported = (await _app.AuditAsync()).Single(e => e.Type == AuditEventType.CertificateImported);
        Assert.Contains(row.Thumbprint, imported.After);
        Assert.DoesNotContain("pfx", imported.After ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(PfxPassword, imported.After ?? "");

        var page = await (await _app.PageClientAsync("sidorov")).GetPageAsync("/Admin/Certificates");
        Assert.Equal(["Смирнова Анна Викторовна (smirnova)"], page.TextsOf("table.certificates td[data-label=Сотрудник]"));
    }

    [Fact]
    public async Task A_wrong_password_a_file_without_a_key_an_expired_certificate_and_a_duplicate_are_refused_in_russian_and_change_nothing()
    {
        await SchoolAsync();
        var admin = await _app.ApiClientAsync("sidorov");
        var now = _app.Time.Now;
        var good = Ca.Issue("Смирнова Анна Викторовна", PfxPassword, now);

        var wrong = await ImportAsync(admin, "smirnova", good, "не тот");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("неверный пароль", await DetailAsync(wrong));

        var noKey = await ImportAsync(admin, "smirnova", Ca.Issue("Смирнова Анна Викторовна", PfxPassword, now, withKey: false));
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.StartsWith("В файле нет закрытого ключа", await DetailAsync(noKey));

        var expired = await ImportAsync(admin, "smirnova", Ca.Issue("Смирнова Анна Викторовна", PfxPassword, now, notAfter: now.AddDays(-3)));
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        var expiredProblem = await expired.JsonAsync();
        Assert.Equal("Срок действия сертификата истёк", expiredProblem.GetProperty("title").GetString());
        Assert.Contains(now.AddDays(-3).UtcDateTime.ToString("dd.MM.yyyy"), expiredProblem.GetProperty("detail").GetString());

        var student = await ImportAsync(admin, "orlov", good);
        Assert.Equal(HttpStatusCode.BadRequest, student.StatusCode);
        Assert.Equal("В школе нет сотрудника с логином «orlov».", await DetailAsync(student));
        Assert.Equal(0, await CountAsync());

        Assert.Equal(HttpStatusCode.Created, (await ImportAsync(admin, "smirnova", good)).StatusCode);
        var twice = await ImportAsync(admin, "kozlov", good);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("уже загружен для «Смирнова Анна Викторовна»", await DetailAsync(twice));
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task The_teacher_signs_his_closed_period_and_everyone_who_reads_the_journal_sees_when_data_changed_after()
    {
        var x = await SchoolAsync();
        await GiveCertificateAsync("smirnova", "Смирнова Анна Викторовна");
        var teacher = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/groups/{x.S.Math.Id}/periods/{x.S.Quarter2.Id}/signature";

        var open = await teacher.PostAsync(url, null);
        Assert.Equal(HttpStatusCode.Conflict, open.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync($"/api/v1/groups/{x.S.Math.Id}/periods/{x.S.Quarter2.Id}/lock", null)).StatusCode);
        var signed = await teacher.PostAsync(url, null);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var dto = await signed.JsonAsync();
        Assert.Equal("signed", dto.GetProperty("state").GetString());
        Assert.Equal("Смирнова А. В.", dto.GetProperty("signature").GetProperty("signerName").GetString());
        Assert.Equal(dto.GetProperty("currentSha256").GetString(), dto.GetProperty("signature").GetProperty("contentSha256").GetString());
        var audit = (await _app.AuditAsync()).Single(e => e.Type == AuditEventType.JournalSigned);
        Assert.Contains(dto.GetProperty("currentSha256").GetString()!, audit.After);
        // Signing again unchanged adds nothing.
        Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync(url, null)).StatusCode);
        Assert.Equal(1, await _app.QueryAsync(db => db.JournalSignatures.IgnoreQueryFilters().CountAsync()));

        var director = await _app.PageClientAsync("petrov");
        var page = await director.GetPageAsync($"/Journal/Group/{x.S.Math.Id}?periodId={x.S.Quarter2.Id}");
        // 20.11 and the fixed clock's 23.11 2026 09:00 Moscow: the signature's time is the app's now.
        Assert.StartsWith("Подписан: Смирнова А. В., 23.11.2026 09:00, сертификат", page.TextOf("#journal-signature p[role=status]"));
        Assert.Null(page.QuerySelector("#signature-changed"));

        // A mark changed behind the app's back: the hash of the journal no longer matches.
        await _app.QueryAsync(async db =>
        {
            var mark = await db.Marks.IgnoreQueryFilters().FirstAsync(m => m.LessonId == x.S.MathLesson.Id && m.StudentId == x.S.Orlov.Id);
            mark.Value = "5";
            return await db.SaveChangesAsync();
        });
        var status = await (await (await _app.ApiClientAsync("petrov")).GetAsync(url)).JsonAsync();
        Assert.Equal("changed", status.GetProperty("state").GetString());
        page = await director.GetPageAsync($"/Journal/Group/{x.S.Math.Id}?periodId={x.S.Quarter2.Id}");
        Assert.Equal("Данные изменены после подписи", page.TextOf("#signature-changed"));
    }

    [Fact]
    public async Task The_teacher_signs_from_the_grid_page_with_its_button()
    {
        var x = await SchoolAsync();
        await GiveCertificateAsync("smirnova", "Смирнова Анна Викторовна");
        var api = await _app.ApiClientAsync("smirnova");
        await api.PostAsync($"/api/v1/groups/{x.S.Math.Id}/periods/{x.S.Quarter2.Id}/lock", null);
        var client = await _app.PageClientAsync("smirnova");
        var grid = $"/Journal/Group/{x.S.Math.Id}?periodId={x.S.Quarter2.Id}";
        Assert.Equal("Подписать журнал за период", (await client.GetPageAsync(grid)).TextOf("#journal-signature button"));

        var posted = await Forms.PostAsync(client, grid, [],
            $"/Journal/Group/{x.S.Math.Id}?handler=Sign&periodId={x.S.Quarter2.Id}");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var page = await client.GetPageAsync(grid);
        Assert.StartsWith("Подписан: Смирнова А. В.", page.TextOf("#journal-signature p[role=status]"));
        Assert.Null(page.QuerySelector("#journal-signature button"));
    }

    [Theory]
    [InlineData("kozlov"), InlineData("orlov"), InlineData("orlova"), InlineData("petrov")]
    public async Task Only_the_groups_teacher_signs_its_journal(string login)
    {
        var x = await SchoolAsync();
        await GiveCertificateAsync(login == "orlov" || login == "orlova" ? "kozlov" : login, "Другой сотрудник");
        var teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PostAsync($"/api/v1/groups/{x.S.Math.Id}/periods/{x.S.Quarter2.Id}/lock", null);

        var response = await (await _app.ApiClientAsync(login)).PostAsync($"/api/v1/groups/{x.S.Math.Id}/periods/{x.S.Quarter2.Id}/signature", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.JournalSignatures.IgnoreQueryFilters().CountAsync()));
        if (login is "orlov" or "orlova")
            Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.ApiClientAsync(login))
                .GetAsync($"/api/v1/groups/{x.S.Math.Id}/periods/{x.S.Quarter2.Id}/signature")).StatusCode);
    }

    [Fact]
    public async Task A_teacher_without_a_certificate_or_with_a_withdrawn_one_is_told_to_ask_for_one()
    {
        var x = await SchoolAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PostAsync($"/api/v1/groups/{x.S.Math.Id}/periods/{x.S.Quarter2.Id}/lock", null);
        var url = $"/api/v1/groups/{x.S.Math.Id}/periods/{x.S.Quarter2.Id}/signature";
        Assert.Equal(Certificates.NoCertificate, await DetailAsync(await teacher.PostAsync(url, null)));

        await GiveCertificateAsync("smirnova", "Смирнова Анна Викторовна");
        var admin = await _app.ApiClientAsync("sidorov");
        var id = (await (await admin.GetAsync("/api/v1/certificates")).JsonAsync())[0].GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/certificates/{id}/revoke", null)).StatusCode);

        var refused = await teacher.PostAsync(url, null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Single(await _app.AuditAsync(), e => e.Type == AuditEventType.CertificateRevoked);
    }

    /// <summary>The issue's «Done when»: a signed archive verifies, and fails after one byte of one file is changed.</summary>
    [Fact]
    public async Task A_signed_archive_verifies_and_fails_after_one_byte_of_one_file_changes_or_a_signed_journal_changes()
    {
        var x = await SchoolAsync();
        await GiveCertificateAsync("petrov", "Петров Олег Иванович");
        await GiveCertificateAsync("smirnova", "Смирнова Анна Викторовна");
        var teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PostAsync($"/api/v1/groups/{x.S.Math.Id}/periods/{x.S.Quarter2.Id}/lock", null);
        Assert.Equal(HttpStatusCode.OK,
            (await teacher.PostAsync($"/api/v1/groups/{x.S.Math.Id}/periods/{x.S.Quarter2.Id}/signature", null)).StatusCode);
        await _app.WithAsync<JournalPrints.Progress, JournalPrints>(p =>
            p.RunAsync(new JournalPrints.Request(x.S.School.Id, x.S.Quarter2.AcademicYearId, null), default));
        var year = Path.Combine(_app.DataPath, "archive", "2026-2027");
        // A second manifest of the same format elsewhere in the year's folder is signed and checked too.
        Directory.CreateDirectory(Path.Combine(year, "summary"));
        await File.WriteAllTextAsync(Path.Combine(year, "summary", "5А.txt"), "Сводная ведомость");
        await File.WriteAllTextAsync(Path.Combine(year, "summary", "manifest.json"), JsonSerializer.Serialize(new JournalPrints.Manifest("2026/2027",
            _app.Time.Now, [new("5А", "5А.txt", 1, 33, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                File.ReadAllBytes(Path.Combine(year, "summary", "5А.txt")))))]), new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        var (before, _) = await VerifyAsync();
        Assert.Equal(1, before);

        var director = await _app.PageClientAsync("petrov");
        var posted = await Forms.PostAsync(director, "/Admin/Archive/Signatures", new(), "/Admin/Archive/Signatures?handler=Sign");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.True(File.Exists(Path.Combine(year, "journals", "manifest.json.p7s")));
        Assert.True(File.Exists(Path.Combine(year, "summary", "manifest.json.p7s")));
        Assert.Equal(2, (await _app.AuditAsync()).Count(e => e.Type == AuditEventType.ArchiveSigned));
        Assert.Equal(["подписан", "подписан"], (await director.GetPageAsync("/Admin/Archive/Signatures"))
            .TextsOf("table.archive-manifests td[data-label=Подпись]"));

        var (code, output) = await VerifyAsync();
        Assert.True(code == 0, output);
        Assert.Contains("манифестов 2, файлов 3, подписанных журналов 1.", output);
        Assert.Contains("Архив цел", output);
        var page = await Html.ParseAsync(
            await Forms.PostAsync(director, "/Admin/Archive/Signatures", new(), "/Admin/Archive/Signatures?handler=Verify"));
        Assert.StartsWith("Архив цел: манифестов 2, файлов 3, подписанных журналов 1", page.TextOf("#archive-report p[role=status]"));

        // One byte of one printed journal.
        var pdf = Path.Combine(year, "journals", "5Б.pdf");
        var bytes = await File.ReadAllBytesAsync(pdf);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(pdf, bytes);
        (code, output) = await VerifyAsync();
        Assert.Equal(1, code);
        Assert.Contains("2026-2027/journals/manifest.json: файл «5Б.pdf» изменён — его SHA-256", output);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(pdf, bytes);
        Assert.Equal(0, (await VerifyAsync()).Code);

        // The manifest itself edited to match a changed file: its signature no longer holds.
        var manifest = Path.Combine(year, "summary", "manifest.json");
        var text = await File.ReadAllTextAsync(manifest);
        await File.WriteAllTextAsync(manifest, text.Replace("\"pages\":1", "\"pages\":2", StringComparison.Ordinal));
        (code, output) = await VerifyAsync();
        Assert.Equal(1, code);
        Assert.Contains("2026-2027/summary/manifest.json: подпись манифеста не проверена — подпись не сходится с содержимым", output);
        await File.WriteAllTextAsync(manifest, text);

        // A mark of the signed period changed behind the app's back.
        await _app.QueryAsync(async db =>
        {
            var mark = await db.Marks.IgnoreQueryFilters().FirstAsync(m => m.LessonId == x.S.MathLesson.Id && m.StudentId == x.S.Belov.Id);
            mark.Value = "3";
            return await db.SaveChangesAsync();
        });
        (code, output) = await VerifyAsync();
        Assert.Equal(1, code);
        Assert.Contains($"Журнал «Математика · 5А» (группа {x.S.Math.Id}), 2 четверть: изменён после подписи (Смирнова А. В., 23.11.2026 09:00).",
            output);
    }

    [Fact]
    public async Task An_archive_signed_under_a_root_the_school_no_longer_trusts_fails_and_only_the_director_signs()
    {
        var x = await SchoolAsync();
        await GiveCertificateAsync("petrov", "Петров Олег Иванович");
        await _app.WithAsync<JournalPrints.Progress, JournalPrints>(p =>
            p.RunAsync(new JournalPrints.Request(x.S.School.Id, x.S.Quarter2.AcademicYearId, x.S.Class.Id), default));
        var deputy = await _app.PageClientAsync("fedorova");
        Assert.Empty((await deputy.GetPageAsync("/Admin/Archive/Signatures")).QuerySelectorAll("form[action*='handler=Sign'] button"));
        // The page refuses (the access-denied page) and signs nothing.
        Assert.Contains("AccessDenied", (await Forms.PostAsync(deputy, "/Admin/Archive/Signatures", new(), "/Admin/Archive/Signatures?handler=Sign"))
            .Headers.Location?.ToString());
        Assert.False(File.Exists(Path.Combine(_app.DataPath, "archive", "2026-2027", "journals", "manifest.json.p7s")));
        await Forms.PostAsync(await _app.PageClientAsync("petrov"), "/Admin/Archive/Signatures", new(), "/Admin/Archive/Signatures?handler=Sign");
        Assert.Equal(0, (await VerifyAsync()).Code);

        foreach (var root in Directory.GetFiles(_app.Services.GetRequiredService<TrustedRoots>().Directory)) File.Delete(root);
        var (code, output) = await VerifyAsync();

        Assert.Equal(1, code);
        Assert.Contains("выдан удостоверяющим центром, которого нет среди доверенных", output);
    }

    [Fact]
    public async Task The_demo_command_trusts_a_new_test_centre_and_gives_the_teacher_and_the_director_certificates()
    {
        await SchoolAsync();
        var output = new StringWriter();

        var code = await SignatureCommands.DemoAsync(_app.Services, ["--login", "smirnova,petrov"], output, []);

        Assert.Equal(0, code);
        Assert.Single(Directory.GetFiles(_app.Services.GetRequiredService<TrustedRoots>().Directory, "*.cer"));
        var owners = await _app.QueryAsync(db => db.StaffCertificates.IgnoreQueryFilters()
            .Join(db.Users, c => c.UserId, u => u.Id, (c, u) => u.UserName!).OrderBy(n => n).ToListAsync());
        Assert.Equal(["petrov", "smirnova"], owners);
        Assert.Contains("Тестовый удостоверяющий центр школы", output.ToString());
    }

    [Fact]
    public async Task The_closed_years_whole_archive_package_is_signed_and_verify_archive_names_a_changed_table()
    {
        var x = await SchoolAsync();
        // After the year's last day (31.05.2027) its archive may be built; the director's certificate is issued then.
        _app.Time.Now = new DateTimeOffset(2027, 6, 15, 9, 0, 0, TimeSpan.FromHours(3));
        await GiveCertificateAsync("petrov", "Петров Олег Иванович");
        await _app.WithAsync<YearArchive.Progress, YearArchive>(a =>
            a.RunAsync(new YearArchive.Request(x.S.School.Id, x.S.Quarter2.AcademicYearId, "тест"), default));
        var year = Path.Combine(_app.DataPath, "archive", "2026-2027");
        Assert.True(File.Exists(Path.Combine(year, "manifest.json")));

        var director = await _app.PageClientAsync("petrov");
        await Forms.PostAsync(director, "/Admin/Archive/Signatures", new(), "/Admin/Archive/Signatures?handler=Sign");

        // The package's own manifest and the printed journals' one are both signed, and everything verifies.
        Assert.True(File.Exists(Path.Combine(year, "manifest.json.p7s")));
        Assert.True(File.Exists(Path.Combine(year, "journals", "manifest.json.p7s")));
        var (code, output) = await VerifyAsync();
        Assert.True(code == 0, output);
        // One byte of the year's table of marks changes: the check names the file and fails.
        var marks = Path.Combine(year, "data", "marks.csv");
        var bytes = await File.ReadAllBytesAsync(marks);
        bytes[^2] ^= 1;
        await File.WriteAllBytesAsync(marks, bytes);
        (code, output) = await VerifyAsync();
        Assert.Equal(1, code);
        Assert.Contains("marks.csv", output);
    }

    private async Task<(int Code, string Output)> VerifyAsync()
    {
        var output = new StringWriter();
        var code = await SignatureCommands.VerifyArchiveAsync(_app.Services, ["--year", "2026-2027"], output, output);
        return (code, output.ToString());
    }
}
