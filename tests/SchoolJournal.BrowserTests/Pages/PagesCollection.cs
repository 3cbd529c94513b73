namespace SchoolJournal.BrowserTests.Pages;

/// <summary>The layout tests share one demo school, seeded once.</summary>
[CollectionDefinition(Name)]
public sealed class PagesCollection : ICollectionFixture<DemoSchool>
{
    public const string Name = "Pages";
}
