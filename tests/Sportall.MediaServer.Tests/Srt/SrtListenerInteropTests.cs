using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sportall.MediaServer.Ingest;
using Sportall.MediaServer.Srt;
using Sportall.MediaServer.Srt.Native;
using Sportall.MediaServer.Tests.Rtmp;

namespace Sportall.MediaServer.Tests.Srt;

// ffmpeg 5.1 (libsrt 1.5 caller) against the listener on 127.0.0.1, port 0.
public sealed class SrtListenerInteropTests : IAsyncLifetime
{
    private const int TsPacketSize = 188;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly RecordingSrtIngestSink _sink = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("srt-ingest-").FullName;
    private SrtListener? _listener;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task WithoutConnectionsTheReceiveThreadSleepsUntilACallerIsAdmitted()
    {
        var listener = Start();
        // libsrt's epoll wait polls every 10 ms whatever its timeout: an idle listener must not be in it.
        await Wait.UntilAsync(() => listener.IsIdle, Deadline, "the receive thread to sleep");

        using var publisher = FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(listener.LocalEndPoint!.Port, "live/wake"), 3);
        await Wait.UntilAsync(() => listener.ActiveConnections == 1, Deadline, "the caller to be accepted");
        Assert.False(listener.IsIdle);
        Assert.Equal(0, await publisher.WaitForExitAsync(Deadline));
        await Wait.UntilAsync(() => _sink.Find("wake")?.Disposed == true, Deadline, "'wake' to end");
        Assert.True(_sink.Find("wake")!.Bytes.Length > 0);

        await Wait.UntilAsync(() => listener.ActiveConnections == 0 && listener.IsIdle, Deadline, "the thread to sleep again");
    }

    [Fact]
    public async Task EachStreamIdFormPublishesWholeTransportStream()
    {
        var listener = Start();
        var forms = new[] { ("#!::r=live/k1,m=publish", "k1"), ("publish:live/k2", "k2"), ("live/k3", "k3") };
        var publishers = forms.Select(f => FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(listener.LocalEndPoint!.Port, f.Item1), 3)).ToArray();
        try
        {
            foreach (var publisher in publishers)
            {
                var exit = await publisher.WaitForExitAsync(Deadline);
                Assert.True(exit == 0, publisher.Stderr + string.Join("\n", _logs.Entries.Select(e => e.Message)));
            }

            foreach (var (_, key) in forms)
            {
                await Wait.UntilAsync(() => _sink.Find(key)?.Disposed == true, Deadline, $"'{key}' to end");
                var session = _sink.Find(key)!;
                Assert.StartsWith("127.0.0.1:", session.Remote);
                // pkt_size=1316: ffmpeg sends up to seven whole TS packets per message (fewer when its muxer
                // flushes), so every message is 188-aligned and none exceeds the payload size.
                Assert.All(session.MessageSizes, size => Assert.True(size % TsPacketSize == 0 && size <= SrtPayloadSize, $"message of {size} bytes"));
                Assert.Contains(SrtPayloadSize, session.MessageSizes);
                var bytes = session.Bytes;
                Assert.Equal(0, bytes.Length % TsPacketSize);
                for (var offset = 0; offset < bytes.Length; offset += TsPacketSize)
                {
                    Assert.Equal(0x47, bytes[offset]);
                }

                var path = Path.Combine(_folder, key + ".ts");
                await File.WriteAllBytesAsync(path, bytes);
                // Live mode drops what is still in flight when the caller closes (SRTO_LINGER is 0 and the
                // receiver's 500 ms latency buffer goes with the connection), so up to ~0.7 s of the tail.
                Assert.InRange(await FfmpegProcess.ProbeDurationSecondsAsync(path), 2.0, 3.5);
            }
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                publisher.Dispose();
            }
        }

        await Wait.UntilAsync(() => listener.ActiveConnections == 0, Deadline, "connections to close");
    }

    [Fact]
    public async Task PassphraseIsEnforcedAndAWrongOneCounted()
    {
        var listener = Start(o => o.SrtPassphrase = "correct horse battery");
        var port = listener.LocalEndPoint!.Port;

        using (var wrong = FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(port, "live/enc", "wrong passphrase!"), 2))
        {
            Assert.NotEqual(0, await wrong.WaitForExitAsync(Deadline));
            Assert.Contains("Incorrect passphrase", wrong.Stderr);
        }

        Assert.Equal(1, listener.RejectionCount(SrtRejection.BadSecret));
        Assert.Null(_sink.Find("enc"));

        using (var missing = FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(port, "live/enc"), 2))
        {
            Assert.NotEqual(0, await missing.WaitForExitAsync(Deadline));
        }

        Assert.Equal(1, listener.RejectionCount(SrtRejection.Unsecure));

        // The reservation of the failed handshakes does not block the right passphrase.
        using var right = FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(port, "live/enc", "correct horse battery"), 2);
        Assert.Equal(0, await right.WaitForExitAsync(Deadline));
        await Wait.UntilAsync(() => _sink.Find("enc")?.Disposed == true, Deadline, "the encrypted publish to end");
        Assert.True(_sink.Find("enc")!.Length > 100_000);
    }

    [Fact]
    public async Task PerKeyPassphraseFromTheValidator()
    {
        var listener = Start(o => o.RequireStreamKey = true, new FixedKeyValidator("k-secret", "Studio", "per-key passphrase"));
        var port = listener.LocalEndPoint!.Port;

        using (var wrong = FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(port, "live/k-secret", "a different one"), 2))
        {
            Assert.NotEqual(0, await wrong.WaitForExitAsync(Deadline));
        }

        Assert.Equal(1, listener.RejectionCount(SrtRejection.BadSecret));

        using var right = FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(port, "live/k-secret", "per-key passphrase"), 2);
        Assert.Equal(0, await right.WaitForExitAsync(Deadline));
        await Wait.UntilAsync(() => _sink.Find("Studio")?.Disposed == true, Deadline, "the publish to end");
    }

    [Fact]
    public async Task UnknownKeyIsUnauthorizedAndRequestModeNotAllowed()
    {
        var listener = Start(o => o.RequireStreamKey = true, new FixedKeyValidator("k-good", "Good", null));
        var port = listener.LocalEndPoint!.Port;

        using (var unknown = FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(port, "#!::r=live/k-bad,m=publish"), 2))
        {
            Assert.NotEqual(0, await unknown.WaitForExitAsync(Deadline));
            Assert.Contains("REJECT", unknown.Stderr);
        }

        Assert.Equal(1, listener.RejectionCount(SrtRejection.Unauthorized));

        using (var request = FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(port, "#!::r=live/k-good,m=request"), 2))
        {
            Assert.NotEqual(0, await request.WaitForExitAsync(Deadline));
        }

        Assert.Equal(1, listener.RejectionCount(SrtRejection.BadMode));
        Assert.True(_logs.Contains("playback over SRT is not supported; watch /live/k-good/index.m3u8"));
        Assert.Empty(_sink.Sessions);
    }

    [Fact]
    public async Task DuplicateIsRefusedWhileTheFirstKeepsReceiving()
    {
        var listener = Start();
        var port = listener.LocalEndPoint!.Port;
        using var first = FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(port, "live/dup"), 6);
        await Wait.UntilAsync(() => _sink.Find("dup")?.Length > 50_000, Deadline, "the first publisher's data");

        using (var second = FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(port, "#!::r=live/dup,m=publish"), 2))
        {
            Assert.NotEqual(0, await second.WaitForExitAsync(Deadline));
        }

        Assert.Equal(1, listener.RejectionCount(SrtRejection.Conflict));
        var session = _sink.Find("dup")!;
        var before = session.Length;
        await Wait.UntilAsync(() => session.Length > before + 20_000, Deadline, "the first publisher to keep sending");
        Assert.False(session.Disposed);
        Assert.Single(_sink.Sessions);

        // Link statistics: srt_bstats read through the 1.5 struct layout; a late field (the negotiated
        // latency) and the byte counters land where they should.
        await Wait.UntilAsync(() => listener.TryGetLatestStats("dup", out _), Deadline, "a stats sample");
        Assert.True(listener.TryGetLatestStats("dup", out var stats));
        Assert.Equal(500, stats.msRcvTsbPdDelay);
        Assert.InRange((long)stats.byteRecvTotal, 10_000, session.Length + 1_000_000);
        Assert.True(stats.pktRecvTotal > 10);

        Assert.Equal(0, await first.WaitForExitAsync(Deadline));
        await Wait.UntilAsync(() => session.Disposed, Deadline, "the first publish to end");
        Assert.False(listener.TryGetLatestStats("dup", out _));
    }

    [Theory]
    [InlineData("nonsense", 1400)]                      // SRT_REJX_BAD_REQUEST
    [InlineData("#!::r=live/k-bad,m=publish", 1401)]    // SRT_REJX_UNAUTHORIZED
    [InlineData("#!::r=vod/k-good,m=publish", 1404)]    // SRT_REJX_NOTFOUND
    [InlineData("#!::r=live/k-good,m=request", 1405)]   // SRT_REJX_BAD_MODE
    [InlineData("#!::r=live/k-taken,m=publish", 1409)]  // SRT_REJX_CONFLICT
    public void RefusedCallerReadsTheAccessControlCode(string streamId, int expected)
    {
        _sink.BeginPublish("Taken", "elsewhere", out _);
        var listener = Start(o => o.RequireStreamKey = true, new TableValidator());

        Assert.Equal(expected, ConnectAndReadRejectReason(listener, streamId, passphrase: null));
    }

    [Fact]
    public void WrongPassphraseIsRefusedByLibsrtWithBadSecret()
    {
        var listener = Start(o => o.SrtPassphrase = "0123456789abcdef");
        Assert.Equal((int)SrtRejectReason.SRT_REJ_BADSECRET,
            ConnectAndReadRejectReason(listener, "live/x", "fedcba9876543210"));
        Assert.Equal(1, listener.RejectionCount(SrtRejection.BadSecret));
    }

    // The test stream is ~84 packets/s (3 s of it = 330 KB of TS). At 2 % a 1 s stats interval sees no
    // loss with probability 0.98^84 = 18 %, and one lost packet is already above the 1 % that counts as
    // degrading; five intervals all without loss: 0.02 %.
    private const double LossRatio = 0.02;

    [Fact]
    public async Task LossIsRepairedAndReported()
    {
        var listener = Start();
        await using var relay = new LossyUdpRelay(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, listener.LocalEndPoint!.Port), LossRatio);
        using var publisher = FfmpegProcess.PublishMpegTs(FfmpegProcess.SrtUrl(relay.Port, "live/lossy"), 5);

        // Counters are read while the stream is live: its series are removed when it ends.
        var retransmitted = SrtMetrics.PacketsRetransmitted.WithLabels("lossy");
        var lost = SrtMetrics.PacketsLost.WithLabels("lossy");
        await Wait.UntilAsync(() => lost.Value > 0 && retransmitted.Value > 0 && _logs.Contains("SRT link of 'lossy' degrading"),
            Deadline, "loss and retransmissions to be counted and logged");
        Assert.True(listener.TryGetLatestStats("lossy", out var stats));
        Assert.True(stats.pktRcvLossTotal > 0);

        Assert.Equal(0, await publisher.WaitForExitAsync(Deadline));
        await Wait.UntilAsync(() => _sink.Find("lossy")?.Disposed == true, Deadline, "the publish to end");
        Assert.True(relay.Dropped > 0);

        // 500 ms of latency on loopback leaves time for every retransmission: the stream arrives whole.
        var bytes = _sink.Find("lossy")!.Bytes;
        Assert.Equal(0, bytes.Length % TsPacketSize);
        for (var offset = 0; offset < bytes.Length; offset += TsPacketSize)
        {
            Assert.Equal(0x47, bytes[offset]);
        }

        Assert.Equal(0, SrtMetrics.PacketsDropped.WithLabels("lossy").Value);
    }

    [Fact]
    public async Task SilentConnectionIsClosedAfterTheIdleTimeout()
    {
        var listener = Start(o => o.IdleTimeoutSeconds = 1);
        // srt-live-transmit connects before it reads its input; with stdin held open and empty, the
        // connection stays up and carries no data.
        using var silent = SrtLiveTransmit.Caller(listener.LocalEndPoint!.Port, "live/idle");
        await Wait.UntilAsync(() => _sink.Find("idle") is not null, Deadline, "the publish to start");
        await Wait.UntilAsync(() => _sink.Find("idle")!.Disposed, Deadline, "the idle connection to close");
        Assert.Equal(0, _sink.Find("idle")!.Length);
        Assert.True(_logs.Contains("no data for 1 s"));
        await Wait.UntilAsync(() => listener.ActiveConnections == 0, Deadline, "the connection count to drop");
    }

    private const int SrtPayloadSize = 1316;

    private SrtListener Start(Action<IngestOptions>? configure = null, IStreamKeyValidator? validator = null)
    {
        var options = new IngestOptions { SrtBindAddress = "127.0.0.1", SrtPort = 0, SrtStatsIntervalSeconds = 1 };
        configure?.Invoke(options);
        var factory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _listener = new SrtListener(_sink, validator ?? new OpenStreamKeyValidator(), Options.Create(options), factory.CreateLogger<SrtListener>());
        _listener.Start();
        Assert.NotEqual(0, _listener.LocalEndPoint!.Port);
        return _listener;
    }

    // A libsrt caller of our own: srt_connect blocks until accepted or refused, then the refusal's code
    // is read the way an encoder would (srt_getrejectreason). 0 = connected.
    private static int ConnectAndReadRejectReason(SrtListener listener, string streamId, string? passphrase)
    {
        SrtNative.Check(SrtNative.srt_startup(), "srt_startup");
        try
        {
            using var caller = SrtSocketHandle.Create();
            caller.SetInt32(SrtSocketOption.SRTO_TRANSTYPE, 0);
            caller.SetString(SrtSocketOption.SRTO_STREAMID, streamId);
            if (passphrase is not null)
            {
                caller.SetString(SrtSocketOption.SRTO_PASSPHRASE, passphrase);
            }

            try
            {
                caller.Connect(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, listener.LocalEndPoint!.Port));
                return 0;
            }
            catch (SrtException exception)
            {
                Assert.Equal(1002, exception.ErrorCode); // SRT_ECONNREJ
                return caller.RejectReason;
            }
        }
        finally
        {
            SrtNative.srt_cleanup();
        }
    }

    private sealed class TableValidator : IStreamKeyValidator
    {
        public ValueTask<StreamKeyDecision> ValidateAsync(string app, string streamKey, CancellationToken ct) => streamKey switch
        {
            "k-good" => ValueTask.FromResult(StreamKeyDecision.Accepted("Good")),
            "k-taken" => ValueTask.FromResult(StreamKeyDecision.Accepted("Taken")),
            _ => ValueTask.FromResult(StreamKeyDecision.Refused("unknown key")),
        };
    }

    private sealed class FixedKeyValidator(string key, string playbackName, string? passphrase) : IStreamKeyValidator
    {
        public ValueTask<StreamKeyDecision> ValidateAsync(string app, string streamKey, CancellationToken ct) =>
            ValueTask.FromResult(streamKey == key
                ? StreamKeyDecision.Accepted(playbackName) with { SrtPassphrase = passphrase }
                : StreamKeyDecision.Refused("unknown key"));
    }
}
