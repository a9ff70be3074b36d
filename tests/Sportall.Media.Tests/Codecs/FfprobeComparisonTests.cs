using Sportall.Media.Codecs.Aac;
using Sportall.Media.Codecs.Av1;
using Sportall.Media.Codecs.H264;
using Sportall.Media.Codecs.H265;
using Sportall.Media.Flv;
using Sportall.Media.Model;
using Sportall.Media.Tests.Flv;

namespace Sportall.Media.Tests.Codecs;

/// <summary>Parses what real encoders (libx264, libx265, SVT-AV1, ffmpeg's AAC) write and checks it against ffprobe.</summary>
public class FfprobeComparisonTests(FfmpegFixture ffmpeg) : IClassFixture<FfmpegFixture>
{
    private string MakeFlv() => ffmpeg.Make("h264-aac.flv",
        "-f lavfi -i testsrc2=size=322x242:rate=25 -f lavfi -i sine=frequency=440:sample_rate=44100 -t 1 " +
        "-c:v libx264 -preset veryfast -profile:v high -g 25 -bf 2 -c:a aac -ac 2 -f flv");

    [Fact]
    public void H264_and_aac_from_an_ffmpeg_flv_match_ffprobe()
    {
        var path = MakeFlv();
        var streams = FfmpegFixture.Streams(path);
        var videoProbe = streams.Single(s => s.GetProperty("codec_type").GetString() == "video");
        var audioProbe = streams.Single(s => s.GetProperty("codec_type").GetString() == "audio");

        var sink = new RecordingSink();
        var demuxer = new FlvMediaDemuxer(sink);
        foreach (var tag in FlvFileReader.ReadAll(path))
        {
            if (tag.Type == FlvTagType.Video) demuxer.OnVideoTag(tag.TimestampMs, tag.Body);
            else if (tag.Type == FlvTagType.Audio) demuxer.OnAudioTag(tag.TimestampMs, tag.Body);
        }
        demuxer.Flush();

        var tracks = Assert.Single(sink.Announcements);
        var video = tracks.Single(t => t.Kind == MediaKind.Video);
        var audio = tracks.Single(t => t.Kind == MediaKind.Audio);
        Assert.Equal(videoProbe.GetProperty("width").GetInt32(), video.Width);
        Assert.Equal(videoProbe.GetProperty("height").GetInt32(), video.Height);
        Assert.Equal(322, video.Width); // odd-size crop: 21 macroblocks = 336, cropped by 14
        Assert.Equal(25, video.FrameRate);
        var level = videoProbe.GetProperty("level").GetInt32();
        // ffprobe names the profile; libx264 sets no constraint flags for High.
        Assert.Equal("High", videoProbe.GetProperty("profile").GetString());
        Assert.Equal($"avc1.6400{level:X2}", video.CodecString);

        Assert.Equal(int.Parse(audioProbe.GetProperty("sample_rate").GetString()!), audio.SampleRate);
        Assert.Equal(audioProbe.GetProperty("channels").GetInt32(), audio.ChannelCount);
        Assert.Equal("LC", audioProbe.GetProperty("profile").GetString());
        Assert.Equal("mp4a.40.2", audio.CodecString);

        var units = sink.Units;
        Assert.Equal(int.Parse(videoProbe.GetProperty("nb_read_packets").GetString()!), units.Count(u => u.TrackIndex == video.Index));
        Assert.Equal(int.Parse(audioProbe.GetProperty("nb_read_packets").GetString()!), units.Count(u => u.TrackIndex == audio.Index));
        Assert.True(units.First(u => u.TrackIndex == video.Index).IsKeyframe);
        Assert.Contains(units, u => u.TrackIndex == video.Index && u.CompositionOffsetTicks > 0); // B-frames
        var audioDts = units.Where(u => u.TrackIndex == audio.Index).Select(u => u.DtsTicks).ToArray();
        for (var i = 1; i < audioDts.Length; i++) Assert.Equal(AacSampleClock.SamplesPerFrame, audioDts[i] - audioDts[i - 1]);
        Assert.Equal(0, demuxer.DroppedFrames);

        // The avcC rebuilt from its own parameter sets (as MPEG-TS ingest will do) says the same.
        var avcC = AvcDecoderConfigurationRecord.Parse(video.CodecConfig);
        var rebuilt = AvcDecoderConfigurationRecord.Parse(AvcDecoderConfigurationRecord.FromParameterSets(avcC.SequenceParameterSets, avcC.PictureParameterSets).ToArray());
        Assert.Equal(avcC.CodecString, rebuilt.CodecString);
        Assert.Equal(avcC.SequenceParameterSets, rebuilt.SequenceParameterSets);
    }

    [Fact]
    public void Flv_file_reader_reads_every_tag_ffprobe_counts()
    {
        var path = MakeFlv();
        var streams = FfmpegFixture.Streams(path);
        using var reader = new FlvFileReader(File.OpenRead(path));
        var tags = new List<FlvTag>();
        while (reader.TryReadTag(out var tag)) tags.Add(tag);
        Assert.True(reader.HasAudio && reader.HasVideo);
        Assert.Equal(FlvTagType.ScriptData, tags[0].Type);
        var packets = streams.Sum(s => int.Parse(s.GetProperty("nb_read_packets").GetString()!));
        // + onMetaData, the two sequence headers and the AVC end-of-sequence tag ffmpeg writes last
        Assert.Equal(packets + 4, tags.Count);
        Assert.Equal([0x17, 2], tags[^1].Body[..2]);
        Assert.True(tags.Where(t => t.Type == FlvTagType.Video).Select(t => t.TimestampMs).SequenceEqual(tags.Where(t => t.Type == FlvTagType.Video).Select(t => t.TimestampMs).Order()));
    }

    [Fact]
    public void Flv_file_reader_rejects_a_cut_file_and_a_non_flv()
    {
        var path = MakeFlv();
        var bytes = File.ReadAllBytes(path);
        using var cut = new FlvFileReader(new MemoryStream(bytes[..(bytes.Length - 5)]));
        var e = Assert.Throws<FlvFormatException>(() => { while (cut.TryReadTag(out _)) { } });
        Assert.Equal(FlvFormatError.Truncated, e.Reason);
        using var notFlv = new FlvFileReader(new MemoryStream("ftypisom"u8.ToArray()));
        Assert.Equal(FlvFormatError.BadFileHeader, Assert.Throws<FlvFormatException>(() => notFlv.TryReadTag(out _)).Reason);
    }

    [Theory]
    [InlineData("hevc-main.mp4", "yuv420p", 1, "Main", 8)]
    [InlineData("hevc-main10.mp4", "yuv420p10le", 2, "Main 10", 10)]
    public void Hevc_from_libx265_matches_ffprobe(string name, string pixelFormat, int profileIdc, string profile, int bitDepth)
    {
        var path = ffmpeg.Make(name, $"-f lavfi -i testsrc2=size=330x250:rate=30 -frames:v 2 -pix_fmt {pixelFormat} -c:v libx265 -preset ultrafast -x265-params log-level=error -tag:v hvc1");
        var probe = FfmpegFixture.Streams(path).Single();
        var hvcC = HevcDecoderConfigurationRecord.Parse(FfmpegFixture.FindBox(path, "hvcC"));
        var sps = H265SequenceParameterSet.Parse(hvcC.FindFirst(HevcDecoderConfigurationRecord.SpsNalUnitType)!);
        Assert.Equal(probe.GetProperty("width").GetInt32(), sps.Width);
        Assert.Equal(probe.GetProperty("height").GetInt32(), sps.Height);
        Assert.Equal(330, sps.Width); // coded 336x256 (8-pixel min CU), conformance window crops
        Assert.Equal(profile, probe.GetProperty("profile").GetString());
        Assert.Equal(profileIdc, sps.ProfileTierLevel.ProfileIdc);
        Assert.Equal(probe.GetProperty("level").GetInt32(), sps.ProfileTierLevel.LevelIdc);
        Assert.Equal(bitDepth, sps.BitDepthLuma);
        Assert.Equal(30, sps.FrameRate);
        var compat = profileIdc == 1 ? "6" : "4"; // Main also signals Main 10 compatibility
        Assert.Equal($"hvc1.{profileIdc}.{compat}.L{probe.GetProperty("level").GetInt32()}.90", hvcC.CodecString);
        Assert.Equal(hvcC.CodecString, sps.CodecString);

        // An hvcC rebuilt from the VPS/SPS/PPS carries the same profile fields and units.
        var rebuilt = HevcDecoderConfigurationRecord.Parse(HevcDecoderConfigurationRecord.FromParameterSets(
            [hvcC.FindFirst(HevcDecoderConfigurationRecord.VpsNalUnitType)!], [hvcC.FindFirst(HevcDecoderConfigurationRecord.SpsNalUnitType)!], [hvcC.FindFirst(HevcDecoderConfigurationRecord.PpsNalUnitType)!]).ToArray());
        Assert.Equal(hvcC.ProfileTierLevel, rebuilt.ProfileTierLevel);
        Assert.Equal(hvcC.ChromaFormat, rebuilt.ChromaFormat);
        Assert.Equal(hvcC.BitDepthLumaMinus8, rebuilt.BitDepthLumaMinus8);
    }

    [Fact]
    public void Av1_from_svt_av1_matches_ffprobe()
    {
        var path = ffmpeg.Make("av1.mp4", "-f lavfi -i testsrc2=size=352x288:rate=25 -frames:v 1 -c:v libsvtav1 -preset 12");
        var probe = FfmpegFixture.Streams(path).Single();
        var av1C = Av1CodecConfigurationRecord.Parse(FfmpegFixture.FindBox(path, "av1C"));
        Assert.Equal(probe.GetProperty("width").GetInt32(), av1C.Width);
        Assert.Equal(probe.GetProperty("height").GetInt32(), av1C.Height);
        Assert.Equal("Main", probe.GetProperty("profile").GetString());
        Assert.Equal(0, av1C.SeqProfile);
        Assert.Equal($"av01.0.{av1C.SeqLevelIdx0:D2}M.08", av1C.CodecString);
    }
}
