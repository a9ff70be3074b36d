namespace Sportall.MediaServer.Hosting;

/// <summary>
/// The logging scope of work done for one stream: with the JSON console formatter and IncludeScopes
/// (the Kubernetes configuration) every line logged inside it carries {"stream": …} (and "tenant" once a
/// stream key resolves to one), so a log collector can filter one event's lines.
/// </summary>
public static class StreamLogScope
{
    public static IDisposable? Begin(ILogger logger, string stream, string? tenant = null) =>
        logger.BeginScope(tenant is null
            ? new KeyValuePair<string, object?>[] { new("stream", stream) }
            : new KeyValuePair<string, object?>[] { new("tenant", tenant), new("stream", stream) });
}
