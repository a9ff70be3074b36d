namespace Sportall.Packager.Delivery;

/// <summary>HTTP delivery settings, bound from "Packager:Delivery". Unset values derive from the stream's durations.</summary>
public sealed class LiveDeliveryOptions
{
    public const string SectionName = "Packager:Delivery";

    /// <summary>Longest an LL-HLS blocking playlist reload waits before 503; default three target durations.</summary>
    public TimeSpan? BlockingReloadTimeout { get; set; }

    /// <summary>Longest a request for the preload-hinted part waits for it; default three part targets.</summary>
    public TimeSpan? PreloadHintTimeout { get; set; }

    /// <summary>Scheme and authority clients reach this server at (e.g. https://cdn.example.com), for the MPD's
    /// absolute UTCTiming URL; default the request's own scheme and host.</summary>
    public string? PublicBaseUrl { get; set; }
}
