using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Export;

namespace SchoolJournal.Tests.Features.Export;

public sealed class SourcedIdsTests
{
    [Fact]
    public void A_name_based_uuid_is_the_rfcs_version_5()
    {
        // RFC 9562's DNS namespace and the name every UUID v5 implementation is checked with.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal("2ed6657d-e927-568b-95e1-2665a8aea6a2", SourcedIds.NameBased(dns, "www.example.com").ToString());
    }

    [Fact]
    public void The_same_kind_and_id_give_the_same_id_and_another_kind_another()
    {
        Assert.Equal(SourcedIds.Of("user", "student", 42), SourcedIds.Of("user", "student", 42));
        Assert.NotEqual(SourcedIds.Of("user", "student", 42), SourcedIds.Of("user", "parent", 42));
        Assert.Equal('5', SourcedIds.Of("class", "group", 7)[14]);
    }

    [Fact]
    public void Staff_roles_follow_the_positions_first_position_first()
    {
        Assert.Equal(["siteAdministrator", "teacher"], OneRosterExport.StaffRoles([PositionKind.Deputy, PositionKind.Teacher, PositionKind.Teacher]));
        Assert.Equal(["principal"], OneRosterExport.StaffRoles([PositionKind.Director]));
        Assert.Equal(["counselor", "aide"], OneRosterExport.StaffRoles([PositionKind.Psychologist, PositionKind.Librarian]));
        Assert.Equal(["aide"], OneRosterExport.StaffRoles([]));
    }
}
