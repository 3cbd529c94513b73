using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Export;
using SchoolJournal.Web.Features.Parents;

namespace SchoolJournal.Tests.Features.Export;

public sealed class TransferConsentTests
{
    private static (bool, ConsentScope)? Given(ConsentScope scope) => (true, scope);
    private static (bool, ConsentScope)? Refused(ConsentScope scope) => (false, scope);

    [Fact]
    public void One_parents_consent_to_the_transfer_is_enough() =>
        Assert.True(TransferConsent.MayLeave([Given(ConsentScope.Email | ConsentScope.Transfer), null]));

    [Fact]
    public void A_consent_without_the_transfer_keeps_the_student_at_school() =>
        Assert.False(TransferConsent.MayLeave([Given(ConsentScope.Email | ConsentScope.Phone | ConsentScope.Snils)]));

    [Fact]
    public void The_other_parents_refusal_of_the_transfer_stops_it() =>
        Assert.False(TransferConsent.MayLeave([Given(ConsentScope.Transfer), Refused(ConsentScope.Transfer)]));

    [Fact]
    public void A_refusal_of_other_data_does_not_stop_the_transfer() =>
        Assert.True(TransferConsent.MayLeave([Given(ConsentScope.Transfer), Refused(ConsentScope.Phone)]));

    [Fact]
    public void No_parents_or_no_answers_keep_the_student_at_school()
    {
        Assert.False(TransferConsent.MayLeave([]));
        Assert.False(TransferConsent.MayLeave([null, null]));
    }

    [Fact]
    public void The_transfer_has_its_api_and_russian_names_and_a_bare_refusal_covers_it()
    {
        Assert.Equal((ConsentScope.Transfer | ConsentScope.Email, (string?)null), ParentRules.ParseScope(["transfer", "почта"]));
        Assert.Equal(ConsentScope.Transfer, ParentRules.ParseScope(["Передача"]).Scope);
        Assert.Equal(["email", "transfer"], ParentRules.ScopeNames(ConsentScope.Email | ConsentScope.Transfer));
        Assert.Equal("СНИЛС, передача в регион и на Госуслуги", ParentRules.ScopeText(ConsentScope.Snils | ConsentScope.Transfer));
        Assert.True(ParentRules.All.HasFlag(ConsentScope.Transfer));
        Assert.Equal(8, (int)ConsentScope.Transfer);
    }
}
