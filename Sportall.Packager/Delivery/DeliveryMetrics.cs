using System.Globalization;
using Prometheus;

namespace Sportall.Packager.Delivery;

/// <summary>Request counters of the live delivery endpoints; children for the usual statuses are created once.</summary>
internal static class DeliveryMetrics
{
    private static readonly Counter Requests = Metrics.CreateCounter(
        "sportall_http_requests_total",
        "Live delivery HTTP requests by kind (playlist, mpd, init, segment, part) and response status.",
        new CounterConfiguration { LabelNames = ["kind", "status"] });

    private static readonly string[] KindLabels = ["playlist", "mpd", "init", "segment", "part"];

    // Every status the endpoints produce themselves; anything else (a 500 from a fault) takes the slow path.
    private static readonly int[] KnownStatuses = [200, 204, 206, 304, 400, 404, 412, 416, 503];

    private static readonly Counter.Child[][] Children = CreateChildren();

    public static void Count(HttpRequestKind kind, int status)
    {
        int index = Array.IndexOf(KnownStatuses, status);
        var child = index >= 0
            ? Children[(int)kind][index]
            : Requests.WithLabels(KindLabels[(int)kind], status.ToString(CultureInfo.InvariantCulture));
        child.Inc();
    }

    private static Counter.Child[][] CreateChildren()
    {
        var children = new Counter.Child[KindLabels.Length][];
        for (int k = 0; k < KindLabels.Length; k++)
        {
            children[k] = new Counter.Child[KnownStatuses.Length];
            for (int s = 0; s < KnownStatuses.Length; s++)
            {
                children[k][s] = Requests.WithLabels(KindLabels[k], KnownStatuses[s].ToString(CultureInfo.InvariantCulture));
            }
        }
        return children;
    }
}
