using System.Text.RegularExpressions;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using UglyToad.PdfPig;

namespace SchoolJournal.IntegrationTests.Features.Extracts;

/// <summary>
/// The journal school with a second quarter for Орлов to extract: Математика 3 (13.11, control work, weight 2) and 5
/// (20.11); Русский язык 4 (20.11) with «Н» in that lesson; a whole day «Б» on 16.11, when he had two lessons; a quarter
/// grade «4» in Математика. His mother Орлова (orlova) and a parent of another family, Белова (belova).
/// </summary>
public sealed record ExtractSchool(JournalSchool S, Parent Mother, Parent OtherParent)
{
    public static async Task<ExtractSchool> BuildAsync(SchoolBuilder b)
    {
        var s = await JournalSchool.BuildAsync(b);
        var mother = await b.ParentAsync("Орлова", "Елена", "orlova", s.Orlov);
        var other = await b.ParentAsync("Белова", "Вера", "belova", s.Belov);
        var control = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
        var earlier = await b.LessonAsync(s.Math, new DateOnly(2026, 11, 13), 2, s.Teacher);
        await b.MarkAsync(earlier, s.Orlov, "3", control);
        await b.MarkAsync(s.MathLesson, s.Orlov, "5");
        await b.MarkAsync(s.RussianLesson, s.Orlov, "4");
        await b.MarkAsync(s.RussianLesson, s.Belov, "2");
        await b.AttendanceAsync(s.RussianLesson, s.Orlov, AttendanceCode.Absent);
        await b.LessonAsync(s.Math, new DateOnly(2026, 11, 16), 1, s.Teacher);
        await b.LessonAsync(s.Russian, new DateOnly(2026, 11, 16), 2, s.OtherTeacher);
        await b.DailyAbsenceAsync(s.Orlov, s.Class, new DateOnly(2026, 11, 16), AttendanceCode.Ill);
        b.Db.PeriodGrades.Add(new PeriodGrade
        {
            SchoolId = b.School.Id, TeachingGroupId = s.Math.Id, StudentId = s.Orlov.Id, StudyPeriodId = s.Quarter2.Id,
            Kind = PeriodGradeKind.Period, Value = "4", CreatedAt = b.Now,
        });
        await b.Db.SaveChangesAsync();
        return new ExtractSchool(s, mother, other);
    }
}

public static partial class PdfText
{
    /// <summary>The text of every page, with runs of white space made single spaces.</summary>
    public static (string Text, int Pages) Read(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        var pages = doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        return (Spaces().Replace(string.Join(" ", pages), " "), pages.Count);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
