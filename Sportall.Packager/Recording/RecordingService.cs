using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sportall.Packager.Live;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Recording;

/// <summary>
/// Turns every live into a replay without re-encoding. The packager's completed CMAF segments go to a local
/// spool first, then to the object store in the background:
/// <code>
/// packager ──OnSegmentCompleted──▶ spool writer ──file + journal line──▶ uploader ──PutAsync──▶ store
///                                  (one task, fsync'd)                   (one task, retry with exponential backoff)
/// stream end ─▶ journal End ─▶ uploader: leftovers, manifest.json, replay index, <see cref="ReplayRecorded"/>
/// </code>
/// A store outage only makes the spool grow: the uploader retries the same file (0.5 s, 1 s, 2 s … up to
/// RetryMaxMs) and nothing behind it is skipped. A process killed mid-stream leaves the spool folder with its
/// journal; on start-up every spool folder is closed into an asset, so every segment already on disk is kept.
/// </summary>
public sealed partial class RecordingService : IHostedService, IDisposable
{
    // On shutdown the uploader gets this long to empty the spool before the rest waits for the next start.
    private static readonly TimeSpan ShutdownDrain = TimeSpan.FromSeconds(5);

    private readonly IObjectStore _store;
    private readonly IReplayIndex _index;
    private readonly RecordingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PosterFrameMaker _posters;
    private readonly Channel<SpoolWork> _spoolQueue = Channel.CreateUnbounded<SpoolWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<UploadWork> _uploadQueue = Channel.CreateUnbounded<UploadWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, FileStream> _journals = new(StringComparer.Ordinal); // spool writer only
    private readonly CancellationTokenSource _stopping = new();
    private Task _spoolWriter = Task.CompletedTask;
    private Task _uploader = Task.CompletedTask;
    private int _pendingUploads;
    private int _disposed;

    public RecordingService(IObjectStore store, IReplayIndex index, IOptions<RecordingOptions> options,
        IOptions<PackagerOptions> packager, TimeProvider time, ILogger<RecordingService> logger)
    {
        _store = store;
        _index = index;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _posters = new PosterFrameMaker(store, _options, logger);
        SpoolPath = string.IsNullOrWhiteSpace(_options.SpoolPath)
            ? Path.Combine(packager.Value.DataPath, "recording-spool")
            : _options.SpoolPath;
    }

    /// <summary>Raised once per asset when it is in the store and the index (the portal's catalog listens).</summary>
    public event Action<ReplayEntry>? ReplayRecorded;

    public string SpoolPath { get; }

    public RecordingOptions Options => _options;

    /// <summary>Spooled files and closings not yet done in the store.</summary>
    public int PendingUploads => Volatile.Read(ref _pendingUploads);

    /// <summary>The latest recording of each playback name (the DVR window reads it).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, LiveRecorder> _latest = new(StringComparer.Ordinal);

    internal void Started(LiveRecorder recorder) => _latest[recorder.Name] = recorder;

    /// <summary>The recording of <paramref name="name"/> so far, live or ended, or null.</summary>
    public DvrSnapshot? GetDvr(string name) => _latest.TryGetValue(name, out var recorder) ? recorder.Dvr : null;

    /// <summary>Where a recorded file is while it waits for the store: the spool path, or null once uploaded.</summary>
    public string? SpooledFile(string assetId, string relative)
    {
        var path = Path.Combine(SpoolPath, assetId, relative);
        return File.Exists(path) ? path : null;
    }

    /// <summary>A recorder for a new packaged stream, or null when recording is off.</summary>
    public ILiveSegmentObserver? Record(string name) => _options.Enabled ? new LiveRecorder(this, name) : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(SpoolPath);
        // Whatever a previous run left (killed mid-stream, or stopped before the store had everything) is
        // closed into an asset first: its journal says what is whole.
        foreach (var folder in Directory.EnumerateDirectories(SpoolPath))
        {
            var assetId = Path.GetFileName(folder);
            if (!RecordingKeys.IsValidAssetId(assetId))
            {
                continue;
            }
            LogRecovering(assetId);
            EnqueueUpload(new UploadWork(assetId, null, EndedNormally: false));
        }
        _spoolWriter = Task.Run(RunSpoolWriterAsync, CancellationToken.None);
        _uploader = Task.Run(RunUploaderAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _spoolQueue.Writer.TryComplete();
        await _spoolWriter.WaitAsync(cancellationToken).ConfigureAwait(false);
        _uploadQueue.Writer.TryComplete();
        try
        {
            await _uploader.WaitAsync(ShutdownDrain, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            LogShutdownWithPending(PendingUploads);
        }
        // Whatever is still spooled stays there: the next start closes it.
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _uploader.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal void Post(SpoolWork work)
    {
        if (!_spoolQueue.Writer.TryWrite(work))
        {
            work.Lease.Dispose();
            LogNotSpooled(work.AssetId, work.RelativePath ?? work.Entry.Kind.ToString());
        }
    }

    private void EnqueueUpload(UploadWork work)
    {
        Interlocked.Increment(ref _pendingUploads);
        RecordingMetrics.PendingUploads.Inc();
        if (!_uploadQueue.Writer.TryWrite(work))
        {
            Interlocked.Decrement(ref _pendingUploads); // shutting down: the spool keeps it for the next start
            RecordingMetrics.PendingUploads.Dec();
        }
    }

    private async Task RunSpoolWriterAsync()
    {
        await foreach (var work in _spoolQueue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                var folder = Path.Combine(SpoolPath, work.AssetId);
                if (work.RelativePath is not null)
                {
                    var path = Path.Combine(folder, work.RelativePath);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    var temporary = path + ".tmp";
                    await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
                    {
                        await file.WriteAsync(work.Bytes).ConfigureAwait(false);
                        file.Flush(flushToDisk: true);
                    }
                    File.Move(temporary, path, overwrite: true);
                    RecordingMetrics.SpooledBytes.Inc(work.Bytes.Length);
                }
                if (!_journals.TryGetValue(work.AssetId, out var journal))
                {
                    Directory.CreateDirectory(folder);
                    journal = new FileStream(Path.Combine(folder, RecordingKeys.JournalFileName), FileMode.Append, FileAccess.Write, FileShare.Read);
                    _journals[work.AssetId] = journal;
                }
                var line = JsonSerializer.SerializeToUtf8Bytes(work.Entry, RecordingJson.Line);
                journal.Write(line);
                journal.WriteByte((byte)'\n');
                // The line is the promise that the file is whole: it reaches the disk before anything relies on it.
                journal.Flush(flushToDisk: true);

                if (work.RelativePath is not null)
                {
                    EnqueueUpload(new UploadWork(work.AssetId, work.RelativePath, false));
                }
                if (work.Entry.Kind == RecordingJournalKind.End)
                {
                    journal.Dispose();
                    _journals.Remove(work.AssetId);
                    EnqueueUpload(new UploadWork(work.AssetId, null, EndedNormally: true));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogSpoolFailed(e, work.AssetId, work.RelativePath ?? work.Entry.Kind.ToString());
            }
            finally
            {
                work.Lease.Dispose();
            }
        }
        foreach (var journal in _journals.Values)
        {
            journal.Dispose();
        }
        _journals.Clear();
    }

    private async Task RunUploaderAsync()
    {
        var token = _stopping.Token;
        await foreach (var work in _uploadQueue.Reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            var attempt = 0;
            while (true)
            {
                try
                {
                    if (work.RelativePath is not null)
                    {
                        await UploadFileAsync(work.AssetId, work.RelativePath, token).ConfigureAwait(false);
                    }
                    else
                    {
                        await CloseAsync(work.AssetId, work.EndedNormally, token).ConfigureAwait(false);
                    }
                    break;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    if (token.IsCancellationRequested)
                    {
                        // Stopping, and this attempt failed as the stop came (a store error, not only a
                        // cancellation): the file stays spooled and the next start closes it.
                        return;
                    }
                    RecordingMetrics.UploadFailures.Inc();
                    var delay = RetryDelay(attempt++);
                    LogUploadFailed(e, work.AssetId, work.RelativePath ?? RecordingKeys.ManifestFileName, attempt, (int)delay.TotalMilliseconds);
                    await Task.Delay(delay, _time, token).ConfigureAwait(false);
                }
            }
            Interlocked.Decrement(ref _pendingUploads);
            RecordingMetrics.PendingUploads.Dec();
        }
    }

    /// <summary>Exponential backoff: RetryInitialMs × 2^attempt, capped at RetryMaxMs.</summary>
    internal TimeSpan RetryDelay(int attempt)
    {
        var initial = Math.Max(1, _options.RetryInitialMs);
        var max = Math.Max(initial, _options.RetryMaxMs);
        var ms = attempt >= 30 ? max : Math.Min(max, (long)initial << attempt);
        return TimeSpan.FromMilliseconds(ms);
    }

    private async Task UploadFileAsync(string assetId, string relative, CancellationToken token)
    {
        var path = Path.Combine(SpoolPath, assetId, relative);
        try
        {
            // The store takes the spooled file (a hard link into the file-system store; an upload to S3) and removes it.
            await _store.PutFileAsync(RecordingKeys.Key(_options.KeyPrefix, assetId, relative), path, "video/mp4", token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // already in the store (closed by an earlier attempt)
        }
    }

    /// <summary>
    /// Closes a recording into an asset: uploads whatever journalled file is still spooled, writes the
    /// manifest, registers the replay, then forgets the spool folder. Every step can be repeated, so a retry
    /// or a crash part way through ends the same.
    /// </summary>
    private async Task CloseAsync(string assetId, bool endedNormally, CancellationToken token)
    {
        var folder = Path.Combine(SpoolPath, assetId);
        var journalPath = Path.Combine(folder, RecordingKeys.JournalFileName);
        if (!File.Exists(journalPath))
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true); // died before its first line: nothing is known of it
            }
            return;
        }
        var entries = RecordedAssetBuilder.ReadJournal(journalPath);
        foreach (var entry in entries)
        {
            var relative = entry.Kind switch
            {
                RecordingJournalKind.Init when entry.TrackId is not null => RecordingKeys.InitFile(entry.TrackId, entry.Period),
                RecordingJournalKind.Segment when entry.TrackId is not null => RecordingKeys.SegmentFile(entry.TrackId, entry.Sequence),
                _ => null,
            };
            if (relative is not null)
            {
                await UploadFileAsync(assetId, relative, token).ConfigureAwait(false);
            }
        }

        var asset = RecordedAssetBuilder.Build(entries, endedNormally);
        if (asset is null)
        {
            LogNothingRecorded(assetId);
            Directory.Delete(folder, recursive: true);
            return;
        }
        asset = asset with { PosterKey = await _posters.TryMakeAsync(asset, token).ConfigureAwait(false) };
        var json = JsonSerializer.SerializeToUtf8Bytes(asset, RecordingJson.Options);
        using (var content = new MemoryStream(json, writable: false))
        {
            await _store.PutAsync(RecordingKeys.Key(_options.KeyPrefix, assetId, RecordingKeys.ManifestFileName), content, json.Length, "application/json", token).ConfigureAwait(false);
        }
        var replay = ReplayEntry.For(asset);
        await _index.AddAsync(replay, token).ConfigureAwait(false);
        Directory.Delete(folder, recursive: true);
        RecordingMetrics.Replays.Inc();
        LogRecorded(asset.AssetId, asset.Name, asset.DurationSeconds);
        try
        {
            ReplayRecorded?.Invoke(replay);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogListenerFailed(e, asset.AssetId);
        }
    }

    public void Dispose()
    {
        // The container disposes it twice (as itself and as the hosted service it is registered as).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _spoolQueue.Writer.TryComplete();
        _uploadQueue.Writer.TryComplete();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing recording {AssetId} left by a previous run")]
    private partial void LogRecovering(string assetId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {AssetId} of '{Name}': {DurationSeconds} s")]
    private partial void LogRecorded(string assetId, string name, double durationSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {AssetId} holds no segment; nothing to keep")]
    private partial void LogNothingRecorded(string assetId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing {File} of recording {AssetId} failed (attempt {Attempt}); retrying in {DelayMs} ms")]
    private partial void LogUploadFailed(Exception exception, string assetId, string file, int attempt, int delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Spooling {File} of recording {AssetId} failed; it is not recorded")]
    private partial void LogSpoolFailed(Exception exception, string assetId, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{File} of recording {AssetId} arrived after shutdown began; it is not recorded")]
    private partial void LogNotSpooled(string assetId, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping with {Pending} recording uploads pending; they resume at the next start")]
    private partial void LogShutdownWithPending(int pending);

    [LoggerMessage(Level = LogLevel.Error, Message = "A ReplayRecorded listener failed for {AssetId}")]
    private partial void LogListenerFailed(Exception exception, string assetId);
}
