namespace SchoolJournal.Web.Features.Reports;

/// <summary>A select of a report's filter: «all» first, then the choices.</summary>
public sealed record ChoiceFilter(string Label, string Name, string Everything, IReadOnlyList<ReportFilters.Choice> Choices, int? Selected);

/// <summary>A row of «Успеваемость и качество»; a class's row links to that class's students.</summary>
public sealed record ProgressRowView(ProgressReport.Row Row, string? Link);

/// <summary>
/// A bar chart drawn on the server as SVG (decision 0010): groups of bars, one colour per series, values from 0 to
/// <see cref="Max"/>. The table beside it shows the same numbers.
/// </summary>
public sealed record BarChart(string Title, IReadOnlyList<string> Series, IReadOnlyList<BarChart.Bar> Bars, decimal Max)
{
    public sealed record Bar(string Label, IReadOnlyList<decimal?> Values);

    public static readonly string[] Colours = ["#2f6fb0", "#e0a030", "#3a9a5b", "#c0392b"];
}
