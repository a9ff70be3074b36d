using Microsoft.Extensions.Options;
using Sportall.Portal;
using Sportall.Portal.Catalog;

namespace Sportall.MediaServer.Hosting.Portal;

/// <summary>
/// Keeps sportall_scheduled_event_live{tenant,stream} at 1 for each event the catalog expects on air
/// (<see cref="ScheduledLiveEvents"/>) and removes the series of events that left their window. The
/// SportallStreamLost alert compares it with the hub's sportall_stream_live{stream}.
/// </summary>
public sealed partial class ScheduledEventLiveGauge(ICatalogStore store, IOptions<PortalOptions> options, TimeProvider time,
    ILogger<ScheduledEventLiveGauge> logger) : BackgroundService
{
    // Well inside the alert's 45 s: an event whose start passed shows within one refresh plus one scrape.
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    private HashSet<ScheduledLiveEvent> _exported = [];

    /// <summary>The events the gauge shows now.</summary>
    public IReadOnlyCollection<ScheduledLiveEvent> Exported => _exported;

    public async Task RefreshAsync(CancellationToken ct)
    {
        var window = TimeSpan.FromMinutes(options.Value.ScheduledEventWindowMinutes);
        var current = (await ScheduledLiveEvents.ListAsync(store, time.GetUtcNow().UtcDateTime, window, ct)).ToHashSet();
        foreach (var e in current)
        {
            PortalMetrics.ScheduledEventLive.WithLabels(e.TenantSlug, e.PlaybackName).Set(1);
        }
        foreach (var e in _exported)
        {
            if (!current.Contains(e)) PortalMetrics.ScheduledEventLive.RemoveLabelled(e.TenantSlug, e.PlaybackName);
        }
        _exported = current;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The last values stay: a catalog outage must not look like every event ending.
                LogRefreshFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal: could not refresh the scheduled events expected live.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
