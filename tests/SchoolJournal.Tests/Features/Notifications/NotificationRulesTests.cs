using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Notifications;
using static SchoolJournal.Web.Features.Notifications.NotificationTexts;

namespace SchoolJournal.Tests.Features.Notifications;

public sealed class NotificationScheduleTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly TimeOnly From = new(21, 0), To = new(8, 0);

    private static DateTimeOffset Msk(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(3));

    [Fact]
    public void An_SMS_in_the_day_goes_at_once()
    {
        Assert.Equal(Msk(23, 20, 59), NotificationSchedule.SmsDue(Msk(23, 20, 59), Moscow, From, To));
        Assert.Equal(Msk(23, 8, 0), NotificationSchedule.SmsDue(Msk(23, 8, 0), Moscow, From, To));
    }

    [Fact]
    public void An_SMS_in_the_evening_waits_for_tomorrow_morning_and_one_after_midnight_for_this_morning()
    {
        Assert.Equal(Msk(24, 8), NotificationSchedule.SmsDue(Msk(23, 22, 30), Moscow, From, To));
        Assert.Equal(Msk(24, 8), NotificationSchedule.SmsDue(Msk(23, 21, 0), Moscow, From, To));
        Assert.Equal(Msk(24, 8), NotificationSchedule.SmsDue(Msk(24, 3, 15), Moscow, From, To));
    }

    [Fact]
    public void Quiet_hours_that_do_not_cross_midnight_and_none_at_all()
    {
        Assert.Equal(Msk(23, 15), NotificationSchedule.SmsDue(Msk(23, 13, 30), Moscow, new(13, 0), new(15, 0)));
        Assert.Equal(Msk(23, 16), NotificationSchedule.SmsDue(Msk(23, 16), Moscow, new(13, 0), new(15, 0)));
        Assert.Equal(Msk(23, 23), NotificationSchedule.SmsDue(Msk(23, 23), Moscow, new(8, 0), new(8, 0)));
    }

    [Fact]
    public void Quiet_hours_are_the_school_s_local_time()
    {
        var yekaterinburg = TimeZoneInfo.FindSystemTimeZoneById("Asia/Yekaterinburg"); // UTC+5
        // 20:30 in Moscow is 22:30 in Yekaterinburg: quiet there until 08:00 local = 06:00 Moscow.
        Assert.Equal(Msk(24, 6), NotificationSchedule.SmsDue(Msk(23, 20, 30), yekaterinburg, From, To));
    }

    [Fact]
    public void The_digest_goes_at_its_next_hour()
    {
        Assert.Equal(Msk(23, 19), NotificationSchedule.NextDigest(Msk(23, 9), Moscow, new(19, 0)));
        Assert.Equal(Msk(24, 19), NotificationSchedule.NextDigest(Msk(23, 19), Moscow, new(19, 0)));
        Assert.Equal(Msk(24, 19), NotificationSchedule.NextDigest(Msk(23, 22, 30), Moscow, new(19, 0)));
    }

    [Fact]
    public void Retries_wait_longer_each_time()
    {
        Assert.Equal(
            [1, 5, 15, 60, 120, 240, 480, 480],
            Enumerable.Range(1, 8).Select(a => (int)NotificationSchedule.RetryDelay(a).TotalMinutes).ToArray());
    }
}

public sealed class NotificationTextsTests
{
    private static readonly DateOnly Nov23 = new(2026, 11, 23);

    [Fact]
    public void A_mark_names_the_child_subject_value_work_type_and_date()
    {
        var fact = new Fact(NotificationKind.Mark, StudentShortName("Орлов", "Илья"), "Математика", "5", "Контрольная работа", Nov23);

        Assert.Equal("Орлов И.: оценка 5 по предмету «Математика» (контрольная работа) за 23.11", Body(fact));
        Assert.Equal("Дневник: новая оценка", NotificationTexts.Subject(NotificationKind.Mark));
        Assert.Equal("Орлов И.: оценка изменена на 4 по предмету «Математика» (контрольная работа) за 23.11",
            Body(fact with { Value = "4", Changed = true }));
        Assert.Equal("Дневник: оценка изменена", NotificationTexts.Subject(NotificationKind.Mark, changed: true));
    }

    [Fact]
    public void Absences_lesson_changes_homework_and_period_grades()
    {
        Assert.Equal("Орлов И.: пропуск (Н) — урок «Физика» 23.11",
            Body(new Fact(NotificationKind.Absence, "Орлов И.", "Физика", "Н", Date: Nov23)));
        Assert.Equal("Орлов И.: опоздание (ОП) — урок «Физика» 23.11",
            Body(new Fact(NotificationKind.Absence, "Орлов И.", "Физика", "ОП", Date: Nov23)));
        Assert.Equal("Дневник: опоздание", NotificationTexts.Subject(NotificationKind.Absence, "ОП"));
        Assert.Equal("Орлов И.: пропуск по болезни (Б) — весь день 23.11",
            Body(new Fact(NotificationKind.Absence, "Орлов И.", null, "Б", Date: Nov23)));
        Assert.Equal("Орлов И.: урок «Химия» 23.11, 3-й урок — замена учителя",
            Body(new Fact(NotificationKind.LessonChanged, "Орлов И.", "Химия", Date: Nov23, LessonNumber: 3, Text: "замена учителя")));
        Assert.Equal("Орлов И.: домашнее задание по предмету «Химия» к уроку 23.11: § 12, задачи 1–3",
            Body(new Fact(NotificationKind.Homework, "Орлов И.", "Химия", Date: Nov23, Text: "§ 12,\n задачи 1–3")));
        Assert.Equal("Орлов И.: отметка за 2 четверть по предмету «Химия» — 4",
            Body(new Fact(NotificationKind.PeriodGrade, "Орлов И.", "Химия", "4", Text: "Period", Period: "2 четверть")));
        Assert.Equal("Орлов И.: годовая отметка по предмету «Химия» — 5",
            Body(new Fact(NotificationKind.PeriodGrade, "Орлов И.", "Химия", "5", Text: "Year")));
    }

    [Fact]
    public void A_long_text_is_cut_and_an_SMS_fits_160_characters()
    {
        var body = Body(new Fact(NotificationKind.Message, "Орлов И.", "Химия", Text: new string('а', 500)));
        Assert.Equal("Орлов И.: сообщение учителя (Химия): ".Length + ExcerptMax, body.Length);
        Assert.EndsWith("…", body);
        Assert.Equal(160, Sms(new string('б', 300)).Length);
        Assert.EndsWith("…", Sms(new string('б', 300)));
        Assert.Equal("короткое", Sms("короткое"));
    }

    [Fact]
    public void The_digest_groups_by_child_and_kind()
    {
        var body = DigestBody(Nov23,
        [
            ("Орлов И.", NotificationKind.Message, "сообщение учителя: молодец"),
            ("Орлов И.", NotificationKind.Mark, "оценка 5"),
            ("Орлова А.", NotificationKind.Mark, "оценка 4"),
            ("Орлов И.", NotificationKind.Mark, "оценка 3"),
        ]);

        Assert.StartsWith("""
            Сводка электронного дневника за 23.11.2026

            Орлов И.
              Оценки:
                — оценка 5
                — оценка 3
              Сообщения учителей:
                — сообщение учителя: молодец

            Орлова А.
              Оценки:
                — оценка 4

            """, body);
        Assert.Equal("Дневник: сводка за 23.11.2026", DigestSubject(Nov23));
        Assert.Equal("Дневник за 23.11: Орлов И. — оценок: 1, сообщений: 1",
            DigestSms(Nov23, [("Орлов И.", NotificationKind.Mark, "x"), ("Орлов И.", NotificationKind.Message, "y")]));
    }

    [Fact]
    public void Addresses_are_masked_for_the_parent_s_page()
    {
        Assert.Equal("i***@mail.ru", Preferences.MaskEmail("ivanova@mail.ru"));
        Assert.Equal("*** ***-**-67", Preferences.MaskPhone("+7 (900) 123-45-67"));
        Assert.Null(Preferences.MaskPhone(" "));
    }
}
