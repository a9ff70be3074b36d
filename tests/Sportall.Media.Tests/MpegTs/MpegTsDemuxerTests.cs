using System.Buffers.Binary;
using Sportall.Media.Codecs.Aac;
using Sportall.Media.Codecs.H264;
using Sportall.Media.Codecs.H265;
using Sportall.Media.Model;
using Sportall.Media.MpegTs;
using Sportall.Media.Tests.Flv;
using static Sportall.Media.Tests.MpegTs.TransportStreamFixture;

namespace Sportall.Media.Tests.MpegTs;

/// <summary>Demuxes transport streams made by ffmpeg and checks the result against ffprobe and against the undamaged stream.</summary>
public class MpegTsDemuxerTests(TransportStreamFixture fixture) : IClassFixture<TransportStreamFixture>
{
    private const int SrtMessageBytes = 1316;
    private const int PacketSize = 188;

    private byte[] H264AacTs() => fixture.Make("h264-aac.ts", H264Aac);

    [Fact]
    public void H264_and_aac_match_ffprobe()
    {
        var ts = H264AacTs();
        var path = fixture.PathOf("h264-aac.ts");
        var streams = Streams(path);
        var videoProbe = streams.Single(s => s.GetProperty("codec_type").GetString() == "video");
        var audioProbe = streams.Single(s => s.GetProperty("codec_type").GetString() == "audio");
        var videoPackets = Packets(path, "v:0");
        var audioPackets = Packets(path, "a:0");

        var (sink, statistics) = Demux(ts, SrtMessageBytes);

        var tracks = Assert.Single(sink.Announcements);
        var video = tracks.Single(t => t.Kind == MediaKind.Video);
        var audio = tracks.Single(t => t.Kind == MediaKind.Audio);
        Assert.Equal(0, video.Index);
        Assert.Equal(1, audio.Index);
        Assert.Equal(videoProbe.GetProperty("width").GetInt32(), video.Width);
        Assert.Equal(videoProbe.GetProperty("height").GetInt32(), video.Height);
        Assert.Equal("High", videoProbe.GetProperty("profile").GetString());
        Assert.Equal($"avc1.6400{videoProbe.GetProperty("level").GetInt32():X2}", video.CodecString);
        Assert.Equal(90000, video.Timescale);
        Assert.Equal(4, video.NalLengthSize);
        var avcC = AvcDecoderConfigurationRecord.Parse(video.CodecConfig);
        Assert.Equal(video.CodecString, avcC.CodecString);
        Assert.Single(avcC.SequenceParameterSets);
        Assert.Single(avcC.PictureParameterSets);

        var sampleRate = int.Parse(audioProbe.GetProperty("sample_rate").GetString()!);
        Assert.Equal(sampleRate, audio.SampleRate);
        Assert.Equal(sampleRate, audio.Timescale);
        Assert.Equal(audioProbe.GetProperty("channels").GetInt32(), audio.ChannelCount);
        Assert.Equal("mp4a.40.2", audio.CodecString);
        Assert.Equal(sampleRate, AudioSpecificConfig.Parse(audio.CodecConfig).SamplingFrequency);

        // Every video packet, with ffprobe's own DTS, PTS and key flag, in decode order.
        var videoUnits = sink.Units.Where(u => u.TrackIndex == video.Index).ToList();
        Assert.Equal(videoPackets.Count, videoUnits.Count);
        Assert.Equal(videoPackets.Select(p => p.Dts), videoUnits.Select(u => u.DtsTicks));
        Assert.Equal(videoPackets.Select(p => p.Pts), videoUnits.Select(u => u.DtsTicks + u.CompositionOffsetTicks));
        Assert.Equal(videoPackets.Select(p => p.IsKeyframe), videoUnits.Select(u => u.IsKeyframe));
        Assert.True(videoUnits.Count(u => u.IsKeyframe) >= 4);
        Assert.All(videoUnits, u => Assert.True(u.CompositionOffsetTicks >= 0));
        Assert.Contains(videoUnits, u => u.CompositionOffsetTicks > 0); // B-frames
        AssertStrictlyIncreasing(videoUnits.Select(u => u.DtsTicks));
        Assert.All(videoUnits, u => AssertLengthPrefixedWithoutParameterSets(u.Payload, hevc: false));

        // Audio: one unit per ADTS frame, 1024 samples apart, starting at the first PTS on the shared clock.
        var audioUnits = sink.Units.Where(u => u.TrackIndex == audio.Index).ToList();
        Assert.Equal(audioPackets.Count, audioUnits.Count);
        Assert.Equal(audioPackets[0].Pts * sampleRate / 90000, audioUnits[0].DtsTicks);
        for (var i = 1; i < audioUnits.Count; i++) Assert.Equal(AacSampleClock.SamplesPerFrame, audioUnits[i].DtsTicks - audioUnits[i - 1].DtsTicks);
        Assert.All(audioUnits, u => Assert.True(u.IsKeyframe && u.Payload.Length > 0 && u.Timescale == sampleRate));
        Assert.DoesNotContain(audioUnits, u => u.Payload[0] == 0xFF && (u.Payload[1] & 0xF0) == 0xF0); // ADTS header stripped

        Assert.Equal(0, statistics.ContinuityErrors + statistics.PesErrors + statistics.DroppedFrames + statistics.Resyncs + statistics.PsiErrors);
        Assert.Equal(ts.Length / PacketSize, statistics.Packets);
    }

    [Fact]
    public void Hevc_track_matches_the_mp4_path_for_the_same_parameter_sets()
    {
        var mp4Path = fixture.PathOf("hevc.mp4");
        fixture.Make("hevc.mp4", "-f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine -t 2 -c:v libx265 -preset ultrafast -x265-params log-level=error:keyint=25 -tag:v hvc1 -c:a aac");
        var ts = fixture.Make("hevc.ts", $"-i \"{mp4Path}\" -c copy -f mpegts");
        var videoPackets = Packets(fixture.PathOf("hevc.ts"), "v:0");

        var (sink, statistics) = Demux(ts, SrtMessageBytes);

        var tracks = Assert.Single(sink.Announcements);
        var video = tracks.Single(t => t.Kind == MediaKind.Video);
        Assert.Equal(CodecId.H265, video.Codec);
        Assert.Equal((320, 240), (video.Width, video.Height));
        // The FLV/MP4 path takes the codec string from the hvcC the encoder wrote.
        var mp4HvcC = HevcDecoderConfigurationRecord.Parse(FindBox(mp4Path, "hvcC"));
        var expected = mp4HvcC.ProfileTierLevel.ProfileIdc != 0 ? mp4HvcC.CodecString : H265SequenceParameterSet.Parse(mp4HvcC.FindFirst(HevcDecoderConfigurationRecord.SpsNalUnitType)!).CodecString;
        Assert.Equal(expected, video.CodecString);
        var hvcC = HevcDecoderConfigurationRecord.Parse(video.CodecConfig);
        Assert.Equal(4, hvcC.NalLengthSize);
        foreach (var type in new[] { HevcDecoderConfigurationRecord.VpsNalUnitType, HevcDecoderConfigurationRecord.SpsNalUnitType, HevcDecoderConfigurationRecord.PpsNalUnitType })
        {
            Assert.Equal(mp4HvcC.FindFirst(type), hvcC.FindFirst(type));
        }
        var videoUnits = sink.Units.Where(u => u.TrackIndex == video.Index).ToList();
        Assert.Equal(videoPackets.Count, videoUnits.Count);
        Assert.Equal(videoPackets.Select(p => p.IsKeyframe), videoUnits.Select(u => u.IsKeyframe));
        Assert.All(videoUnits, u => AssertLengthPrefixedWithoutParameterSets(u.Payload, hevc: true));
        Assert.Equal(0, statistics.PesErrors + statistics.DroppedFrames);
    }

    [Fact]
    public void Timestamps_keep_increasing_across_the_33_bit_wrap()
    {
        // ffmpeg adds 1.4 s to the offset: the stream starts ~2.3 s before 2^33 ticks and wraps inside its 4 s.
        var ts = fixture.Make("wrap.ts", H264Aac + " -output_ts_offset 95440");
        var (sink, statistics) = Demux(ts, SrtMessageBytes);

        var tracks = Assert.Single(sink.Announcements);
        var video = tracks.Single(t => t.Kind == MediaKind.Video);
        var audio = tracks.Single(t => t.Kind == MediaKind.Audio);
        var videoDts = sink.Units.Where(u => u.TrackIndex == video.Index).Select(u => u.DtsTicks).ToList();
        Assert.True(videoDts[0] < 1L << 33 && videoDts[^1] > 1L << 33, $"{videoDts[0]}..{videoDts[^1]} does not cross 2^33");
        Assert.Equal(100, videoDts.Count);
        AssertStrictlyIncreasing(videoDts);
        for (var i = 1; i < videoDts.Count; i++) Assert.Equal(3600, videoDts[i] - videoDts[i - 1]);
        var audioDts = sink.Units.Where(u => u.TrackIndex == audio.Index).Select(u => u.DtsTicks).ToList();
        for (var i = 1; i < audioDts.Count; i++) Assert.Equal(AacSampleClock.SamplesPerFrame, audioDts[i] - audioDts[i - 1]);
        // A/V stay on one timeline: the first audio and video timestamps are within a second of each other.
        Assert.InRange(audioDts[0] * 90000.0 / audio.SampleRate - videoDts[0], -90000, 90000);
        Assert.Equal(0, statistics.TimestampDiscontinuities + statistics.AudioResyncs);
    }

    [Fact]
    public void A_pmt_change_announces_the_new_tracks()
    {
        var first = fixture.Make("video-only-pid100.ts", "-f lavfi -i testsrc2=size=320x240:rate=25 -t 2 -c:v libx264 -g 25 -mpegts_start_pid 0x100 -f mpegts");
        // The second encoder goes on from the first one's clock, with audio and other PIDs.
        var second = fixture.Make("av-pid200.ts", H264Aac.Replace("-t 4", "-t 2") + " -mpegts_start_pid 0x200 -output_ts_offset 2");
        var secondAlone = Demux(second, SrtMessageBytes).Sink;

        var (sink, statistics) = Demux([.. first, .. second], SrtMessageBytes);

        var announcements = sink.Announcements;
        Assert.True(announcements.Count >= 2);
        Assert.Equal(MediaKind.Video, Assert.Single(announcements[0]).Kind);
        var last = announcements[^1];
        Assert.Equal(2, last.Length);
        Assert.Equal((0, MediaKind.Video), (last[0].Index, last[0].Kind));
        Assert.Equal((1, MediaKind.Audio), (last[1].Index, last[1].Kind));
        Assert.Equal(1, statistics.PmtChanges);
        // Every frame of the second stream arrives after the change, as when demuxed alone.
        // (The video track comes back first with its new PID's parameter sets, then audio joins.)
        var afterChange = sink.Events.Skip(sink.Events.IndexOf(announcements[1])).OfType<ReceivedUnit>().ToList();
        Assert.Equal(secondAlone.Units.Count(u => u.TrackIndex == 1), afterChange.Count(u => u.TrackIndex == 1));
        Assert.Equal(secondAlone.Units.Where(u => u.TrackIndex == 0).Select(u => u.Payload), afterChange.Where(u => u.TrackIndex == 0).Select(u => u.Payload), PayloadComparer);
    }

    [Fact]
    public void Lost_packets_lose_at_most_the_frames_they_carried()
    {
        var ts = H264AacTs();
        var clean = Demux(ts, SrtMessageBytes).Sink.Units;
        var videoPid = PidOfFirstPes(ts, streamId: 0xE0);
        // Drop three video packets in the middle that do not start a PES: each breaks exactly one frame.
        var packets = Enumerable.Range(0, ts.Length / PacketSize).Select(i => ts.AsSpan(i * PacketSize, PacketSize).ToArray()).ToList();
        var victims = packets.Select((p, i) => (p, i)).Where(x => Pid(x.p) == videoPid && (x.p[1] & 0x40) == 0 && x.i > packets.Count / 3)
            .Select(x => x.i).Where((_, n) => n % 40 == 0).Take(3).ToHashSet();
        Assert.Equal(3, victims.Count);
        var damaged = packets.Where((_, i) => !victims.Contains(i)).SelectMany(p => p).ToArray();

        var (sink, statistics) = Demux(damaged, SrtMessageBytes);

        Assert.Equal(3, statistics.ContinuityErrors);
        Assert.Equal(3, statistics.PesErrors);
        var units = sink.Units;
        Assert.Equal(clean.Count - 3, units.Count);
        // What arrives is exactly the clean stream's units, less the three broken video frames.
        var key = (ReceivedUnit u) => (u.TrackIndex, u.DtsTicks);
        var cleanByKey = clean.ToDictionary(key);
        Assert.All(units, u => Assert.Equal(cleanByKey[key(u)].Payload, u.Payload));
        Assert.Equal(3, clean.Except(units, UnitComparer).Count(u => u.TrackIndex == 0));
    }

    [Fact]
    public void Garbage_before_and_between_packets_is_skipped_and_every_frame_delivered()
    {
        var ts = H264AacTs();
        var clean = Demux(ts, SrtMessageBytes).Sink;
        var damaged = WithGarbage(ts, out var garbageBytes);

        var (sink, statistics) = Demux(damaged, SrtMessageBytes);

        Assert.Equal(3, statistics.Resyncs);
        Assert.Equal(garbageBytes, statistics.SkippedBytes);
        Assert.Equal(0, statistics.ContinuityErrors + statistics.PesErrors + statistics.DroppedFrames);
        AssertSameOutput(clean, sink);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(PacketSize)]
    [InlineData(PacketSize + 1)]
    [InlineData(4096)]
    public void Every_chunking_gives_the_same_output(int chunkSize)
    {
        var ts = H264AacTs();
        AssertSameOutput(Demux(ts, SrtMessageBytes).Sink, Demux(ts, chunkSize).Sink);
        var withGarbage = WithGarbage(ts, out _);
        AssertSameOutput(Demux(withGarbage, SrtMessageBytes).Sink, Demux(withGarbage, chunkSize).Sink);
    }

    [Fact]
    public void Video_only_stream()
    {
        var ts = fixture.Make("video-only.ts", "-f lavfi -i testsrc2=size=320x240:rate=25 -t 2 -c:v libx264 -g 25 -f mpegts");
        var expected = Packets(fixture.PathOf("video-only.ts"), "v:0").Count;
        var (sink, statistics) = Demux(ts, SrtMessageBytes);
        Assert.Equal(MediaKind.Video, Assert.Single(Assert.Single(sink.Announcements)).Kind);
        Assert.Equal(expected, sink.Units.Count);
        Assert.True(sink.Units[0].IsKeyframe);
        Assert.Equal(0, statistics.DroppedFrames);
    }

    [Fact]
    public void Audio_only_stream()
    {
        var ts = fixture.Make("audio-only.ts", "-f lavfi -i sine=sample_rate=44100 -t 2 -c:a aac -ac 1 -f mpegts");
        var expected = Packets(fixture.PathOf("audio-only.ts"), "a:0").Count;
        var (sink, statistics) = Demux(ts, SrtMessageBytes);
        var audio = Assert.Single(Assert.Single(sink.Announcements));
        Assert.Equal((MediaKind.Audio, 44100, 1), (audio.Kind, audio.SampleRate, audio.ChannelCount));
        Assert.Equal(expected, sink.Units.Count);
        Assert.Equal(0, statistics.DroppedFrames);
    }

    [Fact]
    public void Streams_of_other_types_are_ignored_and_counted()
    {
        var ts = fixture.Make("with-mp2.ts", "-f lavfi -i testsrc2=size=160x120:rate=25 -f lavfi -i sine -t 1 -map 0:v -map 1:a -map 1:a -c:v libx264 -c:a:0 aac -c:a:1 mp2 -f mpegts");
        var (sink, statistics) = Demux(ts, SrtMessageBytes);
        Assert.Equal(2, Assert.Single(sink.Announcements).Length);
        Assert.Equal(1, statistics.UnsupportedStreams);
    }

    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        var random = new Random(1234);
        var ts = H264AacTs();
        var corrupted = (byte[])ts.Clone();
        // Flip bytes everywhere, headers included, keeping most packets' sync bytes.
        for (var i = 0; i < corrupted.Length / 50; i++) corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
        var noise = new byte[100_000];
        random.NextBytes(noise);
        foreach (var input in new[] { corrupted, noise, [.. noise, .. ts] })
        {
            var (sink, statistics) = Demux(input, SrtMessageBytes);
            Assert.True(statistics.Packets > 0 || input == noise);
            foreach (var unit in sink.Units.Where(u => u.Timescale == 90000)) Assert.True(unit.CompositionOffsetTicks >= 0);
        }
    }

    [Theory]
    [InlineData(0L, 0L, 0L)]
    [InlineData(5L, 3L, 2L)]
    [InlineData(3L, 5L, -2L)]
    [InlineData(0L, (1L << 33) - 1, 1L)]
    [InlineData((1L << 33) - 1, 0L, -1L)]
    [InlineData(100L, (1L << 33) - 100, 200L)]
    public void Sign_extended_difference_of_33_bit_timestamps(long a, long b, long expected)
    {
        Assert.Equal(expected, MpegTsTimestampUnwrapper.SignExtendedDifference(a, b));
    }

    [Fact]
    public void Unwrapper_continues_past_the_wrap_and_bridges_jumps()
    {
        var clock = new MpegTsTimestampUnwrapper();
        Assert.Equal((1L << 33) - 3000, clock.Unwrap((1L << 33) - 3000));
        Assert.Equal((1L << 33) + 600, clock.Unwrap(600));
        Assert.Equal((1L << 33) - 1000, clock.Unwrap((1L << 33) - 1000)); // audio slightly behind video, before the wrap
        Assert.Equal((1L << 33) + 4200, clock.Unwrap(4200));
        Assert.Equal((1L << 33) + 4200 + MpegTsTimestampUnwrapper.DiscontinuityStepTicks, clock.Unwrap(50_000_000));
        Assert.Equal(1, clock.Discontinuities);
    }

    private static byte[] WithGarbage(byte[] ts, out long garbageBytes)
    {
        // 0x47-free garbage: a random 0x47 right where a packet is expected would be taken for one
        // (a synchronised demuxer checks one byte per packet); resynchronisation is what is tested here.
        var random = new Random(42);
        byte[] Garbage(int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            for (var i = 0; i < bytes.Length; i++) if (bytes[i] == 0x47) bytes[i] = 0x48;
            return bytes;
        }
        var start = Garbage(1000);
        var middle = Garbage(100);
        var late = Garbage(7);
        garbageBytes = start.Length + middle.Length + late.Length;
        var cut1 = 200 * PacketSize;
        var cut2 = 600 * PacketSize;
        return [.. start, .. ts.AsSpan(0, cut1), .. middle, .. ts.AsSpan(cut1, cut2 - cut1), .. late, .. ts.AsSpan(cut2)];
    }

    private static void AssertSameOutput(RecordingSink expected, RecordingSink actual)
    {
        Assert.Equal(expected.Events.Count, actual.Events.Count);
        for (var i = 0; i < expected.Events.Count; i++)
        {
            switch (expected.Events[i])
            {
                case TrackInfo[] tracks:
                    var actualTracks = Assert.IsType<TrackInfo[]>(actual.Events[i]);
                    Assert.Equal(tracks.Select(t => t with { CodecConfig = [] }), actualTracks.Select(t => t with { CodecConfig = [] }));
                    Assert.Equal(tracks.Select(t => t.CodecConfig), actualTracks.Select(t => t.CodecConfig));
                    break;
                case ReceivedUnit unit:
                    var actualUnit = Assert.IsType<ReceivedUnit>(actual.Events[i]);
                    Assert.Equal(unit with { Payload = [] }, actualUnit with { Payload = [] });
                    Assert.Equal(unit.Payload, actualUnit.Payload);
                    break;
            }
        }
    }

    private static void AssertStrictlyIncreasing(IEnumerable<long> values)
    {
        var previous = long.MinValue;
        foreach (var value in values)
        {
            Assert.True(value > previous, $"{value} after {previous}");
            previous = value;
        }
    }

    private static void AssertLengthPrefixedWithoutParameterSets(byte[] sample, bool hevc)
    {
        var data = sample.AsSpan();
        Assert.False(data.IsEmpty);
        while (!data.IsEmpty)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data);
            Assert.InRange(length, 1, data.Length - 4);
            var type = hevc ? (data[4] >> 1) & 0x3F : data[4] & 0x1F;
            Assert.DoesNotContain(type, hevc ? new[] { 32, 33, 34, 35 } : new[] { 7, 8, 9 });
            data = data[(4 + length)..];
        }
    }

    private static int Pid(ReadOnlySpan<byte> packet) => ((packet[1] & 0x1F) << 8) | packet[2];

    private static int PidOfFirstPes(byte[] ts, byte streamId)
    {
        for (var offset = 0; offset + PacketSize <= ts.Length; offset += PacketSize)
        {
            var packet = ts.AsSpan(offset, PacketSize);
            if ((packet[1] & 0x40) == 0) continue;
            var payload = (packet[3] & 0x20) != 0 ? packet[(5 + packet[4])..] : packet[4..];
            if (payload.Length > 4 && payload[0] == 0 && payload[1] == 0 && payload[2] == 1 && payload[3] == streamId) return Pid(packet);
        }
        throw new InvalidOperationException("no such PES");
    }

    private static byte[] FindBox(string path, string type)
    {
        var data = File.ReadAllBytes(path);
        var at = data.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(type));
        Assert.True(at >= 4, $"no {type} box in {path}");
        var size = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at - 4));
        return data.AsSpan(at + 4, size - 8).ToArray();
    }

    private static readonly IEqualityComparer<byte[]> PayloadComparer = EqualityComparer<byte[]>.Create((a, b) => a.AsSpan().SequenceEqual(b), a => a.Length);

    private static readonly IEqualityComparer<ReceivedUnit> UnitComparer = EqualityComparer<ReceivedUnit>.Create((a, b) => (a!.TrackIndex, a.DtsTicks) == (b!.TrackIndex, b.DtsTicks), u => HashCode.Combine(u.TrackIndex, u.DtsTicks));

    [Fact]
    public void Steady_state_allocates_nothing_per_message()
    {
        var ts = fixture.Make("h264-aac-12s.ts", H264Aac.Replace("-t 4", "-t 12"));
        var demuxer = new MpegTsDemuxer(new ReleasingSink());
        const int Message = 1316;
        var warm = ts.Length / 3 / Message * Message;   // the first 4 s: tracks announced, pools and JIT warm
        for (var offset = 0; offset < warm; offset += Message) demuxer.Write(ts.AsSpan(offset, Message));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var offset = warm; offset + Message <= ts.Length; offset += Message) demuxer.Write(ts.AsSpan(offset, Message));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, demuxer.Statistics.ContinuityErrors);
    }

    private sealed class ReleasingSink : IMediaSink
    {
        public void OnTracks(IReadOnlyList<TrackInfo> tracks) { }

        public void OnAccessUnit(in AccessUnit unit) => unit.Payload.Release();
    }
}
