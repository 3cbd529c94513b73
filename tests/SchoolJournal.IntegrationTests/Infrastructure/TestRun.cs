using System.Runtime.CompilerServices;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>Settings of the test process itself, made before the first test builds an app.</summary>
internal static class TestRun
{
    /// <summary>
    /// Every test builds its own app, so every service provider is used only briefly: compiling IL for its service
    /// factories (the dependency-injection container's default, paid back in a long-lived app) cost about a fifth of a
    /// test's CPU, most of it in finalising the dynamic methods. Resolution by reflection gives the same services.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() =>
        AppContext.SetSwitch("Microsoft.Extensions.DependencyInjection.DisableDynamicEngine", true);
}
