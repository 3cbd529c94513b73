using Microsoft.EntityFrameworkCore;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>The journal grid's database round trips do not grow with the class or the quarter (issue 4, Performance).</summary>
public sealed class JournalGridRoundTripTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_journal_of_a_full_class_takes_two_round_trips()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var more = new List<SchoolJournal.Web.Domain.Student>();
            for (var i = 0; i < 8; i++) more.Add(await b.StudentAsync(s.Class, $"Ученик{i}", "Иван"));
            foreach (var student in more) await b.MembershipAsync(s.Math, student, b.Year.Start);
            for (var d = 0; d < 10; d++)
            {
                var lesson = await b.LessonAsync(s.Math, new DateOnly(2026, 11, 9).AddDays(d), 1, s.Teacher, $"Тема {d}");
                foreach (var student in more) await b.MarkAsync(lesson, student, "4");
            }
            return s;
        });
        var teacher = await _app.ApiClientAsync("smirnova");
        await teacher.GetAsync($"/api/v1/groups/{s.Math.Id}/journal"); // warm-up: model, JIT, the caller's first look-ups

        using var counter = new CommandCounter(_app.DatabaseName);
        var journal = await teacher.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/groups/{s.Math.Id}/journal");

        Assert.Equal(10, journal.GetProperty("students").GetArrayLength());
        Assert.Equal(11, journal.GetProperty("lessons").GetArrayLength());
        Assert.True(counter.Count <= 2, $"{counter.Count} round trips:\n{string.Join("\n---\n", counter.Commands)}");
    }

    /// <summary>Counts the commands EF Core sends to one test database while it is alive.</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _database;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly List<string> _commands = [];

        public CommandCounter(string database)
        {
            _database = database;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count { get { lock (_commands) return _commands.Count; } }

        public IReadOnlyList<string> Commands { get { lock (_commands) return [.. _commands]; } }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData data
                && data.Command.Connection?.ConnectionString.Contains(_database, StringComparison.Ordinal) == true)
                lock (_commands) _commands.Add(data.Command.CommandText);
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
        }
    }
}
