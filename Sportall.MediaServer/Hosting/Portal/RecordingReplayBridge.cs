using System.Threading.Channels;
using Sportall.Packager.Recording;
using Sportall.Portal.Ingest;

namespace Sportall.MediaServer.Hosting.Portal;

/// <summary>
/// Registers every replay the recorder closes in the portal's catalog, so the event's page and the
/// replay catalog show it. The recorder raises its event on its upload loop; registrations are queued
/// and applied on one loop so a slow catalog never holds up uploads.
/// </summary>
public sealed partial class RecordingReplayBridge(RecordingService recording, IReplayRegistry registry, ILogger<RecordingReplayBridge> logger)
    : BackgroundService
{
    private readonly Channel<ReplayEntry> _replays = Channel.CreateUnbounded<ReplayEntry>(new UnboundedChannelOptions { SingleReader = true });

    public override Task StartAsync(CancellationToken ct)
    {
        recording.ReplayRecorded += OnReplayRecorded;
        return base.StartAsync(ct);
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        recording.ReplayRecorded -= OnReplayRecorded;
        await base.StopAsync(ct);
    }

    private void OnReplayRecorded(ReplayEntry replay) => _replays.Writer.TryWrite(replay);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var replay in _replays.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var registered = await registry.RegisterReplayAsync(replay.Name, replay.AssetId, replay.Start,
                    TimeSpan.FromSeconds(replay.DurationSeconds), replay.HlsUrl, replay.DashUrl, replay.PosterUrl, stoppingToken);
                if (registered is null)
                {
                    LogNoEvent(logger, replay.AssetId, replay.Name);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, replay.AssetId, replay.Name, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay {AssetId} of '{Name}' is not in the portal: no event has that playback name (it stays listed at /api/replays).")]
    private static partial void LogNoEvent(ILogger logger, string assetId, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal: could not register replay {AssetId} of '{Name}'.")]
    private static partial void LogFailed(ILogger logger, string assetId, string name, Exception exception);
}
