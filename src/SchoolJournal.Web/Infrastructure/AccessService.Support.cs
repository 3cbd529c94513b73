namespace SchoolJournal.Web.Infrastructure;

/// <summary>Support requests (R-DOC-2): every signed-in person of a school sends them; the administrators answer.</summary>
public sealed partial class AccessService
{
    /// <summary>Anyone signed in with a school: a parent, a student, a teacher, the director.</summary>
    public bool AsksSupport => user.IsAuthenticated && user.SchoolId is not null;

    /// <summary>The system administrator and the director take requests into work and answer them.</summary>
    public bool AnswersSupport => Has(Permission.AnswerSupport);
}
