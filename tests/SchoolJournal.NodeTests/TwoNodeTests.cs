using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SchoolJournal.Web.Demo;
using Xunit.Abstractions;

namespace SchoolJournal.NodeTests;

/// <summary>
/// Two app nodes behind HAProxy over PgBouncer (transaction mode), Redis and SMTP (issue 16, item 3): what a parent and a
/// teacher see when the school runs on several nodes, and when one of them dies.
/// </summary>
[Collection(NodeLaneCollection.Name)]
public sealed class TwoNodeTests(NodeLane lane, ITestOutputHelper output)
{
    /// <summary>The demo teacher's latest held lesson before today with the demo parent's son in it.</summary>
    private async Task<(int LessonId, int StudentId, string Journal)> LessonWithTheDemoSonAsync()
    {
        var rows = await Sql.RowsAsync(lane.DirectConnectionString, """
            SELECT l."Id", gm."StudentId", l."TeachingGroupId", l."StudyPeriodId" FROM "Lessons" l
            JOIN "StaffMembers" t ON t."Id" = l."TeacherId"
            JOIN "AspNetUsers" tu ON tu."Id" = t."UserId" AND tu."UserName" = @teacher
            JOIN "GroupMemberships" gm ON gm."TeachingGroupId" = l."TeachingGroupId" AND gm."From" <= l."Date"
                AND (gm."To" IS NULL OR gm."To" >= l."Date")
            JOIN "StudentParents" sp ON sp."StudentId" = gm."StudentId"
            JOIN "Parents" p ON p."Id" = sp."ParentId"
            JOIN "AspNetUsers" pu ON pu."Id" = p."UserId" AND pu."UserName" = @parent
            WHERE l."Date" < current_date - 1 AND l."Status" = 2
            ORDER BY l."Date" DESC, l."Number" DESC LIMIT 1
            """, ("teacher", DemoSeeder.Logins.Teacher), ("parent", DemoSeeder.Logins.Parent));
        var row = Assert.Single(rows);
        // The lesson's group journal for the lesson's own period (near a holiday the latest lesson may be in the last one).
        return ((int)row[0]!, (int)row[1]!, $"/api/v1/groups/{row[2]}/journal?periodId={row[3]}");
    }

    [Fact]
    public async Task A_mark_written_through_node_A_appears_live_in_the_diary_open_on_node_B_and_through_the_proxy()
    {
        await lane.A.EnsureRunningAsync();
        var (lessonId, sonId, _) = await LessonWithTheDemoSonAsync();
        var parentToken = await Api.TokenAsync(lane.B.Url, DemoSeeder.Logins.Parent);
        await using var onB = await DiaryWatcher.ConnectAsync(lane.B.Url, parentToken);
        // The same diary opened through the proxy: negotiate and WebSocket through HAProxy, on whichever node it chose.
        await using var throughProxy = await DiaryWatcher.ConnectAsync(lane.ProxyUrl, parentToken);
        Assert.True(await onB.WatchAsync(sonId));
        Assert.True(await throughProxy.WatchAsync(sonId));
        // The teacher's token is issued by node B and accepted by node A: one key ring, in Redis.
        using var teacher = Api.Client(lane.A.Url, await Api.TokenAsync(lane.B.Url, DemoSeeder.Logins.Teacher));

        var clock = Stopwatch.StartNew();
        var posted = await teacher.PostAsJsonAsync($"/api/v1/lessons/{lessonId}/marks", new { studentId = sonId, value = "4" });

        var answered = clock.ElapsedMilliseconds;
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var change = await onB.WaitForAsync(c => c.StudentId == sonId && c.LessonId == lessonId);
        var heard = clock.ElapsedMilliseconds;
        Assert.Equal("mark", change.Kind);
        var proxied = await throughProxy.WaitForAsync(c => c.StudentId == sonId && c.LessonId == lessonId);
        Assert.Equal("mark", proxied.Kind);
        output.WriteLine($"A answered the write in {answered} ms; B's diary heard it {heard - answered} ms after the answer, " +
            $"the proxied one by {clock.ElapsedMilliseconds - answered} ms");
    }

    [Fact]
    public async Task Node_A_killed_during_writes_loses_no_acknowledged_mark_and_every_parent_gets_each_letter_once()
    {
        await lane.A.EnsureRunningAsync();
        var (lessonId, sonId, journalUrl) = await LessonWithTheDemoSonAsync();
        var watermark = (long)(await Sql.RowsAsync(lane.DirectConnectionString, """SELECT coalesce(max("Id"), 0) FROM "DiaryEvents" """))[0][0]!;
        var tag = "поток-" + lane.RunTag + "-" + Guid.NewGuid().ToString("N")[..6];
        using var teacher = Api.Client(lane.ProxyUrl, await Api.TokenAsync(lane.ProxyUrl, DemoSeeder.Logins.Teacher));

        // 40 marks by 4 writers through the proxy (round robin: half of them on A); A is killed with -9 at the first success that A
        // answered after the 12th: its dispatcher, woken by that commit, is then most likely holding claimed rows.
        const int writes = 40, writers = 4, killAfter = 12;
        var acknowledged = new ConcurrentDictionary<int, string>(); // mark id → comment
        var servedBy = new ConcurrentDictionary<string, int>(); // the proxy's X-Served-By (lane's haproxy.cfg) → acknowledged writes
        var refused = new ConcurrentBag<string>();
        var next = -1;
        var killedAt = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < writes)
            {
                var comment = $"{tag}-{i}";
                try
                {
                    var response = await teacher.PostAsJsonAsync($"/api/v1/lessons/{lessonId}/marks",
                        new { studentId = sonId, value = (2 + i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture), comment });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var mark = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
                        acknowledged[mark.GetProperty("id").GetInt32()] = comment;
                        var node = response.Headers.TryGetValues("X-Served-By", out var names) ? names.First() : "?";
                        servedBy.AddOrUpdate(node, 1, (_, c) => c + 1);
                        if (acknowledged.Count >= killAfter && node == "a" && Interlocked.CompareExchange(ref killedAt, i, -1) == -1)
                            lane.A.KillHard();
                    }
                    else refused.Add($"{comment}: {(int)response.StatusCode}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    refused.Add($"{comment}: {e.GetType().Name}");
                }
            }
        }));
        output.WriteLine($"{writes} writes in {clock.ElapsedMilliseconds} ms: {acknowledged.Count} acknowledged " +
            $"({string.Join(", ", servedBy.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}"))}), A killed at write {killedAt}; " +
            $"not acknowledged: {string.Join(", ", refused)}");
        Assert.NotEqual(-1, killedAt);
        Assert.False(lane.A.Running);
        Assert.True(servedBy.GetValueOrDefault("a") > 0 && servedBy.GetValueOrDefault("b") > 0, "записи шли не на оба узла");
        Assert.True(acknowledged.Count >= writes - writers, $"подтверждено только {acknowledged.Count} из {writes}");

        // Every acknowledged mark is in the journal, read back through node B as the teacher reads it.
        var stored = (await Sql.RowsAsync(lane.DirectConnectionString,
                """SELECT "Id", "Comment" FROM "Marks" WHERE "LessonId" = @lesson AND "Comment" LIKE @tag""",
                ("lesson", lessonId), ("tag", tag + "-%")))
            .ToDictionary(r => (int)r[0]!, r => (string)r[1]!);
        Assert.All(acknowledged, a => Assert.Equal(a.Value, stored.GetValueOrDefault(a.Key)));
        using var onB = Api.Client(lane.B.Url, await Api.TokenAsync(lane.B.Url, DemoSeeder.Logins.Teacher));
        var journal = await onB.GetFromJsonAsync<System.Text.Json.JsonElement>(journalUrl);
        var shownMarks = MarkIds(journal, lessonId);
        Assert.All(acknowledged, a => Assert.Contains(a.Key, shownMarks));

        // One diary event per stored mark (the mark and its event commit together), each handled by the surviving node's
        // dispatcher after A's lease ran out: planned once, every e-mail sent.
        var recipients = await EmailRecipientsAsync(sonId);
        Assert.NotEmpty(recipients);
        List<object?[]> events = [], letters = [];
        var until = DateTime.UtcNow + NodeLane.Lease + TimeSpan.FromSeconds(30);
        while (true)
        {
            events = await Sql.RowsAsync(lane.DirectConnectionString, """
                SELECT "Id", "ProcessedAtMs", "Attempts" FROM "DiaryEvents"
                WHERE "Id" > @after AND "LessonId" = @lesson AND "StudentId" = @student AND "Kind" = 1 AND NOT "Removed"
                """, ("after", watermark), ("lesson", lessonId), ("student", sonId));
            letters = await Sql.RowsAsync(lane.DirectConnectionString, """
                SELECT n."Id", n."DiaryEventId", n."ParentId", n."Status" FROM "Notifications" n
                WHERE n."DiaryEventId" = ANY(@events) AND n."Channel" = 1
                """, ("events", events.Select(e => (long)e[0]!).ToArray()));
            var settled = events.All(e => e[1] is not null) && letters.Count == events.Count * recipients.Count
                && letters.All(n => (int)n[3]! == 2);
            if (settled || DateTime.UtcNow > until) break;
            await Task.Delay(250);
        }
        output.WriteLine($"outbox settled {clock.ElapsedMilliseconds} ms after the first write; events taken more than once: " +
            $"{events.Count(e => (int)e[2]! > 1)}");
        Assert.Equal(stored.Count, events.Count);
        Assert.All(events, e => Assert.NotNull(e[1]));
        // Per event, one e-mail notification per parent who consented to e-mail: none planned twice, none missing, all sent.
        foreach (var e in events)
        {
            var mine = letters.Where(n => (long)n[1]! == (long)e[0]!).ToList();
            Assert.Equal(recipients.OrderBy(p => p), mine.Select(n => (int)n[2]!).OrderBy(p => p));
            Assert.All(mine, n => Assert.Equal(2, (int)n[3]!)); // Sent
        }

        // What the parents' mail programs show: per event and parent one letter (one Message-Id); a copy sent again by the node
        // that took over a dead node's lease carries the same Message-Id, and a mail program shows it once.
        var mail = Letter.Read(lane.Maildir, lane.MailFrom);
        var sentIds = letters.Select(n => (long)n[0]!).ToHashSet();
        var ours = mail.Where(m => sentIds.Contains(m.NotificationId)).ToList();
        var shown = ours.GroupBy(m => m.MessageId).ToList();
        output.WriteLine($"letters: {ours.Count} files, {shown.Count} distinct Message-Ids, {sentIds.Count} notifications; " +
            $"copies of one Message-Id: {shown.Count(g => g.Count() > 1)}");
        Assert.Equal(sentIds.OrderBy(x => x), shown.Select(g => g.First().NotificationId).Distinct().OrderBy(x => x));
        Assert.All(shown, g => Assert.Single(g.Select(m => m.NotificationId).Distinct()));
        Assert.Equal(events.Count * recipients.Count, shown.Count);
    }

    [Fact]
    public async Task The_nodes_reach_PostgreSQL_only_through_PgBouncer_in_transaction_mode()
    {
        // Traffic first: a few reads and a write through the proxy, on whichever nodes are up.
        using var teacher = Api.Client(lane.ProxyUrl, await Api.TokenAsync(lane.ProxyUrl, DemoSeeder.Logins.Teacher));
        var (lessonId, sonId, journalUrl) = await LessonWithTheDemoSonAsync();
        for (var i = 0; i < 4; i++) (await teacher.GetAsync(journalUrl)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created,
            (await teacher.PostAsJsonAsync($"/api/v1/lessons/{lessonId}/marks", new { studentId = sonId, value = "5" })).StatusCode);

        var databases = await BouncerAsync("SHOW DATABASES");
        var pooled = Assert.Single(databases, d => d["name"] == NodeLane.PooledDatabase);
        Assert.Equal(lane.Database, pooled["database"]);
        Assert.Equal("transaction", await BouncerConfigAsync("pool_mode"));
        var pools = await BouncerAsync("SHOW POOLS");
        var pool = Assert.Single(pools, p => p["database"] == NodeLane.PooledDatabase);
        var stats = Assert.Single(await BouncerAsync("SHOW STATS"), s => s["database"] == NodeLane.PooledDatabase);
        var clients = (await BouncerAsync("SHOW CLIENTS")).Count(c => c["database"] == NodeLane.PooledDatabase);
        output.WriteLine(lane.Started);
        output.WriteLine($"SHOW POOLS: {string.Join(", ", pool.Select(kv => kv.Key + "=" + kv.Value))}");
        output.WriteLine($"SHOW STATS: transactions {stats["total_xact_count"]}, queries {stats["total_query_count"]}; clients {clients}");

        // The nodes' clients are PgBouncer's, and PostgreSQL sees no more of the lane's connections than PgBouncer's pool.
        Assert.True(long.Parse(stats["total_xact_count"], System.Globalization.CultureInfo.InvariantCulture) > 5);
        Assert.True(clients >= 1);
        var backends = (long)(await Sql.RowsAsync(lane.DirectConnectionString,
            """SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND application_name <> @tests""",
            ("tests", Sql.ApplicationName), ("db", lane.Database)))[0][0]!;
        Assert.InRange(backends, 1, NodeLane.PoolSize);
    }

    /// <summary>The ids of the marks of a lesson in the journal API's answer (its cells: id, lessonId, value).</summary>
    private static HashSet<int> MarkIds(System.Text.Json.JsonElement json, int lessonId)
    {
        var ids = new HashSet<int>();
        void Walk(System.Text.Json.JsonElement e)
        {
            if (e.ValueKind == System.Text.Json.JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Walk(x);
            if (e.ValueKind != System.Text.Json.JsonValueKind.Object) return;
            if (e.TryGetProperty("id", out var id) && e.TryGetProperty("lessonId", out var lesson) && e.TryGetProperty("value", out _)
                && lesson.ValueKind == System.Text.Json.JsonValueKind.Number && lesson.GetInt32() == lessonId)
                ids.Add(id.GetInt32());
            foreach (var p in e.EnumerateObject()) Walk(p.Value);
        }
        Walk(json);
        return ids;
    }

    /// <summary>The parents of the student with a consent in force that covers e-mail, and an address (hand-computed from the rows).</summary>
    private async Task<List<int>> EmailRecipientsAsync(int studentId) =>
        (await Sql.RowsAsync(lane.DirectConnectionString, """
            SELECT p."Id" FROM "StudentParents" sp JOIN "Parents" p ON p."Id" = sp."ParentId"
            JOIN LATERAL (SELECT c."Given", c."Scope" FROM "PersonalDataConsents" c WHERE c."ParentId" = p."Id"
                ORDER BY c."Id" DESC LIMIT 1) c ON true
            WHERE sp."StudentId" = @student AND c."Given" AND (c."Scope" & 1) = 1 AND coalesce(p."Email", '') <> ''
            """, ("student", studentId))).Select(r => (int)r[0]!).ToList();

    /// <summary>A PgBouncer admin console command through psql (the console speaks only the simple query protocol).</summary>
    private async Task<List<Dictionary<string, string>>> BouncerAsync(string command)
    {
        var run = await NodeLane.RunToEndAsync("psql",
            $"-h 127.0.0.1 -p {lane.BouncerPort} -U postgres -d pgbouncer -X -A -F \"|\" -P footer=off -c \"{command}\"", null,
            TimeSpan.FromSeconds(10));
        Assert.True(run.ExitCode == 0, run.Output);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split('|');
        return lines.Skip(1).Select(l => l.Split('|')).Where(c => c.Length == header.Length)
            .Select(c => header.Zip(c).ToDictionary(x => x.First, x => x.Second)).ToList();
    }

    private async Task<string> BouncerConfigAsync(string key) =>
        Assert.Single(await BouncerAsync("SHOW CONFIG"), c => c["key"] == key)["value"];
}
