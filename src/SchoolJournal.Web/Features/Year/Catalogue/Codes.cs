using System.Text.Json;

namespace SchoolJournal.Web.Features.Year.Catalogue;

/// <summary>
/// The catalogue's enumerations as the API writes them (camelCase names: «federal», «passFail») and as the pages show
/// them in Russian. One table per enumeration, so a new value cannot be shown without a name.
/// </summary>
public static class Codes
{
    public static readonly IReadOnlyDictionary<SubjectComponent, string> Components = new Dictionary<SubjectComponent, string>
    {
        [SubjectComponent.Federal] = "обязательная часть",
        [SubjectComponent.School] = "часть, формируемая участниками образовательных отношений",
    };

    public static readonly IReadOnlyDictionary<GradingKind, string> GradingKinds = new Dictionary<GradingKind, string>
    {
        [GradingKind.FivePoint] = "пятибалльная",
        [GradingKind.TenPoint] = "десятибалльная",
        [GradingKind.PassFail] = "зачёт / незачёт",
        [GradingKind.Unmarked] = "безотметочное обучение",
    };

    public static readonly IReadOnlyDictionary<PositionKind, string> Positions = new Dictionary<PositionKind, string>
    {
        [PositionKind.Director] = "директор",
        [PositionKind.Deputy] = "заместитель директора",
        [PositionKind.Teacher] = "педагог",
        [PositionKind.SystemAdministrator] = "системный администратор",
        [PositionKind.Psychologist] = "педагог-психолог",
        [PositionKind.SocialPedagogue] = "социальный педагог",
        [PositionKind.Librarian] = "библиотекарь",
        [PositionKind.Other] = "другое",
    };

    public static readonly IReadOnlyDictionary<StudyProfile, string> Profiles = new Dictionary<StudyProfile, string>
    {
        [StudyProfile.None] = "без профиля",
        [StudyProfile.Science] = "естественнонаучный",
        [StudyProfile.Humanities] = "гуманитарный",
        [StudyProfile.SocioEconomic] = "социально-экономический",
        [StudyProfile.Technological] = "технологический",
        [StudyProfile.Universal] = "универсальный",
    };

    /// <summary>«passFail» for <see cref="GradingKind.PassFail"/>.</summary>
    public static string Code<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>The value named by its code (any case); numbers and unknown names are null.</summary>
    public static T? Parse<T>(string? code) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(Code(v!.Value), code?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>«Допустимые значения: federal (обязательная часть), school (…)».</summary>
    public static string Allowed<T>(IReadOnlyDictionary<T, string> names) where T : struct, Enum =>
        "Допустимые значения: " + string.Join(", ", names.Select(n => $"{Code(n.Key)} ({n.Value})")) + ".";
}
