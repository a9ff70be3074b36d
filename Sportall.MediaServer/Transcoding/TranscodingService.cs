using Microsoft.Extensions.Options;
using Sportall.MediaServer.Hub;
using Sportall.Packager.Live;

namespace Sportall.MediaServer.Transcoding;

/// <summary>
/// Starts a <see cref="LiveTranscoder"/> for every live source when transcoding is enabled, after choosing
/// the acceleration path once at start-up (logged, and exposed as <c>sportall_transcoder_acceleration</c>).
/// </summary>
public sealed partial class TranscodingService : IHostedService
{
    private readonly StreamHub _hub;
    private readonly ILiveRenditionSink _sink;
    private readonly TranscodingOptions _options;
    private readonly string _dataPath;
    private readonly HardwareAccelerationDetector _detector;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<LiveSource, (LiveTranscoder Transcoder, Task Task)> _running = [];
    private Task<AccelerationPath>? _acceleration;

    public TranscodingService(StreamHub hub, ILiveRenditionSink sink, IOptions<TranscodingOptions> options, IOptions<PackagerOptions> packager,
        HardwareAccelerationDetector detector, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _hub = hub;
        _sink = sink;
        _options = options.Value;
        _dataPath = string.IsNullOrEmpty(_options.DataPath) ? packager.Value.DataPath : _options.DataPath;
        _detector = detector;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TranscodingService>();
    }

    /// <summary>The chosen path, once detection finished (null before, or when transcoding is off).</summary>
    public AccelerationPath? Acceleration => _acceleration is { IsCompletedSuccessfully: true } t ? t.Result : null;

    public IReadOnlyList<LiveTranscoder> Transcoders
    {
        get { lock (_gate) return [.. _running.Values.Select(r => r.Transcoder)]; }
    }

    public static string PosterPath(string dataPath, string stream) => Path.Combine(dataPath, "posters", stream + ".jpg");

    public string PosterPathOf(string stream) => PosterPath(_dataPath, stream);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled) return Task.CompletedTask;
        // Detection runs FFmpeg a few times (seconds on a GPU driver's first load): off the start-up path.
        _acceleration = Task.Run(async () =>
        {
            var path = await _detector.DetectAsync(_options.HardwareAcceleration, _stopping.Token).ConfigureAwait(false);
            TranscoderMetrics.Acceleration.WithLabels(path.Label()).Set(1);
            return path;
        });
        _hub.Published += OnPublished;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _hub.Published -= OnPublished;
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] tasks;
        lock (_gate) tasks = [.. _running.Values.Select(r => r.Task)];
        await Task.WhenAll(tasks).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnPublished(LiveSource source)
    {
        var task = RunAsync(source);
        _ = task;
    }

    private async Task RunAsync(LiveSource source)
    {
        try
        {
            var path = await _acceleration!.ConfigureAwait(false);
            if (source.IsClosed || _stopping.IsCancellationRequested) return;
            var transcoder = new LiveTranscoder(source, _options, path, _sink,
                _options.ThumbnailIntervalSeconds > 0 ? PosterPathOf(source.Name) : null,
                _loggerFactory.CreateLogger<LiveTranscoder>(), _time);
            var run = transcoder.RunAsync(_stopping.Token);
            lock (_gate) _running[source] = (transcoder, run);
            await run.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(e, source.Name);
        }
        finally
        {
            lock (_gate) _running.Remove(source);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Transcoding '{Stream}' failed; passthrough goes on")]
    private partial void LogFailed(Exception exception, string stream);
}
