using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Year.Plans;

/// <summary>What a write of a КТП did to the lessons: written from the plan, kept as the teacher wrote them, cleared, left in closed
/// periods.</summary>
public sealed record PlanApplied(int Topics, int Hours, int Lessons, int Filled, int Kept, int Cleared, int Locked)
{
    public string Summary =>
        $"Тем: {Topics}, часов: {Hours}, уроков группы: {Lessons}. Тема из КТП записана в уроков: {Filled}; " +
        $"оставлена тема, записанная учителем: {Kept}" + (Cleared > 0 ? $"; очищено уроков за концом плана: {Cleared}" : "") +
        (Locked > 0 ? $"; не изменено в закрытых периодах: {Locked}" : "") + ".";
}

/// <summary>A write of a КТП refused: its status, title and the Russian reasons (one per bad row).</summary>
public sealed record PlanRefusal(int Status, string Title, IReadOnlyList<string> Errors)
{
    public IResult ToResult() => Results.Problem(title: Title, detail: string.Join("\n", Errors), statusCode: Status,
        extensions: Status == StatusCodes.Status400BadRequest ? new Dictionary<string, object?> { ["errors"] = Errors } : null);

    public static PlanRefusal Bad(IReadOnlyList<string> errors) => new(StatusCodes.Status400BadRequest, "КТП не сохранено: ошибки в темах", errors);

    public static readonly PlanRefusal NotFound = new(StatusCodes.Status404NotFound, "Группа не найдена", ["Такой учебной группы в школе нет."]);

    public static readonly PlanRefusal NoPlan = new(StatusCodes.Status404NotFound, "КТП нет", ["У этой группы нет КТП."]);

    public static readonly PlanRefusal NotHis = new(StatusCodes.Status403Forbidden, "Нет права менять КТП этой группы",
        ["КТП группы ведёт её учитель; заместитель директора, директор и администратор меняют КТП любой группы. Классный руководитель его только " +
            "просматривает."]);
}

/// <summary>
/// Replaces a group's КТП and spreads it over the group's lessons (<see cref="PlanRules.Expand"/>) in one transaction with
/// one audit event (ThematicPlanImported for a file, SetupChanged otherwise) carrying the counts, not every lesson.
/// The page editor, the pasted list, the file import and the API all come here.
/// </summary>
public sealed class SavePlan(JournalDbContext db, AccessService access, AuditLog audit, CurrentUser user, TimeProvider time)
{
    public async Task<(PlanApplied? Applied, PlanRefusal? Refusal)> ReplaceAsync(int groupId, IReadOnlyList<TopicRow> rows, string source,
        CancellationToken ct)
    {
        if (await RefuseAsync(groupId, ct) is { } refusal) return (null, refusal);
        if (rows.Count > PlanRules.MaxTopics)
            return (null, PlanRefusal.Bad([$"В плане {rows.Count} тем: допускается не больше {PlanRules.MaxTopics}."]));
        if (rows.Count == 0) return (null, PlanRefusal.Bad(["В плане нет ни одной темы. Чтобы убрать КТП, удалите его."]));

        var plan = await db.ThematicPlans.Include(p => p.Topics).FirstOrDefaultAsync(p => p.TeachingGroupId == groupId, ct);
        var before = plan is null ? null : new { topics = plan.Topics.Count, hours = plan.Topics.Sum(t => t.Hours) };
        var schoolId = user.SchoolId ?? throw new InvalidOperationException("Запись КТП без школы.");
        if (plan is null)
        {
            plan = new ThematicPlan { SchoolId = schoolId, TeachingGroupId = groupId };
            db.ThematicPlans.Add(plan);
        }
        plan.StaffMemberId = access.CanManageYear
            && !await access.CanWriteJournalAsync(groupId, ct) ? null : (await access.LinksAsync(ct)).StaffMemberId;
        plan.UpdatedAt = time.GetUtcNow();
        // Topics keep their rows place by place, so lessons stay linked to the same ids where the plan did not move.
        var existing = plan.Topics.OrderBy(t => t.Number).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var topic = i < existing.Count ? existing[i] : new ThematicTopic { SchoolId = schoolId, Title = "" };
            (topic.Number, topic.Section, topic.Title, topic.Hours, topic.Note) = (i + 1, rows[i].Section, rows[i].Title, rows[i].Hours,
                rows[i].Note);
            if (i >= existing.Count) plan.Topics.Add(topic);
        }
        foreach (var gone in existing.Skip(rows.Count)) db.ThematicTopics.Remove(gone);

        PlanApplied applied = null!;
        await audit.SaveAuditedAsync(db, async () =>
        {
            applied = await ApplyAsync(groupId, ct);
            var after = new { topics = rows.Count, hours = rows.Sum(r => r.Hours), applied.Filled, applied.Kept, applied.Cleared, applied.Locked,
                source };
            await audit.RecordAsync(source == "file" ? AuditEventType.ThematicPlanImported : AuditEventType.SetupChanged, "thematicPlan", plan.Id,
                before, after, ct: ct);
        }, ct);
        return (applied, null);
    }

    /// <summary>Removes the plan; lessons lose the topics it gave them, teachers' own topics stay.</summary>
    public async Task<(PlanApplied? Applied, PlanRefusal? Refusal)> DeleteAsync(int groupId, CancellationToken ct)
    {
        if (await RefuseAsync(groupId, ct) is { } refusal) return (null, refusal);
        var plan = await db.ThematicPlans.Include(p => p.Topics).FirstOrDefaultAsync(p => p.TeachingGroupId == groupId, ct);
        if (plan is null) return (null, PlanRefusal.NoPlan);
        var before = new { topics = plan.Topics.Count, hours = plan.Topics.Sum(t => t.Hours) };
        PlanApplied applied = null!;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        applied = await ApplyAsync(groupId, ct, without: true);
        db.ThematicTopics.RemoveRange(plan.Topics);
        db.ThematicPlans.Remove(plan);
        await audit.RecordAsync(AuditEventType.SetupDeleted, "thematicPlan", plan.Id, before, new { applied.Cleared, applied.Kept, applied.Locked },
            ct: ct);
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return (applied, null);
    }

    /// <summary>403 for anyone who cannot write plans at all, 404 an unknown group, 403 not his group.</summary>
    public async Task<PlanRefusal?> RefuseAsync(int groupId, CancellationToken ct)
    {
        if (!access.CanManageYear && !access.WritesJournals) return PlanRefusal.NotHis;
        if (!await db.TeachingGroups.AnyAsync(g => g.Id == groupId, ct)) return PlanRefusal.NotFound;
        return await access.CanEditThematicPlanAsync(groupId, ct) ? null : PlanRefusal.NotHis;
    }

    /// <summary>
    /// Writes the group's saved plan into its lessons (tracked, saved by the caller); <paramref name="without"/> spreads
    /// an empty plan, which clears what the plan gave.
    /// </summary>
    /// <summary>
    /// The group's saved plan spread again over its lessons as they are now (tracked, saved by the caller): after the
    /// timetable generated new lessons, they take their topics in order like the others.
    /// </summary>
    public Task<PlanApplied> SpreadAsync(int groupId, CancellationToken ct) => ApplyAsync(groupId, ct);

    private async Task<PlanApplied> ApplyAsync(int groupId, CancellationToken ct, bool without = false)
    {
        var topics = without ? [] : await db.ThematicTopics.AsNoTracking()
            .Where(t => db.ThematicPlans.Any(p => p.Id == t.ThematicPlanId && p.TeachingGroupId == groupId))
            .OrderBy(t => t.Number).Select(t => new PlanRules.PlanTopic(t.Id, t.Title, t.Hours)).ToListAsync(ct);
        var lessons = await db.Lessons.Where(l => l.TeachingGroupId == groupId).ToListAsync(ct);
        var lockedPeriods = (await db.PeriodLocks.AsNoTracking().Where(l => l.TeachingGroupId == groupId && l.ReopenedAt == null)
            .Select(l => l.StudyPeriodId).ToListAsync(ct)).ToHashSet();
        var slots = lessons.Select(l => new PlanRules.LessonSlot(l.Id, l.Date, l.Number, l.Status == LessonStatus.Cancelled,
            l.StudyPeriodId is int p && lockedPeriods.Contains(p), l.Topic, l.TopicFromPlan, l.ThematicTopicId)).ToList();
        var expansion = PlanRules.Expand(topics, slots);
        var byId = lessons.ToDictionary(l => l.Id);
        foreach (var s in expansion.Changed(slots))
            (byId[s.LessonId].Topic, byId[s.LessonId].TopicFromPlan, byId[s.LessonId].ThematicTopicId) = (s.Topic, s.TopicFromPlan,
                s.ThematicTopicId);
        return new PlanApplied(topics.Count, topics.Sum(t => t.Hours), slots.Count(s => !s.Cancelled),
            expansion.Filled, expansion.Kept, expansion.Cleared, expansion.Locked);
    }
}
