using Sportall.Media.Buffers;
using Sportall.Media.Model;
using Sportall.MediaServer.Hub;

namespace Sportall.MediaServer.Tests.Hub;

public sealed class StreamHubTests
{
    private static readonly TrackInfo s_video = new()
    {
        Index = 0, Kind = MediaKind.Video, Codec = CodecId.H264, Timescale = 90000,
        CodecConfig = [1, 0x64, 0, 0x1F], CodecString = "avc1.64001F", Width = 1280, Height = 720,
    };

    private static AccessUnit Frame(long dts, bool key, out MediaBuffer payload)
    {
        payload = MediaBuffer.CopyOf([0, 0, 0, 1, (byte)(key ? 0x65 : 0x41)]);
        return new AccessUnit(0, dts, 0, 90000, key, payload);
    }

    [Fact]
    public void SecondPublisherOnALiveNameIsRefusedAndTheFirstKeepsItsName()
    {
        var hub = new StreamHub();
        Assert.True(hub.TryPublish("match", "rtmp", "a", out var first, out _));
        Assert.False(hub.TryPublish("match", "srt", "b", out _, out var reason));
        Assert.Contains("already being published", reason);
        Assert.True(hub.TryGet("match", out var current));
        Assert.Same(first, current);

        first.Dispose();
        Assert.False(hub.TryGet("match", out _));
        Assert.True(hub.TryPublish("match", "srt", "b", out _, out _));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("..", false)]
    [InlineData(".hidden", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("key with space", false)]
    [InlineData("match-2026_final.hd", true)]
    public void NamesThatCouldEscapeAPathOrUrlSegmentAreRefused(string name, bool valid)
    {
        var hub = new StreamHub();
        Assert.Equal(valid, hub.TryPublish(name, "rtmp", "a", out _, out var reason));
        if (!valid) Assert.Contains("not a valid stream name", reason);
    }

    [Fact]
    public void ReaderGetsTracksFirstThenFramesAndOwnsOneReference()
    {
        var hub = new StreamHub();
        hub.TryPublish("s", "test", "x", out var source, out _);
        source!.OnTracks([s_video]);
        var reader = source.AddReader("packager", 8);

        var unit = Frame(0, key: true, out var payload);
        source.OnAccessUnit(unit);

        Assert.True(reader.Messages.TryRead(out var tracks));
        Assert.Equal(HubMessageKind.Tracks, tracks.Kind);
        Assert.Same(s_video, tracks.Tracks![0]);
        Assert.True(reader.Messages.TryRead(out var frame));
        Assert.Equal(HubMessageKind.AccessUnit, frame.Kind);
        // The publisher's reference went away; the reader holds the only one.
        Assert.Equal(1, payload.RefCount);
        frame.Unit.Payload.Release();
    }

    [Fact]
    public void SlowReaderDropsAndSkipsToTheNextKeyframeWithoutBlockingThePublisherOrOthers()
    {
        var hub = new StreamHub();
        hub.TryPublish("s", "test", "x", out var source, out _);
        source!.OnTracks([s_video]);
        var slow = source.AddReader("slow", 3);   // Tracks + 2 frames fit
        var fast = source.AddReader("fast", 100);

        var payloads = new List<MediaBuffer>();
        for (var i = 0; i < 10; i++)
        {
            source.OnAccessUnit(Frame(i * 3000, key: i % 5 == 0, out var p));
            payloads.Add(p);
        }

        Assert.Equal(8, slow.DroppedFrames);
        Assert.Equal(0, fast.DroppedFrames);

        // Drain the slow reader, then the next keyframe gets through but not the P-frames before it.
        slow.Drain();
        source.OnAccessUnit(Frame(30000, key: false, out _));
        source.OnAccessUnit(Frame(33000, key: true, out _));
        Assert.True(slow.Messages.TryRead(out var next));
        Assert.True(next.Unit.IsKeyframe);
        Assert.Equal(33000, next.Unit.DtsTicks);
        next.Unit.Payload.Release();

        var fastCount = 0;
        while (fast.Messages.TryRead(out var m))
        {
            if (m.Kind == HubMessageKind.AccessUnit) { fastCount++; m.Unit.Payload.Release(); }
        }
        Assert.Equal(12, fastCount);
        Assert.All(payloads, p => Assert.Equal(0, p.RefCount));
    }

    [Fact]
    public async Task DisposeCompletesReadersAfterQueuedFrames()
    {
        var hub = new StreamHub();
        hub.TryPublish("s", "test", "x", out var source, out _);
        var reader = source!.AddReader("r", 8);
        source.OnTracks([s_video]);
        source.OnAccessUnit(Frame(0, true, out _));
        source.Dispose();

        var kinds = new List<HubMessageKind>();
        await foreach (var m in reader.Messages.ReadAllAsync())
        {
            kinds.Add(m.Kind);
            if (m.Kind == HubMessageKind.AccessUnit) m.Unit.Payload.Release();
        }
        Assert.Equal([HubMessageKind.Tracks, HubMessageKind.AccessUnit], kinds);
    }

    [Fact]
    public void InlineReaderTakesTracksThenFramesOnThePublishersThreadWithoutAReference()
    {
        var hub = new StreamHub();
        hub.TryPublish("s", "test", "x", out var source, out _);
        source!.OnTracks([s_video]);
        var inline = new RecordingInlineReader();
        var reader = source.AddInlineReader("packager", inline);

        var unit = Frame(0, key: true, out var payload);
        source.OnAccessUnit(unit);

        Assert.Equal(["tracks", "frame 0"], inline.Seen);
        Assert.Equal([Environment.CurrentManagedThreadId], inline.Threads.Distinct());
        // During the call the publisher's reference was the frame's only one; now nobody holds it.
        Assert.Equal([1], inline.RefCountsDuringCall);
        Assert.Equal(0, payload.RefCount);
        Assert.Throws<InvalidOperationException>(() => reader.Messages);
    }

    [Fact]
    public void InlineReaderIsCompletedOnceAndGetsNothingAfterwards()
    {
        var hub = new StreamHub();
        hub.TryPublish("s", "test", "x", out var source, out _);
        var inline = new RecordingInlineReader();
        var reader = source!.AddInlineReader("packager", inline);
        source.OnTracks([s_video]);
        source.OnAccessUnit(Frame(0, true, out _));

        source.Dispose();
        source.RemoveReader(reader);
        source.OnAccessUnit(Frame(3000, false, out var late));

        Assert.Equal(["tracks", "frame 0", "completed"], inline.Seen);
        Assert.Equal(0, late.RefCount);

        // A reader added to a session that has already ended is completed at once.
        var afterEnd = new RecordingInlineReader();
        source.AddInlineReader("late", afterEnd);
        Assert.Equal(["completed"], afterEnd.Seen);
    }

    [Fact]
    public void InlineAndQueuedReadersOfOneSourceEachGetEveryFrame()
    {
        var hub = new StreamHub();
        hub.TryPublish("s", "test", "x", out var source, out _);
        var inline = new RecordingInlineReader();
        source!.AddInlineReader("packager", inline);
        var queued = source.AddReader("transcoder", 8);
        source.OnTracks([s_video]);
        for (var i = 0; i < 3; i++) source.OnAccessUnit(Frame(i * 3000, i == 0, out _));

        Assert.Equal(["tracks", "frame 0", "frame 3000", "frame 6000"], inline.Seen);
        var frames = 0;
        while (queued.Messages.TryRead(out var m))
        {
            if (m.Kind != HubMessageKind.AccessUnit) continue;
            frames++;
            // The queued reader holds its own reference after the publisher and the inline reader are done.
            Assert.Equal(1, m.Unit.Payload.RefCount);
            m.Unit.Payload.Release();
        }
        Assert.Equal(3, frames);
    }

    [Fact]
    public void APublisherSaysWhetherItsThreadIsItsOwn()
    {
        var hub = new StreamHub();
        Assert.True(hub.TryPublish("rtmp-like", "rtmp", "a", publisherThreadIsDedicated: true, out var own, out _));
        Assert.True(own.PublisherThreadIsDedicated);
        Assert.True(hub.TryPublish("srt-like", "srt", "b", out var shared, out _));
        Assert.False(shared.PublisherThreadIsDedicated);
    }

    private sealed class RecordingInlineReader : IInlineReader
    {
        public List<string> Seen { get; } = [];
        public List<int> Threads { get; } = [];
        public List<int> RefCountsDuringCall { get; } = [];

        public void OnMessage(in HubMessage message)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            if (message.Kind == HubMessageKind.Tracks)
            {
                Seen.Add("tracks");
                return;
            }
            Seen.Add($"frame {message.Unit.DtsTicks}");
            RefCountsDuringCall.Add(message.Unit.Payload.RefCount);
        }

        public void OnCompleted() => Seen.Add("completed");
    }
}
