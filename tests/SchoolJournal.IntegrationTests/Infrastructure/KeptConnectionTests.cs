using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.Web.Features.Live;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>
/// Which requests keep the SQLite connection the stamp check opens until they end (<see cref="BearerStampMiddleware"/>): a page's
/// or the API's read does, a connection to the live diary's hub does not, whatever its transport, since it lasts for hours.
/// </summary>
public sealed class KeptConnectionTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private bool IsShortRead(string method, string path, bool webSocket = false)
    {
        var endpoint = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => "/" + e.RoutePattern.RawText?.TrimStart('/') == path
                && (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(method) ?? true));
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.SetEndpoint(endpoint);
        if (webSocket) context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpWebSocketFeature>(new WebSocketRequest());
        return BearerStampMiddleware.IsShortRead(context);
    }

    [Fact]
    public void The_diary_page_and_an_api_read_keep_it()
    {
        Assert.True(IsShortRead("GET", "/Diary"));
        Assert.True(IsShortRead("HEAD", "/Diary"));
        Assert.True(IsShortRead("GET", "/api/v1/groups/{groupId:int}/journal"));
    }

    [Fact]
    public void The_hub_keeps_it_for_none_of_its_transports()
    {
        // Server-sent events and long polling are GETs to the hub's path; a WebSocket is a GET that asks for an upgrade.
        Assert.False(IsShortRead("GET", LiveSetup.HubPath));
        Assert.False(IsShortRead("GET", LiveSetup.HubPath, webSocket: true));
        Assert.False(IsShortRead("POST", LiveSetup.HubPath + "/negotiate"));
    }

    [Fact]
    public void A_write_does_not_keep_it() => Assert.False(IsShortRead("POST", "/api/v1/lessons/{lessonId:int}/marks"));

    private sealed class WebSocketRequest : Microsoft.AspNetCore.Http.Features.IHttpWebSocketFeature
    {
        public bool IsWebSocketRequest => true;

        public Task<System.Net.WebSockets.WebSocket> AcceptAsync(WebSocketAcceptContext context) => throw new NotSupportedException();
    }
}
