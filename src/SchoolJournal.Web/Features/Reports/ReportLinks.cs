namespace SchoolJournal.Web.Features.Reports;

/// <summary>The download links of a report page: the page's own filters with a format added.</summary>
public static class ReportLinks
{
    public static string Query(IQueryCollection query, string format) =>
        QueryString.Create(query.Where(q => q.Key != "format").SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("format", (string?)format))).ToUriComponent();
}
