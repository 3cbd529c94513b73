namespace SchoolJournal.Web.Features.Export;

/// <summary>
/// Who leaves the school in the regional package (R-SEC-4, decision 0018): each parent's latest statement in the register is in force
/// (<see cref="PersonalDataConsent"/>). A student leaves when at least one of his legal representatives' statements in force is a
/// consent covering <see cref="ConsentScope.Transfer"/>, and none is a refusal covering it: one parent's consent is enough (either
/// parent acts for the child), a refusal in force by the other stops the transfer until the parents agree (the safer reading of a
/// dispute over personal data). A student without parents in the register, or whose parents have not answered, stays.
/// </summary>
public static class TransferConsent
{
    /// <summary>The statements in force of a student's parents (null: that parent has none).</summary>
    public static bool MayLeave(IEnumerable<(bool Given, ConsentScope Scope)?> statements)
    {
        var list = statements.OfType<(bool Given, ConsentScope Scope)>().Where(s => s.Scope.HasFlag(ConsentScope.Transfer)).ToList();
        return list.Any(s => s.Given) && !list.Any(s => !s.Given);
    }
}
