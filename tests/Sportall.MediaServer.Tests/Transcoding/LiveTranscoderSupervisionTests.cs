using Microsoft.Extensions.Logging.Abstractions;
using Sportall.Media.Buffers;
using Sportall.Media.Model;
using Sportall.MediaServer.Hub;
using Sportall.MediaServer.Transcoding;

namespace Sportall.MediaServer.Tests.Transcoding;

/// <summary>
/// Supervision with stand-in FFmpeg scripts (no encoding): a process that dies is restarted, one that
/// swallows its input and never answers is killed as stalled, and the publisher's other readers get
/// every frame meanwhile.
/// </summary>
public sealed class LiveTranscoderSupervisionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly string _folder = Directory.CreateTempSubdirectory("sportall-supervision-").FullName;

    private static readonly TrackInfo s_video = new()
    {
        Index = 0, Kind = MediaKind.Video, Codec = CodecId.H264, Timescale = 90000,
        CodecConfig = [1, 0x64, 0, 0x1F, 0xFF, 0xE1, 0, 4, 0x67, 0x64, 0, 0x1F, 1, 0, 2, 0x68, 0xEE], CodecString = "avc1.64001F", Width = 1280, Height = 720,
    };

    private sealed class NullRenditionSink : ILiveRenditionSink
    {
        public void OnRenditionTrack(LiveSource source, TrackInfo track) { }
        public void OnRenditionUnit(LiveSource source, in AccessUnit unit) => unit.Payload.Release();
    }

    private string Script(string name, string body)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private async Task<(LiveTranscoder Transcoder, long OtherReaderFrames)> RunAsync(string ffmpeg, Func<LiveTranscoder, bool> until)
    {
        var hub = new StreamHub();
        Assert.True(hub.TryPublish("sup", "rtmp", "test", out var source, out _));
        var options = new TranscodingOptions
        {
            Enabled = true, FfmpegPath = ffmpeg, MinRestartDelayMs = 50, MaxRestartDelayMs = 200, StallTimeoutMs = 400, ThumbnailIntervalSeconds = 0,
        };
        var transcoder = new LiveTranscoder(source, options, AccelerationPath.Cpu, new NullRenditionSink(), null, NullLogger.Instance, TimeProvider.System);
        var other = source.AddReader("packager", 100_000);
        using var cts = new CancellationTokenSource();
        source.OnTracks([s_video]);
        var run = transcoder.RunAsync(cts.Token);
        var deadline = DateTime.UtcNow + Deadline;
        long sent = 0;
        while (!until(transcoder))
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met; starts {transcoder.Starts}");
            // 25 fps with a keyframe every 5 frames, paced so restarts find keyframes.
            var key = sent % 5 == 0;
            source.OnAccessUnit(new AccessUnit(0, sent * 3600, 0, 90000, key, MediaBuffer.CopyOf([0, 0, 0, 1, (byte)(key ? 0x65 : 0x41)])));
            sent++;
            await Task.Delay(10);
        }
        source.Dispose();
        await run.WaitAsync(Deadline);
        long received = 0;
        await foreach (var message in other.Messages.ReadAllAsync())
        {
            if (message.Kind != HubMessageKind.AccessUnit) continue;
            received++;
            message.Unit.Payload.Release();
        }
        Assert.Equal(sent, received);
        return (transcoder, received);
    }

    [Fact]
    public async Task A_crashing_ffmpeg_is_restarted_and_the_passthrough_reader_misses_nothing()
    {
        var crash = Script("crash.sh", "head -c 100 >/dev/null; exit 3");
        var restartsBefore = TranscoderMetrics.Restarts.WithLabels("sup").Value;
        var (transcoder, _) = await RunAsync(crash, t => t.Starts >= 3);
        Assert.True(transcoder.Starts >= 3);
        // Every start after the first replaced a crashed run, and the series counts each one.
        Assert.Equal(transcoder.Starts - 1, transcoder.Restarts);
        Assert.Equal(transcoder.Restarts, TranscoderMetrics.Restarts.WithLabels("sup").Value - restartsBefore);
    }

    [Fact]
    public async Task A_stalled_ffmpeg_is_killed_and_restarted()
    {
        // Reads everything, writes nothing, never exits by itself.
        var stall = Script("stall.sh", "exec cat >/dev/null");
        var (transcoder, _) = await RunAsync(stall, t => t.Starts >= 2);
        Assert.True(transcoder.Starts >= 2);
        Assert.Equal(transcoder.Starts - 1, transcoder.Restarts);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
