using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sportall.MediaServer.Ingest;
using Sportall.MediaServer.Srt;
using Sportall.MediaServer.Srt.Native;

namespace Sportall.MediaServer.Tests.Srt;

// The listen callback's decision, driven without libsrt.
public sealed class SrtAdmissionTests
{
    public static TheoryData<string, string?, SrtRejection?, int?> Cases => new()
    {
        // stream id, expected playback name, expected rejection, expected access-control code
        { "#!::r=live/good,m=publish", "Good Stream", null, null },
        { "publish:live/good", "Good Stream", null, null },
        { "live/good", "Good Stream", null, null },
        { "live/secret", "Secret Stream", null, null },
        { "#!::r=live/unknown,m=publish", null, SrtRejection.Unauthorized, (int)SrtRejectReason.SRT_REJX_UNAUTHORIZED },
        { "#!::r=live/good,m=request", null, SrtRejection.BadMode, (int)SrtRejectReason.SRT_REJX_BAD_MODE },
        { "#!::r=live/good", null, SrtRejection.BadMode, (int)SrtRejectReason.SRT_REJX_BAD_MODE },
        { "#!::r=live/good,m=bidirectional", null, SrtRejection.BadMode, (int)SrtRejectReason.SRT_REJX_BAD_MODE },
        { "#!::r=vod/good,m=publish", null, SrtRejection.NotFound, (int)SrtRejectReason.SRT_REJX_NOTFOUND },
        { "nonsense", null, SrtRejection.BadRequest, (int)SrtRejectReason.SRT_REJX_BAD_REQUEST },
        { "", null, SrtRejection.BadRequest, (int)SrtRejectReason.SRT_REJX_BAD_REQUEST },
        { "live/taken", null, SrtRejection.Conflict, (int)SrtRejectReason.SRT_REJX_CONFLICT },
        { "live/slow", null, SrtRejection.Unavailable, (int)SrtRejectReason.SRT_REJX_DOWN },
        { "live/broken", null, SrtRejection.Unavailable, (int)SrtRejectReason.SRT_REJX_DOWN },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides(string streamId, string? playbackName, SrtRejection? rejection, int? code)
    {
        var sink = new RecordingSrtIngestSink();
        sink.BeginPublish("Taken Stream", "elsewhere", out _);
        var listener = CreateListener(sink, requireKey: true);

        var admission = listener.Admit(streamId, "192.0.2.1:5000");

        Assert.Equal(rejection is null, admission.IsAdmitted);
        Assert.Equal(playbackName, admission.PlaybackName);
        if (rejection is not null)
        {
            Assert.Equal(rejection, admission.Rejection);
            Assert.Equal(code, (int)admission.RejectCode);
            Assert.NotEmpty(admission.Detail);
        }
    }

    [Fact]
    public void ModeRefusalPointsToHls()
    {
        var admission = CreateListener(new RecordingSrtIngestSink(), requireKey: false).Admit("#!::r=live/cam1,m=request", "x");
        Assert.Equal("playback over SRT is not supported; watch /live/cam1/index.m3u8", admission.Detail);
    }

    [Fact]
    public void PerKeyPassphraseComesFromTheDecision()
    {
        var admission = CreateListener(new RecordingSrtIngestSink(), requireKey: true).Admit("live/secret", "x");
        Assert.Equal("per-key-passphrase", admission.Passphrase);
        Assert.Null(CreateListener(new RecordingSrtIngestSink(), requireKey: true).Admit("live/good", "x").Passphrase);
    }

    [Fact]
    public void OpenPublishingUsesTheKeyAsName()
    {
        var admission = CreateListener(new RecordingSrtIngestSink(), requireKey: false).Admit("live/anything", "x");
        Assert.True(admission.IsAdmitted);
        Assert.Equal("anything", admission.PlaybackName);
    }

    [Fact]
    public void SlowValidatorIsBoundedByTheTimeout()
    {
        var listener = CreateListener(new RecordingSrtIngestSink(), requireKey: true, timeoutMs: 150);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var admission = listener.Admit("live/slow", "x");
        Assert.Equal(SrtRejection.Unavailable, admission.Rejection);
        Assert.InRange(watch.ElapsedMilliseconds, 100, 2_000);
    }

    [Fact]
    public void DegradationThresholds()
    {
        var healthy = new SrtTraceBStats { pktRecv = 1000, pktRcvLoss = 5, msRTT = 20, msRcvTsbPdDelay = 500 };
        Assert.False(SrtListener.IsDegrading(healthy, out var loss));
        Assert.Equal(100.0 * 5 / 1005, loss, 6);

        Assert.True(SrtListener.IsDegrading(healthy with { pktRcvLoss = 20 }, out _));
        Assert.True(SrtListener.IsDegrading(healthy with { pktRcvDrop = 1 }, out _));
        Assert.True(SrtListener.IsDegrading(healthy with { msRTT = 201 }, out _));
        Assert.False(SrtListener.IsDegrading(healthy with { msRTT = 199 }, out _));
        Assert.False(SrtListener.IsDegrading(default, out _));
    }

    private static SrtListener CreateListener(ISrtIngestSink sink, bool requireKey, int timeoutMs = 200) =>
        new(sink, new TableValidator(), Options.Create(new IngestOptions { RequireStreamKey = requireKey, SrtKeyValidationTimeoutMs = timeoutMs }),
            NullLogger<SrtListener>.Instance);

    private sealed class TableValidator : IStreamKeyValidator
    {
        public ValueTask<StreamKeyDecision> ValidateAsync(string app, string streamKey, CancellationToken ct) => streamKey switch
        {
            "good" => ValueTask.FromResult(StreamKeyDecision.Accepted("Good Stream")),
            "secret" => ValueTask.FromResult(StreamKeyDecision.Accepted("Secret Stream") with { SrtPassphrase = "per-key-passphrase" }),
            "taken" => ValueTask.FromResult(StreamKeyDecision.Accepted("Taken Stream")),
            "slow" => new ValueTask<StreamKeyDecision>(Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => StreamKeyDecision.Refused("late"), TaskScheduler.Default)),
            "broken" => new ValueTask<StreamKeyDecision>(Task.FromException<StreamKeyDecision>(new InvalidOperationException("catalog down"))),
            _ => ValueTask.FromResult(StreamKeyDecision.Refused("unknown key")),
        };
    }
}
