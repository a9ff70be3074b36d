using Sportall.Media.Codecs.Aac;
using Sportall.Media.Flv;
using Sportall.Media.Model;
using Sportall.Media.Tests.Codecs;
using static Sportall.Media.Tests.Flv.FlvTags;

namespace Sportall.Media.Tests.Flv;

public class FlvMediaDemuxerTests
{
    private static readonly StreamMetadata BothTracks = new() { Width = 1280, Height = 720, FrameRate = 30, VideoCodecId = 7, AudioCodecId = 10, VideoDataRateKbps = 2500, AudioDataRateKbps = 128 };

    [Fact]
    public void Announces_both_tracks_then_delivers_frames_with_their_timescales()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnMetadata(BothTracks);
        demuxer.OnVideoTag(0, AvcSequenceHeader(AvcC720));
        demuxer.OnAudioTag(0, AacSequenceHeader(Asc48kStereo));
        demuxer.OnVideoTag(0, AvcFrame(keyframe: true, compositionTimeMs: 67));
        demuxer.OnAudioTag(0, AacFrame());
        demuxer.OnVideoTag(33, AvcFrame(keyframe: false, compositionTimeMs: -33));

        Assert.IsType<TrackInfo[]>(sink.Events[0]);
        var tracks = Assert.Single(sink.Announcements);
        Assert.Equal(2, tracks.Length);
        var video = tracks[0];
        Assert.Equal((0, MediaKind.Video, CodecId.H264, 90000), (video.Index, video.Kind, video.Codec, video.Timescale));
        Assert.Equal("avc1.64001F", video.CodecString);
        Assert.Equal((1280, 720, 30.0), (video.Width, video.Height, video.FrameRate));
        Assert.Equal(2_500_000, video.NominalBitrate);
        Assert.Equal(4, video.NalLengthSize);
        Assert.Equal(AvcC720, video.CodecConfig);
        var audio = tracks[1];
        Assert.Equal((1, MediaKind.Audio, CodecId.Aac, 48000), (audio.Index, audio.Kind, audio.Codec, audio.Timescale));
        Assert.Equal(("mp4a.40.2", 48000, 2, 128_000), (audio.CodecString, audio.SampleRate, audio.ChannelCount, audio.NominalBitrate));
        Assert.Equal(Asc48kStereo, audio.CodecConfig);

        var units = sink.Units;
        Assert.Equal(3, units.Count);
        Assert.Equal(new ReceivedUnit(0, 0, 67 * 90, 90000, true, AvcFrame(true, 67)[5..]), units[0], new UnitComparer());
        Assert.Equal((1, 0L, 48000, true), (units[1].TrackIndex, units[1].DtsTicks, units[1].Timescale, units[1].IsKeyframe));
        Assert.Equal((0, 33L * 90, -33 * 90, false), (units[2].TrackIndex, units[2].DtsTicks, units[2].CompositionOffsetTicks, units[2].IsKeyframe));
        Assert.Equal(0, demuxer.DroppedFrames);
    }

    [Fact]
    public void Holds_frames_until_every_announced_track_has_a_header_then_delivers_them_in_arrival_order()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnMetadata(BothTracks);
        demuxer.OnVideoTag(0, AvcSequenceHeader(AvcC720));
        demuxer.OnVideoTag(0, AvcFrame(true, 0, fill: 1));
        demuxer.OnVideoTag(33, AvcFrame(false, 0, fill: 2));
        demuxer.OnVideoTag(1500, AvcFrame(false, 0, fill: 3)); // past the 1 s no-metadata wait: metadata says audio is coming
        Assert.Empty(sink.Events);

        demuxer.OnAudioTag(1510, AacSequenceHeader(Asc48kStereo));
        demuxer.OnAudioTag(1520, AacFrame());

        Assert.IsType<TrackInfo[]>(sink.Events[0]);
        Assert.Equal(2, sink.Announcements[0].Length);
        Assert.Equal([0L, 33 * 90, 1500 * 90], sink.Units.Where(u => u.TrackIndex == 0).Select(u => u.DtsTicks));
        Assert.Equal([(byte)1, (byte)2, (byte)3], sink.Units.Where(u => u.TrackIndex == 0).Select(u => u.Payload[^1]));
        Assert.Equal(1, sink.Units[^1].TrackIndex);
    }

    [Fact]
    public void Without_metadata_waits_a_second_for_the_other_track_then_adds_it_when_it_comes()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnVideoTag(0, AvcSequenceHeader(AvcC720));
        for (var ms = 0; ms < 1000; ms += 100) demuxer.OnVideoTag(ms, AvcFrame(ms == 0, 0));
        Assert.Empty(sink.Events);

        demuxer.OnVideoTag(1000, AvcFrame(false, 0));
        var first = Assert.Single(sink.Announcements);
        Assert.Equal(CodecId.H264, Assert.Single(first).Codec);
        Assert.Equal(11, sink.Units.Count);

        demuxer.OnAudioTag(1010, AacSequenceHeader(Asc48kStereo));
        demuxer.OnAudioTag(1010, AacFrame());
        Assert.Equal(2, sink.Announcements.Count);
        var second = sink.Announcements[1];
        Assert.Equal([0, 1], second.Select(t => t.Index));
        Assert.Equal(CodecId.Aac, second[1].Codec);
        Assert.Equal(1, sink.Units[^1].TrackIndex);
    }

    [Fact]
    public void Without_metadata_both_headers_announce_at_once()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnAudioTag(0, AacSequenceHeader(Asc48kStereo));
        demuxer.OnAudioTag(0, AacFrame());
        demuxer.OnVideoTag(0, AvcSequenceHeader(AvcC720));
        var tracks = Assert.Single(sink.Announcements);
        // Video takes index 0 whenever it is there at announcement time, even if audio came first.
        Assert.Equal([MediaKind.Video, MediaKind.Audio], tracks.Select(t => t.Kind));
        Assert.Equal(1, Assert.Single(sink.Units).TrackIndex);
    }

    [Fact]
    public void Audio_only_with_metadata_announces_on_its_header()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnMetadata(new StreamMetadata { AudioCodecId = 10, AudioSampleRate = 44100 });
        demuxer.OnAudioTag(0, AacSequenceHeader(Asc44kMono));
        var track = Assert.Single(Assert.Single(sink.Announcements));
        Assert.Equal((0, 44100, 1), (track.Index, track.Timescale, track.ChannelCount));
    }

    [Fact]
    public void Video_only_without_metadata_is_delivered_by_flush()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnVideoTag(0, AvcSequenceHeader(AvcCBaseline));
        demuxer.OnVideoTag(0, AvcFrame(true, 0));
        demuxer.OnVideoTag(66, AvcFrame(false, 0));
        Assert.Empty(sink.Events);
        demuxer.Flush();
        var track = Assert.Single(Assert.Single(sink.Announcements));
        Assert.Equal(("avc1.42C00A", 176, 144, 15.0), (track.CodecString, track.Width, track.Height, track.FrameRate));
        Assert.Equal(2, sink.Units.Count);
    }

    [Fact]
    public void Frames_before_their_sequence_header_are_dropped_and_counted()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnMetadata(BothTracks);
        demuxer.OnVideoTag(0, AvcFrame(true, 0));
        demuxer.OnAudioTag(0, AacFrame());
        demuxer.OnAudioTag(21, AacFrame());
        Assert.Equal(3, demuxer.DroppedFrames);
        demuxer.OnVideoTag(40, AvcSequenceHeader(AvcC720));
        demuxer.OnAudioTag(40, AacSequenceHeader(Asc48kStereo));
        Assert.Empty(sink.Units);
        Assert.Single(sink.Announcements);
    }

    [Fact]
    public void A_changed_sequence_header_announces_new_track_info_with_the_same_index_and_a_repeat_does_not()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnMetadata(BothTracks);
        demuxer.OnVideoTag(0, AvcSequenceHeader(AvcC720));
        demuxer.OnAudioTag(0, AacSequenceHeader(Asc48kStereo));
        demuxer.OnVideoTag(0, AvcSequenceHeader(AvcC720)); // OBS repeats it: nothing changes
        Assert.Single(sink.Announcements);

        demuxer.OnVideoTag(2000, AvcSequenceHeader(AvcCBaseline));
        Assert.Equal(2, sink.Announcements.Count);
        var changed = sink.Announcements[1];
        Assert.Equal((0, "avc1.42C00A", 176, 144), (changed[0].Index, changed[0].CodecString, changed[0].Width, changed[0].Height));
        Assert.Equal(1, changed[1].Index);

        demuxer.OnAudioTag(2000, AacSequenceHeader(Asc44kMono));
        Assert.Equal(3, sink.Announcements.Count);
        Assert.Equal((1, 44100), (sink.Announcements[2][1].Index, sink.Announcements[2][1].Timescale));
    }

    [Fact]
    public void Aac_timestamps_count_1024_samples_through_jitter_and_reanchor_after_a_gap()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnMetadata(new StreamMetadata { AudioCodecId = 10 });
        demuxer.OnAudioTag(1000, AacSequenceHeader(Asc48kStereo));
        // 48 kHz: a frame lasts 21.333 ms; the ms clock rounds, and the encoder adds ±1 ms jitter.
        long Ms(int frame) => 1000 + (long)Math.Round(frame * 1024 * 1000 / 48000.0);
        int[] jitter = [0, 1, -1, 0, 1, 1, -1, 0, 0, -1];
        for (var i = 0; i < 10; i++) demuxer.OnAudioTag(Ms(i) + jitter[i], AacFrame());
        // The encoder lost 500 ms of audio.
        for (var i = 10; i < 15; i++) demuxer.OnAudioTag(Ms(i) + 500, AacFrame());

        var dts = sink.Units.Select(u => u.DtsTicks).ToArray();
        Assert.Equal(48000, dts[0]); // anchored at the first frame: 1000 ms
        for (var i = 1; i < 10; i++) Assert.Equal(1024, dts[i] - dts[i - 1]);
        Assert.Equal((Ms(10) + 500) * 48, dts[10]);
        for (var i = 11; i < 15; i++) Assert.Equal(1024, dts[i] - dts[i - 1]);
        Assert.Equal(1, demuxer.AudioResyncs);
    }

    [Fact]
    public void Enhanced_rtmp_hevc_reads_composition_time_for_coded_frames_and_none_for_coded_frames_x()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnMetadata(new StreamMetadata { VideoCodecId = 0x68766331, Width = 1920, Height = 1080 });
        demuxer.OnVideoTag(0, ExVideo(1, 0, "hvc1", HvcC1080));
        byte[] withCts = [0, 0, 40, .. LengthPrefixed(10, 0x26)];
        demuxer.OnVideoTag(0, ExVideo(1, 1, "hvc1", withCts));
        demuxer.OnVideoTag(40, ExVideo(2, 3, "hvc1", LengthPrefixed(10, 0x02)));
        demuxer.OnVideoTag(80, ExVideo(5, 1, "hvc1", [1])); // command frame: ignored
        demuxer.OnVideoTag(80, ExVideo(1, 4, "hvc1", [2, 0, 0])); // Metadata: ignored

        var track = Assert.Single(Assert.Single(sink.Announcements));
        Assert.Equal((CodecId.H265, "hvc1.1.6.L120.90", 1920, 1080, 25.0), (track.Codec, track.CodecString, track.Width, track.Height, track.FrameRate));
        Assert.Equal(HvcC1080, track.CodecConfig);
        var units = sink.Units;
        Assert.Equal(2, units.Count);
        Assert.Equal((0L, 40 * 90, true), (units[0].DtsTicks, units[0].CompositionOffsetTicks, units[0].IsKeyframe));
        Assert.Equal(14, units[0].Payload.Length);
        Assert.Equal((40L * 90, 0, false), (units[1].DtsTicks, units[1].CompositionOffsetTicks, units[1].IsKeyframe));
    }

    [Fact]
    public void Enhanced_rtmp_av1_has_no_composition_time_and_avc1_has_one()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnVideoTag(0, ExVideo(1, 0, "av01", Av1Tests.Av1C320x240));
        byte[] obus = [0x12, 0x00, 0x32, 0x01, 0xAA];
        demuxer.OnVideoTag(0, ExVideo(1, 1, "av01", obus));
        demuxer.Flush();
        var track = Assert.Single(Assert.Single(sink.Announcements));
        Assert.Equal((CodecId.Av1, "av01.0.00M.08", 320, 240), (track.Codec, track.CodecString, track.Width, track.Height));
        Assert.Equal(obus, Assert.Single(sink.Units).Payload);

        var avcSink = new RecordingSink();
        var avc = new FlvMediaDemuxer(avcSink);
        avc.OnVideoTag(0, ExVideo(1, 0, "avc1", AvcC720));
        avc.OnVideoTag(0, ExVideo(1, 1, "avc1", [0xFF, 0xFF, 0xDF, .. LengthPrefixed(4, 0x65)])); // cts -33
        avc.Flush();
        Assert.Equal("avc1.64001F", Assert.Single(Assert.Single(avcSink.Announcements)).CodecString);
        Assert.Equal(-33 * 90, Assert.Single(avcSink.Units).CompositionOffsetTicks);
    }

    [Fact]
    public void Frames_whose_nal_lengths_do_not_add_up_are_dropped_and_the_stream_goes_on()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnMetadata(new StreamMetadata { VideoCodecId = 7 });
        demuxer.OnVideoTag(0, AvcSequenceHeader(AvcC720));
        var broken = AvcFrame(true, 0);
        broken[8] = 0xFF; // NAL length now larger than the tag
        demuxer.OnVideoTag(0, broken);
        demuxer.OnVideoTag(0, [0x27, 1, 0, 0, 0]); // empty frame
        demuxer.OnVideoTag(33, AvcFrame(false, 0));
        Assert.Equal(2, demuxer.DroppedFrames);
        Assert.Single(sink.Units);
    }

    [Fact]
    public void Overflow_of_the_pending_buffer_drops_the_oldest_frames()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnMetadata(BothTracks); // audio promised, never comes within the wait
        demuxer.OnVideoTag(0, AvcSequenceHeader(AvcC720));
        var frames = FlvMediaDemuxer.MaxPendingFrames + 10;
        for (var i = 0; i < frames; i++) demuxer.OnVideoTag(i, AvcFrame(false, 0));
        Assert.Empty(sink.Events);
        Assert.Equal(10, demuxer.DroppedFrames);
        demuxer.Flush();
        var units = sink.Units;
        Assert.Equal(FlvMediaDemuxer.MaxPendingFrames, units.Count);
        Assert.Equal(10L * 90, units[0].DtsTicks);
    }

    [Fact]
    public void A_promised_track_that_never_comes_is_given_up_after_the_announced_wait()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnMetadata(BothTracks);
        demuxer.OnVideoTag(0, AvcSequenceHeader(AvcC720));
        demuxer.OnVideoTag(FlvMediaDemuxer.AnnouncedTrackWaitMs - 1, AvcFrame(true, 0));
        Assert.Empty(sink.Events);
        demuxer.OnVideoTag(FlvMediaDemuxer.AnnouncedTrackWaitMs, AvcFrame(false, 0));
        Assert.Single(Assert.Single(sink.Announcements));
        Assert.Equal(2, sink.Units.Count);
    }

    [Fact]
    public void Legacy_command_frames_are_ignored()
    {
        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        demuxer.OnVideoTag(0, [0x57, 0x00]); // FrameType 5, CodecID 7, VideoCommand 0 (start seek)
        demuxer.OnVideoTag(0, [0x54, 0x01]); // command frame even with a codec we do not take
        Assert.Empty(sink.Events);
        Assert.Equal(0, demuxer.DroppedFrames);
    }

    public static TheoryData<string, bool, byte[], FlvFormatError> BadTags => new()
    {
        { "empty video tag", true, [], FlvFormatError.Truncated },
        { "AVC tag without composition time", true, [0x17, 1, 0, 0], FlvFormatError.Truncated },
        { "empty audio tag", false, [], FlvFormatError.Truncated },
        { "AAC tag without packet type", false, [0xAF], FlvFormatError.Truncated },
        { "Enhanced RTMP tag cut inside the FourCC", true, [0x90, (byte)'h', (byte)'v', (byte)'c'], FlvFormatError.Truncated },
        { "hvc1 CodedFrames cut inside the composition time", true, [0x91, (byte)'h', (byte)'v', (byte)'c', (byte)'1', 0, 0], FlvFormatError.Truncated },
        { "VP6 (CodecID 4)", true, [0x14, 0, 0, 0, 0], FlvFormatError.UnsupportedVideoCodec },
        { "Sorenson H.263 (CodecID 2)", true, [0x12, 0], FlvFormatError.UnsupportedVideoCodec },
        { "Enhanced RTMP vp09", true, [0x90, (byte)'v', (byte)'p', (byte)'0', (byte)'9', 0], FlvFormatError.UnsupportedVideoCodec },
        { "MP3 (SoundFormat 2)", false, [0x2F, 0xFF, 0xFB], FlvFormatError.UnsupportedAudioCodec },
        { "Speex (SoundFormat 11)", false, [0xB6, 0], FlvFormatError.UnsupportedAudioCodec },
        { "MPEG2TSSequenceStart", true, [0x95, (byte)'h', (byte)'v', (byte)'c', (byte)'1'], FlvFormatError.UnsupportedPacketType },
        { "AVCPacketType 3", true, [0x17, 3, 0, 0, 0], FlvFormatError.UnsupportedPacketType },
        { "AACPacketType 2", false, [0xAF, 2], FlvFormatError.UnsupportedPacketType },
        { "garbage avcC", true, [0x17, 0, 0, 0, 0, 0x01, 0x64, 0x00], FlvFormatError.BadSequenceHeader },
        { "avcC version 0", true, [0x17, 0, 0, 0, 0, 0x00, 0x64, 0x00, 0x1F, 0xFF, 0xE0, 0x00], FlvFormatError.BadSequenceHeader },
        { "avcC without SPS", true, [0x17, 0, 0, 0, 0, 0x01, 0x64, 0x00, 0x1F, 0xFF, 0xE0, 0x00], FlvFormatError.BadSequenceHeader },
        { "empty AVC sequence header", true, [0x17, 0, 0, 0, 0], FlvFormatError.BadSequenceHeader },
        { "garbage hvcC", true, [0x90, (byte)'h', (byte)'v', (byte)'c', (byte)'1', 1, 2, 3], FlvFormatError.BadSequenceHeader },
        { "AAC config with reserved frequency index", false, [0xAF, 0, 0x16, 0xA0], FlvFormatError.BadSequenceHeader },
        { "one-byte AAC config", false, [0xAF, 0, 0x11], FlvFormatError.BadSequenceHeader },
    };

    [Theory]
    [MemberData(nameof(BadTags))]
    public void Bad_tags_throw_with_their_reason(string name, bool video, byte[] body, FlvFormatError reason)
    {
        _ = name;
        var demuxer = new FlvMediaDemuxer(new RecordingSink());
        var e = Assert.Throws<FlvFormatException>(() =>
        {
            if (video) demuxer.OnVideoTag(0, body);
            else demuxer.OnAudioTag(0, body);
        });
        Assert.Equal(reason, e.Reason);
        if (reason is FlvFormatError.UnsupportedVideoCodec or FlvFormatError.UnsupportedAudioCodec)
        {
            Assert.Contains("supported video: H.264 (7), Enhanced RTMP hvc1, av01, avc1; audio: AAC (10)", e.Message);
        }
    }

    [Fact]
    public void Unsupported_codec_messages_name_what_was_sent()
    {
        var demuxer = new FlvMediaDemuxer(new RecordingSink());
        Assert.Contains("SoundFormat 2", Assert.Throws<FlvFormatException>(() => demuxer.OnAudioTag(0, [0x2F, 0])).Message);
        Assert.Contains("CodecID 4", Assert.Throws<FlvFormatException>(() => demuxer.OnVideoTag(0, [0x14, 0])).Message);
        Assert.Contains("'vp09'", Assert.Throws<FlvFormatException>(() => demuxer.OnVideoTag(0, [0x90, (byte)'v', (byte)'p', (byte)'0', (byte)'9'])).Message);
    }

    [Fact]
    public void Steady_state_allocates_nothing_per_frame()
    {
        var demuxer = new FlvMediaDemuxer(new ReleasingSink());
        demuxer.OnMetadata(BothTracks);
        demuxer.OnVideoTag(0, AvcSequenceHeader(AvcC720));
        demuxer.OnAudioTag(0, AacSequenceHeader(Asc48kStereo));
        var video = AvcFrame(false, 33, nalSize: 4000);
        var audio = AacFrame(300);
        long ms = 0;
        void Feed(int count)
        {
            for (var i = 0; i < count; i++, ms += 20)
            {
                demuxer.OnVideoTag(ms, video);
                demuxer.OnAudioTag(ms, audio);
            }
        }
        Feed(200); // warm the buffer pools and JIT tiers
        var before = GC.GetAllocatedBytesForCurrentThread();
        Feed(2000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    private sealed class ReleasingSink : IMediaSink
    {
        public void OnTracks(IReadOnlyList<TrackInfo> tracks) { }

        public void OnAccessUnit(in AccessUnit unit) => unit.Payload.Release();
    }

    private sealed class UnitComparer : IEqualityComparer<ReceivedUnit>
    {
        public bool Equals(ReceivedUnit? x, ReceivedUnit? y) =>
            x is not null && y is not null && x with { Payload = [] } == y with { Payload = [] } && x.Payload.AsSpan().SequenceEqual(y.Payload);

        public int GetHashCode(ReceivedUnit obj) => obj.TrackIndex;
    }
}
