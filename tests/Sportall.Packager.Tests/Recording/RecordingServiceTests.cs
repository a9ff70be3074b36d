using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sportall.Packager.Live;
using Sportall.Packager.Recording;
using Sportall.Packager.Storage;
using static Sportall.Packager.Tests.Recording.RecordingTestData;

namespace Sportall.Packager.Tests.Recording;

public sealed class RecordingServiceTests : IDisposable
{
    private static readonly DateTimeOffset Zero = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("sportall-recording-").FullName;

    /// <summary>A store that is down for its first <c>failures</c> puts, then works.</summary>
    private sealed class FlakyStore(IObjectStore inner, int failures) : IObjectStore
    {
        private int _failures = failures;
        public int FailedPuts;

        public Task PutAsync(string key, Stream content, long? length, string contentType, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref _failures) >= 0)
            {
                Interlocked.Increment(ref FailedPuts);
                throw new HttpRequestException("connection refused");
            }
            return inner.PutAsync(key, content, length, contentType, cancellationToken);
        }

        public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);
        public Task<Stream?> OpenReadRangeAsync(string key, long offset, long length, CancellationToken cancellationToken) => inner.OpenReadRangeAsync(key, offset, length, cancellationToken);
        public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);
        public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
    }

    private RecordingService NewService(IObjectStore store) => new(store, new ObjectStoreReplayIndex(store),
        Options.Create(new RecordingOptions { RetryInitialMs = 1, RetryMaxMs = 4, FfmpegPath = "" }),
        Options.Create(new PackagerOptions { DataPath = _root }), TimeProvider.System, NullLogger<RecordingService>.Instance);

    private static void Feed(ILiveSegmentObserver recorder, int segments, bool end)
    {
        recorder.OnPeriodStarted(new PackagedPeriod(0, Zero, 0, [new PackagedTrack("video", Video, new byte[] { 0, 0, 0, 8, (byte)'f', (byte)'t', (byte)'y', (byte)'p' })]));
        for (var i = 0; i < segments; i++)
        {
            var segment = new CmafSegment
            {
                TrackId = "video", SequenceNumber = i + 1, PeriodIndex = 0, StartTicks = i * 180000L, DurationTicks = 180000, Timescale = 90000,
                ProgramDateTime = Zero.AddSeconds(2 * i), Parts = [], IsComplete = true, ByteLength = 1000,
            };
            recorder.OnSegmentCompleted(segment, Enumerable.Repeat((byte)(i + 1), 1000).ToArray());
        }
        if (end) recorder.OnEnded();
    }

    [Fact]
    public async Task AStoreOutageDelaysTheUploadsButLosesNothing()
    {
        var inner = new FileSystemObjectStore(Path.Combine(_root, "objects"));
        var store = new FlakyStore(inner, failures: 5);
        using var service = NewService(store);
        var recorded = new TaskCompletionSource<ReplayEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.ReplayRecorded += entry => recorded.TrySetResult(entry);
        await service.StartAsync(default);

        Feed(service.Record("final")!, segments: 3, end: true);
        var replay = await recorded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(5, store.FailedPuts);
        Assert.Equal(6.0, replay.DurationSeconds);
        for (var i = 1; i <= 3; i++)
        {
            await using var segment = await inner.OpenReadAsync($"recordings/{replay.AssetId}/video/seg-{i}.m4s", default);
            Assert.NotNull(segment);
            var bytes = new MemoryStream();
            await segment!.CopyToAsync(bytes);
            Assert.Equal(Enumerable.Repeat((byte)i, 1000), bytes.ToArray());
        }
        Assert.Empty(Directory.EnumerateDirectories(service.SpoolPath));
        Assert.Equal(0, service.PendingUploads);
        await service.StopAsync(default);
    }

    [Fact]
    public async Task ARecordingLeftUnfinishedIsClosedIntoAnAssetAtTheNextStart()
    {
        var store = new FileSystemObjectStore(Path.Combine(_root, "objects"));
        // The first run stores nothing (its store is down for good) and stops mid-stream.
        using (var first = NewService(new FlakyStore(store, failures: int.MaxValue)))
        {
            await first.StartAsync(default);
            Feed(first.Record("final")!, segments: 2, end: false);
            await first.StopAsync(default);
        }

        using var second = NewService(store);
        var recorded = new TaskCompletionSource<ReplayEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.ReplayRecorded += entry => recorded.TrySetResult(entry);
        await second.StartAsync(default);
        var replay = await recorded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("final", replay.Name);
        Assert.Equal(4.0, replay.DurationSeconds);
        var vod = await new RecordedVodSource(store, Options.Create(new RecordingOptions())).GetAssetAsync(replay.AssetId, default);
        Assert.False(vod!.EndedNormally);
        Assert.Equal([1L, 2L], vod.Tracks.Single().Segments.Select(s => s.Sequence));
        Assert.Equal([replay.AssetId], (await new ObjectStoreReplayIndex(store).ListAsync("final", default)).Select(r => r.AssetId));
        await second.StopAsync(default);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
