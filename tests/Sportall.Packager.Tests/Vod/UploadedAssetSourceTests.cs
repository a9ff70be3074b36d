using Sportall.Media.Model;
using Sportall.Packager.Vod.Uploads;

namespace Sportall.Packager.Tests.Vod;

public sealed class UploadedAssetSourceTests(UploadedAssetFixture fixture) : IClassFixture<UploadedAssetFixture>
{
    [Theory]
    [InlineData("h264.mp4", CodecId.H264)]
    [InlineData("hevc.mov", CodecId.H265)]
    public async Task Just_in_time_segments_decode_identically_to_the_upload(string name, CodecId codec)
    {
        var id = await fixture.StoreUploadAsync(fixture.File(name));
        using var source = fixture.NewSource();
        var presentation = await source.OpenAsync(id, CancellationToken.None);
        Assert.NotNull(presentation);
        Assert.Equal(2, presentation.Tracks.Count);
        var video = presentation.Tracks[0];
        var audio = presentation.Tracks[1];
        Assert.Equal(codec, video.Info.Codec);
        Assert.Equal(CodecId.Aac, audio.Info.Codec);
        Assert.True(video.Segments.Length >= 2, $"{video.Segments.Length} video segments");
        Assert.Equal(video.Segments.Length, audio.Segments.Length);

        var videoFile = await fixture.WriteTrackAsync(presentation, video, $"{id}-video.mp4");
        var audioFile = await fixture.WriteTrackAsync(presentation, audio, $"{id}-audio.mp4");
        var source_ = fixture.File(name);
        var (sourceVideoFrames, sourceVideoDuration) = await UploadedAssetFixture.ProbeAsync(source_, "v");
        var (jitVideoFrames, jitVideoDuration) = await UploadedAssetFixture.ProbeAsync(videoFile, "v");
        Assert.Equal(sourceVideoFrames, jitVideoFrames);
        Assert.Equal(sourceVideoDuration, jitVideoDuration, 0.05);
        Assert.Equal(await UploadedAssetFixture.FrameHashesAsync(source_, "v"), await UploadedAssetFixture.FrameHashesAsync(videoFile, "v"));

        // Audio: every AAC frame is carried, and what decodes from presentation time 0 on is the same PCM.
        Assert.Equal(await UploadedAssetFixture.PacketCountAsync(source_, "a"), await UploadedAssetFixture.PacketCountAsync(audioFile, "a"));
        var sourceAudio = await UploadedAssetFixture.FrameHashesAsync(source_, "a");
        var jitAudio = await UploadedAssetFixture.FrameHashesAsync(audioFile, "a");
        // The source's edit list hides the encoder priming frame, which its demuxer drops; the CMAF track carries it
        // at a negative presentation time as decoder preroll (players trim it at the append window), so it decodes once more.
        var preroll = jitAudio.Length - sourceAudio.Length;
        Assert.InRange(preroll, 0, 1);
        Assert.Equal(sourceAudio, jitAudio[preroll..]);
        var (_, sourceAudioDuration) = await UploadedAssetFixture.ProbeAsync(source_, "a");
        var (_, jitAudioDuration) = await UploadedAssetFixture.ProbeAsync(audioFile, "a");
        Assert.Equal(sourceAudioDuration, jitAudioDuration, 0.05);
    }
}
