using Prometheus;

namespace Sportall.MediaServer.Edge;

/// <summary>Prometheus series of the edge role ("how many GB went out this weekend", hit ratio, origin load).</summary>
internal static class EdgeMetrics
{
    private static readonly Counter EgressBytes = Metrics.CreateCounter(
        "sportall_edge_egress_bytes_total", "Response body bytes served to viewers.", "tenant", "stream", "edge");

    private static readonly Counter Requests = Metrics.CreateCounter(
        "sportall_edge_requests_total", "Viewer requests by cache result: hit (output cache), miss (this request fetched), coalesced (waited for another request's fetch), stale (origin failed, last good copy), error, rejected (token).",
        "edge", "kind", "result");

    // Every status code the edge answers with, whatever the path: the error-rate alerts divide by this.
    private static readonly Counter Responses = Metrics.CreateCounter(
        "sportall_edge_responses_total", "Responses the edge sent, by HTTP status code (token refusals and redirects included).", "code");

    // "100" … "599" made once: a label per response must not allocate on the request path.
    private static readonly string[] StatusLabels = Enumerable.Range(0, 600).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static readonly Counter OriginFetches = Metrics.CreateCounter(
        "sportall_edge_origin_fetches_total", "Requests this edge sent to an origin.", "edge", "kind", "status");

    private static readonly Counter OriginObjects = Metrics.CreateCounter(
        "sportall_edge_origin_objects_total", "Distinct objects fetched from an origin; origin fetches per object = fetches / objects.", "edge", "kind");

    private static readonly Counter CoalescedWaiters = Metrics.CreateCounter(
        "sportall_edge_coalesced_waiters_total", "Requests answered by another request's origin fetch instead of their own.", "edge", "kind");

    private static readonly Counter SharedStore = Metrics.CreateCounter(
        "sportall_edge_store_hits_total", "Output cache lookups answered by a tier: memory, shared (Redis), shared-after-wait (another edge's fill).", "tier");

    private static readonly Counter TokenRejections = Metrics.CreateCounter(
        "sportall_edge_token_rejections_total", "Requests refused for their playback token.", "reason");

    public static void Egress(string tenant, string stream, string edge, long bytes) => EgressBytes.WithLabels(tenant, stream, edge).Inc(bytes);

    public static void Request(string edge, EdgeObjectKind kind, string result) => Requests.WithLabels(edge, EdgeObject.Label(kind), result).Inc();

    public static void Response(int status) => Responses.WithLabels(CodeLabel(status)).Inc();

    /// <summary>The current count of responses with this status (tests read it).</summary>
    public static double ResponseCount(int status) => Responses.WithLabels(CodeLabel(status)).Value;

    internal static string CodeLabel(int status) => (uint)status < (uint)StatusLabels.Length ? StatusLabels[status] : "other";

    public static void OriginFetch(string edge, EdgeObjectKind kind, int status) =>
        OriginFetches.WithLabels(edge, EdgeObject.Label(kind), status == 0 ? "failed" : StatusClass(status)).Inc();

    public static void OriginObject(string edge, EdgeObjectKind kind) => OriginObjects.WithLabels(edge, EdgeObject.Label(kind)).Inc();

    public static void Coalesced(string edge, EdgeObjectKind kind) => CoalescedWaiters.WithLabels(edge, EdgeObject.Label(kind)).Inc();

    public static void StoreHit(string tier) => SharedStore.WithLabels(tier).Inc();

    public static void TokenRejected(PlaybackTokenRejection reason) => TokenRejections.WithLabels(reason.ToString()).Inc();

    private static string StatusClass(int status) => status switch
    {
        < 300 => "2xx",
        < 400 => "3xx",
        404 => "404",
        < 500 => "4xx",
        _ => "5xx",
    };
}
