using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using static SchoolJournal.IntegrationTests.Features.Notifications.Notify;

namespace SchoolJournal.IntegrationTests.Features.Notifications;

/// <summary>
/// The weekly digest (R-DIARY-3): a parent who chose it gets one letter a week at the school's day and hour (by default
/// Friday 18:00) with the week's marks, absences and lesson changes and next week's control works, read back from the
/// tests' real SMTP server. The lessons are on Friday 20 November 2026; the clock starts on Monday 23rd, 09:00.
/// </summary>
public sealed class WeeklyDigestTests
{
    private static string Text(MimeKit.MimeMessage m) => (m.TextBody ?? "").Replace("\r\n", "\n");

    private static NotificationPreference Weekly() => new() { Mode = DeliveryMode.WeeklyDigest, Channels = DeliveryChannels.Email };

    /// <summary>A mark, a late arrival, a substitution in the week and a control work in the next one, all of Орлов.</summary>
    private static Task<NotifySchool> WeekAsync(JournalApp app, NotificationPreference preference) =>
        SchoolAsync(app, preference: preference, more: async (b, n) =>
        {
            await b.MarkAsync(n.S.MathLesson, n.S.Orlov, "4");
            var late = await b.AttendanceAsync(n.S.RussianLesson, n.S.Orlov, AttendanceCode.Late);
            late.LateMinutes = 10;
            await b.SubstituteAsync(n.S.MathLesson, n.S.OtherTeacher);
            b.Db.ControlWorks.Add(new ControlWork
            {
                SchoolId = n.S.School.Id, AcademicYearId = b.Year.Id, SchoolClassId = n.S.Class.Id, SubjectId = n.S.Math.SubjectId,
                Date = new DateOnly(2026, 11, 25), LessonNumber = 2, Form = ControlForm.ControlWork, Title = "Дроби",
            });
            // Next month's work is not next week's.
            b.Db.ControlWorks.Add(new ControlWork
            {
                SchoolId = n.S.School.Id, AcademicYearId = b.Year.Id, SchoolClassId = n.S.Class.Id, SubjectId = n.S.Math.SubjectId,
                Date = new DateOnly(2026, 12, 9), Form = ControlForm.Test,
            });
            await b.Db.SaveChangesAsync();
        });

    [Fact]
    public async Task The_parent_gets_the_weeks_marks_absences_changes_and_next_weeks_control_works_in_one_letter()
    {
        using var app = App();
        var n = await WeekAsync(app, Weekly());

        await app.RunOutboxAsync();
        await app.RunOutboxAsync();

        var mail = Assert.Single(await MailToAsync(n.Email, 1));
        Assert.Equal("Дневник: сводка за неделю 14.11–20.11.2026", mail.Subject);
        Assert.StartsWith(string.Join("\n",
            "Сводка электронного дневника за неделю 14.11–20.11.2026",
            "",
            "Орлов А.",
            "  Оценки:",
            "    — пт 20.11, Математика: 4 (ответ на уроке)",
            "  Пропуски и опоздания:",
            "    — пт 20.11, 3-й урок, Русский язык: ОП (10 мин)",
            "  Замены, переносы и отмены уроков:",
            "    — пт 20.11, 2-й урок, Математика: замена, ведёт Козлов И. П.",
            "  Контрольные работы на следующей неделе:",
            "    — ср 25.11, 2-й урок, Математика: контрольная работа «Дроби»",
            ""), Text(mail));
        var row = Assert.Single(await app.NotificationsAsync(n.Parent.Id));
        Assert.Equal((NotificationKind.WeeklyDigest, NotificationStatus.Sent), (row.Kind, row.Status));
    }

    [Fact]
    public async Task The_next_letter_comes_at_the_schools_hour_a_week_later_and_not_before()
    {
        using var app = App();
        var n = await WeekAsync(app, Weekly());
        await app.RunOutboxAsync();

        app.Time.Now = new DateTimeOffset(2026, 11, 27, 17, 59, 0, TimeSpan.FromHours(3));
        await app.RunOutboxAsync();
        var beforeTheHour = (await app.NotificationsAsync(n.Parent.Id)).Count;
        app.Time.Now = new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.FromHours(3));
        await app.RunOutboxAsync();

        Assert.Equal(1, beforeTheHour);
        var mails = await MailToAsync(n.Email, 2);
        Assert.Equal(["Дневник: сводка за неделю 14.11–20.11.2026", "Дневник: сводка за неделю 21.11–27.11.2026"],
            mails.Select(m => m.Subject).Order(StringComparer.Ordinal));
        var second = Text(mails.Single(m => m.Subject?.Contains("21.11") == true));
        Assert.Contains("\nЗа неделю нет оценок, пропусков и замен, на следующей неделе нет контрольных работ.\n", second);
    }

    [Fact]
    public async Task The_school_chooses_the_day_and_hour()
    {
        using var app = App();
        var n = await WeekAsync(app, Weekly());
        await app.SeedAsync(async b =>
        {
            var school = await b.Db.Schools.FindAsync(n.S.School.Id);
            (school!.WeeklyDigestDay, school.WeeklyDigestAt) = (DayOfWeek.Monday, new TimeOnly(10, 0));
            return await b.Db.SaveChangesAsync();
        });

        await app.RunOutboxAsync();
        var atNine = (await app.NotificationsAsync(n.Parent.Id)).Count;
        app.Time.Now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(3));
        await app.RunOutboxAsync();

        // Monday 09:00: the digest of last Monday's hour (10–16 November) only; at 10:00 this Monday's.
        Assert.Equal(1, atNine);
        var mails = await MailToAsync(n.Email, 2);
        Assert.Contains(mails, m => m.Subject == "Дневник: сводка за неделю 17.11–23.11.2026" && Text(m).Contains("пт 20.11, Математика: 4"));
    }

    [Fact]
    public async Task A_weekly_parent_gets_no_letter_for_each_mark_and_an_immediate_one_gets_no_weekly_letter()
    {
        using var weeklyApp = App();
        var weekly = await WeekAsync(weeklyApp, Weekly());
        using var immediateApp = App();
        var immediate = await WeekAsync(immediateApp, new NotificationPreference { Channels = DeliveryChannels.Email });

        (await PostMarkAsync(weeklyApp, weekly)).EnsureSuccessStatusCode();
        (await PostMarkAsync(immediateApp, immediate)).EnsureSuccessStatusCode();
        await weeklyApp.RunOutboxAsync();
        await immediateApp.RunOutboxAsync();

        Assert.Equal([NotificationKind.WeeklyDigest], (await weeklyApp.NotificationsAsync(weekly.Parent.Id)).Select(x => x.Kind));
        Assert.Equal([NotificationKind.Mark], (await immediateApp.NotificationsAsync(immediate.Parent.Id)).Select(x => x.Kind));
    }

    [Fact]
    public async Task Without_consent_no_weekly_letter_is_made()
    {
        using var app = App();
        var n = await SchoolAsync(app, consent: null, preference: Weekly());

        await app.RunOutboxAsync();

        Assert.Empty(await app.NotificationsAsync(n.Parent.Id));
        Assert.Empty(MailTo(n.Email));
    }
}
