using System.Net.Http.Headers;

namespace SchoolJournal.IntegrationTests.Features.Year.Plans;

public static class PlanForms
{
    /// <summary>A multipart form with one file in the field «file», as a browser sends it.</summary>
    public static MultipartFormDataContent File(string fileName, byte[] content)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(file, "file", fileName);
        return form;
    }
}
