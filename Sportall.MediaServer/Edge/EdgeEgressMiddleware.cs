using Microsoft.Extensions.Options;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// Counts what each response sent to a viewer, after the cache answered or the origin fetch wrote:
/// the status code of every response, bytes per tenant, stream and edge, and the request's cache result.
/// Answers the token middleware gives before reaching this one (403, the 302 to the path form) it counts itself.
/// </summary>
internal sealed class EdgeEgressMiddleware
{
    public const string ResultItem = "sportall.edge.result";

    private readonly RequestDelegate _next;
    private readonly string _edge;
    private readonly (string Prefix, string Tenant)[] _tenants;

    public EdgeEgressMiddleware(RequestDelegate next, IOptions<EdgeOptions> options)
    {
        _next = next;
        _edge = EdgeNames.Of(options.Value);
        // Longest prefix first: "acme-" must lose to "acme-cup-" for "acme-cup-final".
        _tenants = options.Value.Tenants.Select(t => (t.Key, t.Value)).OrderByDescending(t => t.Key.Length).ToArray();
    }

    public async Task InvokeAsync(HttpContext context)
    {
        await _next(context);

        EdgeMetrics.Response(context.Response.StatusCode);
        var path = context.Request.Path.Value ?? "/";
        var stream = EdgeObject.StreamOf(path);
        if (stream is null)
        {
            return;
        }
        var response = context.Response;
        var result = context.Items[ResultItem] as string
            ?? (response.StatusCode == StatusCodes.Status403Forbidden ? "rejected" : "hit");
        EdgeMetrics.Request(_edge, EdgeObject.KindOf(path), result);
        // Content-Length is set on every edge answer (the origin sends it, the cache keeps it); a body the
        // viewer aborted counts as sent, which is what egress billing by response counts anyway.
        if (!HttpMethods.IsHead(context.Request.Method) && response.ContentLength is long bytes && bytes > 0)
        {
            EdgeMetrics.Egress(TenantOf(stream), stream, _edge, bytes);
        }
    }

    private string TenantOf(string stream)
    {
        foreach (var (prefix, tenant) in _tenants)
        {
            if (stream.StartsWith(prefix, StringComparison.Ordinal))
            {
                return tenant;
            }
        }
        return "default";
    }
}
