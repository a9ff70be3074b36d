using Sportall.Media.Model;
using Sportall.Media.Mp4.Reading;
using Sportall.Packager.Vod.Uploads;

namespace Sportall.Packager.Tests.Vod;

public sealed class UploadedAssetIndexTests(UploadedAssetFixture fixture) : IClassFixture<UploadedAssetFixture>
{
    [Fact]
    public async Task Video_segments_start_on_keyframes_at_the_target_and_audio_segments_start_with_them()
    {
        var id = await fixture.StoreUploadAsync(fixture.File("h264.mp4"));
        using var source = fixture.NewSource(targetSeconds: 4);
        var presentation = await source.OpenUploadedAsync(id, CancellationToken.None);
        Assert.NotNull(presentation);
        var video = presentation.Movie.Tracks[0];
        var audio = presentation.Movie.Tracks[1];
        var videoSegments = presentation.Tracks[0].Segments;
        var audioSegments = presentation.Tracks[1].Segments;

        // 10 s with a keyframe every second, cut at 4 s: 4 + 4 + 2.
        Assert.Equal([4.0, 4.0, 2.0], videoSegments.Select(s => Math.Round((double)s.DurationTicks / video.Info.Timescale, 3)));
        Assert.Equal(videoSegments.Length, audioSegments.Length);
        for (var s = 0; s < videoSegments.Length; s++)
        {
            var videoStart = (double)videoSegments[s].StartTicks / video.Info.Timescale;
            var audioStart = (double)audioSegments[s].StartTicks / audio.Info.Timescale;
            Assert.True(Math.Abs(videoStart - audioStart) <= 2 * 1024.0 / audio.Info.Timescale, $"segment {s}: video {videoStart}, audio {audioStart}");
            if (s > 0)
            {
                Assert.Equal(videoSegments[s - 1].StartTicks + videoSegments[s - 1].DurationTicks, videoSegments[s].StartTicks);
                Assert.Equal(audioSegments[s - 1].StartTicks + audioSegments[s - 1].DurationTicks, audioSegments[s].StartTicks);
            }
        }
        Assert.True(presentation.Tracks[0].PeakBandwidth > 0);
        Assert.True(presentation.Tracks[1].PeakBandwidth is > 32_000 and < 200_000, $"audio peak {presentation.Tracks[1].PeakBandwidth}");
    }

    [Fact]
    public async Task The_stored_index_serves_a_fresh_source_and_a_corrupt_one_is_rebuilt()
    {
        var path = fixture.File("h264.mp4");
        var id = await fixture.StoreUploadAsync(path);
        using (var first = fixture.NewSource())
        {
            Assert.NotNull(await first.OpenAsync(id, CancellationToken.None));
        }
        var indexPath = Path.Combine(fixture.StoreRoot, UploadedAssetKeys.Index(id));
        var index = await File.ReadAllBytesAsync(indexPath);
        Assert.NotEmpty(index);

        // The moov of the stored file is zeroed (same length): only the stored index can make it servable now.
        var original = await File.ReadAllBytesAsync(path);
        using var fileSource = new FileByteRangeSource(path);
        var movie = await Mp4FileReader.ReadAsync(fileSource, CancellationToken.None);
        var broken = (byte[])original.Clone();
        Array.Clear(broken, (int)movie.MovieBoxOffset, original.Length - (int)movie.MovieBoxOffset);
        var sourcePath = Path.Combine(fixture.StoreRoot, UploadedAssetKeys.Source(id));
        await File.WriteAllBytesAsync(sourcePath, broken);
        using (var second = fixture.NewSource())
        {
            var presentation = await second.OpenUploadedAsync(id, CancellationToken.None);
            Assert.NotNull(presentation);
            Assert.Equal(movie.Tracks.Select(t => t.SampleCount), presentation.Movie.Tracks.Select(t => t.SampleCount));
            Assert.Equal(movie.Tracks[0].Offsets, presentation.Movie.Tracks[0].Offsets);
            Assert.Equal(movie.Tracks[1].Info.CodecConfig, presentation.Movie.Tracks[1].Info.CodecConfig);
            Assert.Equal(movie.Tracks[0].Info.CodecString, presentation.Movie.Tracks[0].Info.CodecString);
            Assert.Equal(movie.Tracks[0].PresentationOffsetTicks, presentation.Movie.Tracks[0].PresentationOffsetTicks);
        }

        // A garbled index is rebuilt from the (restored) file and stored again.
        await File.WriteAllBytesAsync(sourcePath, original);
        await File.WriteAllBytesAsync(indexPath, [1, 2, 3, 4, 5]);
        using (var third = fixture.NewSource())
        {
            Assert.NotNull(await third.OpenAsync(id, CancellationToken.None));
        }
        Assert.Equal(index, await File.ReadAllBytesAsync(indexPath));
    }

    [Theory]
    [InlineData("up-aaaaaaaaaaaaaaaaaaaa")]
    [InlineData("recording-123")]
    [InlineData("up-../../../etc/passwd")]
    [InlineData("UP-AAAAAAAAAAAAAAAAAAAA")]
    public async Task Unknown_and_foreign_ids_are_not_this_sources(string assetId)
    {
        using var source = fixture.NewSource();
        Assert.Null(await source.OpenAsync(assetId, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_that_is_not_an_mp4_is_not_served()
    {
        var junk = fixture.File("junk.bin");
        await File.WriteAllBytesAsync(junk, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        var id = await fixture.StoreUploadAsync(junk);
        using var source = fixture.NewSource();
        Assert.Null(await source.OpenAsync(id, CancellationToken.None));
        await Assert.ThrowsAsync<Mp4FormatException>(() => source.IndexAsync(id, 4096, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_first_requests_share_one_load()
    {
        var id = await fixture.StoreUploadAsync(fixture.File("hevc.mov"));
        using var source = fixture.NewSource();
        var opens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => source.OpenAsync(id, CancellationToken.None).AsTask()));
        Assert.All(opens, p => Assert.Same(opens[0], p));
        Assert.Equal(CodecId.H265, opens[0]!.Tracks[0].Info.Codec);
    }
}
