using Sportall.Media.Amf;
using Sportall.MediaServer.Ingest;
using Sportall.MediaServer.Rtmp;

namespace Sportall.MediaServer.Tests.Rtmp;

public class RtmpServerInteropTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("rtmp://127.0.0.1:{0}/live/testkey")]
    [InlineData("rtmp://127.0.0.1:{0}/live/testkey?token=x", "-rtmp_app", "live/")] // OBS-style trailing slash, query on the key
    public async Task Ffmpeg_Publishes_H264AndAac(string urlFormat, params string[] extra)
    {
        await using var server = await RtmpTestServer.StartAsync();
        using var ffmpeg = FfmpegProcess.Publish(string.Format(urlFormat, server.Port), 3, extra);
        var exitCode = await ffmpeg.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, ffmpeg.Stderr);

        var session = server.Sink.Find("testkey");
        Assert.NotNull(session);
        await Wait.UntilAsync(() => session.Disposed, Deadline, "the publish session to end");

        Assert.Equal(320, session.Metadata?.Width);
        Assert.Equal(240, session.Metadata?.Height);
        Assert.Equal(7d, session.Metadata?.VideoCodecId);
        Assert.Equal(10d, session.Metadata?.AudioCodecId);

        var video = session.Video;
        var audio = session.Audio;
        Assert.NotEmpty(audio);
        // AVC sequence header first (frame type 1, codec 7, AVCPacketType 0), then NAL units.
        Assert.Equal([0x17, 0x00], video[0].Body[..2]);
        var frames = video.Where(v => v.Body[1] == 1).ToArray();
        Assert.InRange(frames.Length, 70, 76);
        var keyframes = frames.Select((f, i) => (f, i)).Where(x => x.f.Body[0] >> 4 == 1).Select(x => x.i).ToArray();
        Assert.True(keyframes.Length >= 3);
        Assert.All(keyframes, i => Assert.Equal(0, i % 25));
        Assert.True(video.Zip(video.Skip(1)).All(p => p.Second.TimestampMs >= p.First.TimestampMs), "video timestamps monotonic");
        Assert.True(audio.Zip(audio.Skip(1)).All(p => p.Second.TimestampMs >= p.First.TimestampMs), "audio timestamps monotonic");
        Assert.InRange(frames[^1].TimestampMs - frames[0].TimestampMs, 2700, 3100);
    }

    [Fact]
    public async Task LivePublisher_KeepsReceiving_WhileBadConnectionsAreClosed()
    {
        await using var server = await RtmpTestServer.StartAsync(o => o.HandshakeTimeoutSeconds = 2);
        using var ffmpeg = FfmpegProcess.Publish($"rtmp://127.0.0.1:{server.Port}/live/main", 10);
        await Wait.UntilAsync(() => server.Sink.Find("main")?.VideoCount > 10, Deadline, "the first publisher's video");
        var live = server.Sink.Find("main")!;

        // Garbage in place of C0.
        await using (var client = await RtmpTestClient.ConnectAsync(server.Port))
        {
            await client.SendRawAsync([0x42, 0x13, 0x37, 0x00, 0xFF]);
            Assert.True(await client.IsClosedByServerAsync(Deadline), "garbage");
        }

        // HTTP on the RTMP port.
        await using (var client = await RtmpTestClient.ConnectAsync(server.Port))
        {
            await client.SendRawAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            Assert.True(await client.IsClosedByServerAsync(Deadline), "http");
        }

        await Wait.UntilAsync(() => server.Logs.Contains("HTTP request on the RTMP port"), Deadline, "the HTTP log line");

        // TLS on the RTMP port.
        await using (var client = await RtmpTestClient.ConnectAsync(server.Port))
        {
            await client.SendRawAsync([0x16, 0x03, 0x01, 0x02, 0x00]);
            Assert.True(await client.IsClosedByServerAsync(Deadline), "tls");
        }

        await Wait.UntilAsync(() => server.Logs.Contains("TLS on the RTMP port (use rtmp:// not rtmps://)"), Deadline, "the TLS log line");

        // Truncated handshake: C0 and half of C1, then silence until the handshake timeout.
        await using (var client = await RtmpTestClient.ConnectAsync(server.Port))
        {
            await client.SendRawAsync(new byte[1 + 700].With(0, 3));
            Assert.True(await client.IsClosedByServerAsync(Deadline), "truncated handshake");
        }

        // Set Chunk Size far above the limit.
        await using (var client = await RtmpTestClient.ConnectAsync(server.Port))
        {
            await client.HandshakeAsync();
            await client.SendAsync(RtmpMessageType.SetChunkSize, 0, 0, [0x7F, 0xFF, 0xFF, 0xFF], csid: 2);
            Assert.True(await client.IsClosedByServerAsync(Deadline), "huge chunk size");
        }

        // An AMF object nested 1000 deep inside connect.
        await using (var client = await RtmpTestClient.ConnectAsync(server.Port))
        {
            await client.HandshakeAsync();
            var nested = AmfValue.FromObject();
            for (var i = 0; i < 1000; i++)
            {
                nested = AmfValue.FromObject(new AmfProperty("o", nested));
            }

            await client.SendCommandAsync(0, "connect", 1d, nested);
            Assert.True(await client.IsClosedByServerAsync(Deadline), "deep AMF");
        }

        await Wait.UntilAsync(() => server.Logs.Contains("deep AMF nesting"), Deadline, "the AMF log line");

        // A second publisher on the live name.
        using (var second = FfmpegProcess.Publish($"rtmp://127.0.0.1:{server.Port}/live/main", 2))
        {
            Assert.NotEqual(0, await second.WaitForExitAsync(Deadline));
        }

        Assert.Contains("main", server.Sink.Refusals);

        var before = live.VideoCount;
        await Wait.UntilAsync(() => live.VideoCount > before + 25, Deadline, "the first publisher to keep receiving");
        Assert.False(live.Disposed);
        Assert.Equal(0, await ffmpeg.WaitForExitAsync(Deadline));
    }

    [Fact]
    public async Task WrongKey_IsRefusedAfterTheDelay()
    {
        var validator = new FixedKeyValidator("secret", "show");
        await using var server = await RtmpTestServer.StartAsync(o =>
        {
            o.RequireStreamKey = true;
            o.RefusedKeyDelayMs = 300;
        }, validator);

        var started = DateTime.UtcNow;
        using (var ffmpeg = FfmpegProcess.Publish($"rtmp://127.0.0.1:{server.Port}/live/wrong", 2))
        {
            Assert.NotEqual(0, await ffmpeg.WaitForExitAsync(Deadline));
        }

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(300));
        Assert.Empty(server.Sink.Sessions);
        await Wait.UntilAsync(() => server.Logs.Contains("stream key refused"), Deadline, "the refusal log line");

        // The right key publishes under the validator's playback name.
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        await client.HandshakeAsync();
        await client.PublishAsync("live", "secret");
        Assert.NotNull(server.Sink.Find("show"));
    }

    [Fact]
    public async Task EnhancedRtmp_FourCcListIsEchoed_AndExHeaderVideoIsRoutedUntouched()
    {
        await using var server = await RtmpTestServer.StartAsync();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        await client.HandshakeAsync();
        await client.ConnectAppAsync("live", new AmfProperty("fourCcList", AmfValue.FromStrictArray("hvc1", "av01")));
        var result = await client.ReadCommandAsync(Deadline);
        Assert.Equal("_result", result[0].String);
        Assert.True(result[2].TryGetProperty("fourCcList", out var list));
        Assert.Equal(["avc1", "hvc1", "av01"], list.Items.Select(i => i.String));
        Assert.Equal("NetConnection.Connect.Success", result[3].GetString("code"));

        await client.SendCommandAsync(0, "createStream", 2d, AmfValue.Null);
        await client.ReadCommandAsync(Deadline);
        await client.SendCommandAsync(1, "publish", 3d, AmfValue.Null, "hevc?token=1", "live");
        Assert.Equal("NetStream.Publish.Start", (await client.ReadCommandAsync(Deadline))[3].GetString("code"));

        await client.SendDataAsync(1, "@setDataFrame", "onMetaData", AmfValue.FromEcmaArray(
            new("width", 1920d), new("height", 1080d), new("videocodecid", "hvc1"), new("framerate", 50d)));
        // ExHeader: IsExHeader bit | frame type 1 (key) | PacketType 0 (SequenceStart), FourCC 'hvc1', config.
        byte[] sequenceStart = [0x90, .. "hvc1"u8, 0x01, 0x02, 0x03];
        // PacketType 3 (CodedFramesX), spanning several 128-byte chunks.
        byte[] codedFrames = [0x93, .. "hvc1"u8, .. Enumerable.Range(0, 500).Select(i => (byte)i)];
        await client.SendAsync(RtmpMessageType.Video, 1, 0, sequenceStart);
        await client.SendAsync(RtmpMessageType.Video, 1, 20, codedFrames);

        var session = server.Sink.Find("hevc");
        Assert.NotNull(session);
        await Wait.UntilAsync(() => session.VideoCount == 2, Deadline, "two video tags");
        Assert.Equal(sequenceStart, session.Video[0].Body);
        Assert.Equal(codedFrames, session.Video[1].Body);
        Assert.Equal(20, session.Video[1].TimestampMs);
        Assert.Equal((double)0x68766331, session.Metadata?.VideoCodecId);
        Assert.Equal(50d, session.Metadata?.FrameRate);

        await client.SendCommandAsync(1, "deleteStream", 4d, AmfValue.Null, 1d);
        await Wait.UntilAsync(() => session.Disposed, Deadline, "deleteStream to end the session");
    }

    [Fact]
    public async Task SessionException_ClosesTheConnection_WithAnOnStatusError()
    {
        await using var server = await RtmpTestServer.StartAsync();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        await client.HandshakeAsync();
        await client.PublishAsync("live", "bad");
        server.Sink.Find("bad")!.VideoFault = _ => new NotSupportedException("video codec 2 (Sorenson H.263) is not supported");
        await client.SendAsync(RtmpMessageType.Video, 1, 0, [0x22, 0x00]);
        var status = await client.ReadCommandAsync(Deadline);
        Assert.Equal("NetStream.Publish.Failed", status[3].GetString("code"));
        Assert.True(await client.IsClosedByServerAsync(Deadline));
        Assert.True(server.Sink.Find("bad")!.Disposed);
        await Wait.UntilAsync(() => server.Logs.Contains("Sorenson H.263"), Deadline, "the session error log line");
    }

    [Fact]
    public async Task WrongApp_IsRejected_AndPlayIsRefused()
    {
        await using var server = await RtmpTestServer.StartAsync();
        await using (var client = await RtmpTestClient.ConnectAsync(server.Port))
        {
            await client.HandshakeAsync();
            await client.ConnectAppAsync("vod");
            var reply = await client.ReadCommandAsync(Deadline);
            Assert.Equal("_error", reply[0].String);
            Assert.Equal("NetConnection.Connect.Rejected", reply[3].GetString("code"));
            Assert.Contains("'vod'", reply[3].GetString("description"));
            Assert.True(await client.IsClosedByServerAsync(Deadline));
        }

        await using (var client = await RtmpTestClient.ConnectAsync(server.Port))
        {
            await client.HandshakeAsync();
            await client.ConnectAppAsync("live");
            await client.ReadCommandAsync(Deadline);
            await client.SendCommandAsync(0, "createStream", 2d, AmfValue.Null);
            await client.ReadCommandAsync(Deadline);
            await client.SendCommandAsync(1, "play", 3d, AmfValue.Null, "match");
            var status = await client.ReadCommandAsync(Deadline);
            Assert.Equal("NetStream.Play.Failed", status[3].GetString("code"));
            Assert.Equal("playback over RTMP is not supported; watch /live/match/index.m3u8", status[3].GetString("description"));
            Assert.True(await client.IsClosedByServerAsync(Deadline));
        }
    }

    [Fact]
    public async Task ConnectionsAboveTheLimit_AreClosedRightAway()
    {
        await using var server = await RtmpTestServer.StartAsync(o => o.MaxConnections = 1);
        await using var first = await RtmpTestClient.ConnectAsync(server.Port);
        await first.HandshakeAsync();
        await using var second = await RtmpTestClient.ConnectAsync(server.Port);
        Assert.True(await second.IsClosedByServerAsync(Deadline));
        await first.ConnectAppAsync("live");
        Assert.Equal("_result", (await first.ReadCommandAsync(Deadline))[0].String);
    }

    [Fact]
    public async Task PingRequest_IsAnswered_AndUnknownCommandsGetAnError()
    {
        await using var server = await RtmpTestServer.StartAsync();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        await client.HandshakeAsync();
        await client.ConnectAppAsync("live");
        await client.ReadCommandAsync(Deadline);
        await client.SendCommandAsync(0, "getMysteryValue", 7d, AmfValue.Null);
        var reply = await client.ReadCommandAsync(Deadline);
        Assert.Equal(("_error", 7d), (reply[0].String, reply[1].Number));
        Assert.Equal("NetConnection.Call.Failed", reply[3].GetString("code"));
    }

    private sealed class FixedKeyValidator(string key, string playbackName) : IStreamKeyValidator
    {
        public ValueTask<StreamKeyDecision> ValidateAsync(string app, string streamKey, CancellationToken ct) =>
            ValueTask.FromResult(streamKey == key ? StreamKeyDecision.Accepted(playbackName) : StreamKeyDecision.Refused("unknown key"));
    }
}

internal static class ByteArrayExtensions
{
    public static byte[] With(this byte[] bytes, int index, byte value)
    {
        bytes[index] = value;
        return bytes;
    }
}
