using System.Net;
using System.Text;

namespace Sportall.MediaServer.Tests.Portal;

/// <summary>Answers the internal API's requests from a function and records each one (method, path, authorization).</summary>
internal sealed class PortalApiStub(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    private readonly List<string> _requests = [];

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests) return [.. _requests];
        }
    }

    public string? LastAuthorization { get; private set; }
    public string? LastBody { get; private set; }

    public static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_requests) _requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
        LastAuthorization = request.Headers.Authorization?.ToString();
        LastBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        return answer(request);
    }
}
