using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using SchoolJournal.Web.Features.OneRoster;

namespace SchoolJournal.Tests.Features.OneRoster;

/// <summary>The binding's collection parameters over five users (pure): filter, sort, fields, paging, links.</summary>
public sealed class OneRosterQueryTests
{
    private static readonly string[] Known = ["sourcedId", "familyName", "grades", "roles", "class"];

    private static List<JsonObject> Users() =>
    [
        .. new[] { ("1", "Орлов", "06", "student"), ("2", "Иванова", "05", "student"), ("3", "Кузнецов", "05", "student"),
                ("4", "Кузнецов", "", "guardian"), ("5", "Смирнова", "", "teacher") }
            .Select(u => new JsonObject
            {
                ["sourcedId"] = u.Item1, ["familyName"] = u.Item2,
                ["grades"] = u.Item3.Length > 0 ? new JsonArray(JsonValue.Create(u.Item3)) : new JsonArray(),
                ["roles"] = new JsonArray(new JsonObject { ["role"] = u.Item4 }),
            }),
    ];

    private static (OneRosterQuery.Page? Page, SchoolJournal.Web.Infrastructure.ImsStatus? Error) Run(params (string, string)[] query) =>
        OneRosterQuery.Apply(Users(), new QueryCollection(query.ToDictionary(q => q.Item1, q => new StringValues(q.Item2))), Known);

    private static List<string> Ids(OneRosterQuery.Page? page) => [.. page!.Items.Select(o => o["sourcedId"]!.GetValue<string>())];

    [Theory]
    [InlineData("familyName='Кузнецов'", "3,4")]
    [InlineData("familyName!='Кузнецов'", "1,2,5")]
    [InlineData("familyName~'ова'", "2,5")]
    [InlineData("grades='05'", "2,3")]
    [InlineData("roles.role='student' AND grades>='06'", "1")]
    [InlineData("roles.role='teacher' OR roles.role='guardian'", "4,5")]
    [InlineData("sourcedId>'3'", "4,5")]
    [InlineData("familyName = 'Орлов'", "1")]
    public void A_filter_keeps_what_its_predicates_hold_for(string filter, string ids)
    {
        var (page, error) = Run(("filter", filter));

        Assert.Null(error);
        Assert.Equal(ids.Split(','), Ids(page));
        Assert.Equal(ids.Split(',').Length, page!.Total);
    }

    [Theory]
    [InlineData("filter", "nickname='x'", "invalid_filter_field")]
    [InlineData("filter", "familyName='x' AND", "invalid_filter_field")]
    [InlineData("filter", "familyName=x", "invalid_filter_field")]
    [InlineData("sort", "nickname", "invalid_selection_field")]
    [InlineData("fields", "sourcedId,nickname", "invalid_selection_field")]
    [InlineData("limit", "0", "invaliddata")]
    [InlineData("offset", "-1", "invaliddata")]
    [InlineData("orderBy", "up", "invaliddata")]
    public void A_bad_parameter_is_refused_with_its_code(string name, string value, string code)
    {
        var (page, error) = Run((name, value));

        Assert.Null(page);
        Assert.Equal(400, error!.Status);
        Assert.Equal(code, error.CodeMinor);
    }

    [Fact]
    public void Sort_orders_by_code_point_and_desc_reverses_keeping_ties_in_place()
    {
        Assert.Equal(["2", "3", "4", "1", "5"], Ids(Run(("sort", "familyName")).Page));
        Assert.Equal(["5", "1", "3", "4", "2"], Ids(Run(("sort", "familyName"), ("orderBy", "desc")).Page));
    }

    [Fact]
    public void Paging_counts_before_it_cuts_and_links_keep_the_other_parameters()
    {
        var (page, _) = Run(("limit", "2"), ("offset", "2"), ("sort", "familyName"));

        Assert.Equal(["4", "1"], Ids(page));
        Assert.Equal(5, page!.Total);
        Assert.Equal("</u?sort=familyName&limit=2&offset=4>; rel=\"next\", </u?sort=familyName&limit=2&offset=4>; rel=\"last\", "
            + "</u?sort=familyName&limit=2&offset=0>; rel=\"first\", </u?sort=familyName&limit=2&offset=0>; rel=\"prev\"",
            OneRosterQuery.Links("/u", new QueryCollection(new Dictionary<string, StringValues>
            {
                ["limit"] = "2", ["offset"] = "2", ["sort"] = "familyName",
            }), page));
        Assert.Equal(OneRosterQuery.MaxLimit, Run(("limit", "5000")).Page!.Limit);
    }

    [Fact]
    public void Fields_keep_only_what_is_asked()
    {
        var item = Run(("fields", "familyName"), ("limit", "1")).Page!.Items.Single();

        Assert.Equal(["familyName"], item.Select(p => p.Key));
    }
}
