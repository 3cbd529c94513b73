using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Journal;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>What the grid's cell understands besides a plain mark: minutes of lateness and the make-up of a missed topic.</summary>
public sealed class GridEntryTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("о10", "ОП", 10)]
    [InlineData("оп 5", "ОП", 5)]
    [InlineData("o", "ОП", null)]
    [InlineData("Н", "Н", null)]
    public void Absence_entries_are_read_with_their_minutes(string entry, string code, int? minutes) =>
        Assert.Equal((code, minutes), GroupModel.AbsenceEntry(entry));

    [Theory]
    [InlineData("н5")]
    [InlineData("5")]
    [InlineData("оп-3")]
    public void Minutes_go_only_with_a_late_code(string entry) => Assert.Null(GroupModel.AbsenceEntry(entry));

    [Fact]
    public async Task Typing_o10_records_a_late_arrival_of_ten_minutes()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.PageClientAsync("smirnova");

        var response = await GridPageTests.PostCellAsync(teacher, s.Math.Id, s.MathLesson.Id, s.Orlov.Id, "о10");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cell = await Html.ParseCellAsync(response);
        Assert.Equal("cell absent", cell.ClassName);
        Assert.Equal("ОП", cell.TextOf(".code"));
        var row = await _app.QueryAsync(db => db.Attendance.IgnoreQueryFilters().SingleAsync());
        Assert.Equal((AttendanceCode.Late, 10), (row.Code, row.LateMinutes));
    }

    [Fact]
    public async Task A_mark_typed_where_the_student_was_absent_is_a_make_up_and_the_absence_stays()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.PageClientAsync("smirnova");
        await GridPageTests.PostCellAsync(teacher, s.Math.Id, s.MathLesson.Id, s.Orlov.Id, "Б");

        var response = await GridPageTests.PostCellAsync(teacher, s.Math.Id, s.MathLesson.Id, s.Orlov.Id, "4");
        await GridPageTests.PostCellAsync(teacher, s.Math.Id, s.MathLesson.Id, s.Belov.Id, "5");

        var cell = await Html.ParseCellAsync(response);
        Assert.Equal("4", cell.TextOf(".mark.makeup"));
        Assert.Equal("Б", cell.TextOf(".code"));
        var marks = await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters()
            .OrderBy(m => m.Id).Select(m => new { m.StudentId, m.IsMakeUp }).ToListAsync());
        Assert.Equal([(s.Orlov.Id, true), (s.Belov.Id, false)], marks.Select(m => (m.StudentId, m.IsMakeUp)));
        Assert.Equal(AttendanceCode.Ill, await _app.QueryAsync(db => db.Attendance.IgnoreQueryFilters().Select(a => a.Code).SingleAsync()));
    }
}
