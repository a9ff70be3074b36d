using System.Buffers.Binary;
using System.Globalization;
using Sportall.Media.Model;
using Sportall.Media.Mp4.Reading;
using Sportall.Testing;

namespace Sportall.Media.Tests.Mp4.Reading;

public sealed class Mp4FileReaderFfmpegTests(Mp4FixtureFiles files) : IClassFixture<Mp4FixtureFiles>
{
    [Theory]
    [InlineData("faststart.mp4", CodecId.H264)]
    [InlineData("moov-at-end.mp4", CodecId.H264)]
    [InlineData("quicktime.mov", CodecId.H264)]
    [InlineData("edit-list-cut.mp4", CodecId.H264)]
    [InlineData("ts-offset.mp4", CodecId.H264)]
    [InlineData("hevc.mp4", CodecId.H265)]
    public async Task Every_sample_matches_what_ffprobe_reads(string name, CodecId videoCodec)
    {
        var path = files.Path_(name);
        using var source = new FileByteRangeSource(path);
        var movie = await Mp4FileReader.ReadAsync(source, CancellationToken.None);

        Assert.Equal(2, movie.Tracks.Count);
        Assert.Equal(videoCodec, movie.Tracks[0].Info.Codec);
        Assert.Equal(160, movie.Tracks[0].Info.Width);
        Assert.Equal(120, movie.Tracks[0].Info.Height);
        Assert.Equal(CodecId.Aac, movie.Tracks[1].Info.Codec);
        for (var stream = 0; stream < 2; stream++)
        {
            var track = movie.Tracks[stream];
            var packets = await ProbePackets(path, stream);
            Assert.Equal(packets.Count, track.SampleCount);
            for (var i = 0; i < packets.Count; i++)
            {
                var (pts, size, pos, key) = packets[i];
                Assert.True(pts == track.PresentationTime(i), $"{name} stream {stream} sample {i}: pts {pts}, indexed {track.PresentationTime(i)}");
                Assert.True(pos == track.Offsets[i], $"{name} stream {stream} sample {i}: pos {pos}, indexed {track.Offsets[i]}");
                Assert.Equal(size, track.Sizes[i]);
                Assert.True(key == track.IsSync[i], $"{name} stream {stream} sample {i}: key {key}");
            }
        }
    }

    [Fact]
    public async Task Faststart_and_moov_at_end_index_the_same_samples_at_their_own_offsets()
    {
        using var fast = new FileByteRangeSource(files.Path_("faststart.mp4"));
        using var slow = new FileByteRangeSource(files.Path_("moov-at-end.mp4"));
        var a = await Mp4FileReader.ReadAsync(fast, CancellationToken.None);
        var b = await Mp4FileReader.ReadAsync(slow, CancellationToken.None);
        Assert.True(a.MovieBoxOffset < a.Tracks[0].Offsets[0], "faststart: moov before the media");
        Assert.True(b.MovieBoxOffset > b.Tracks[0].Offsets[^1], "moov at the end: after the media");
        for (var t = 0; t < 2; t++)
        {
            Assert.Equal(a.Tracks[t].Sizes, b.Tracks[t].Sizes);
            Assert.Equal(a.Tracks[t].DecodeTimes, b.Tracks[t].DecodeTimes);
            var buffer1 = new byte[a.Tracks[t].Sizes[3]];
            var buffer2 = new byte[buffer1.Length];
            await fast.ReadAtAsync(a.Tracks[t].Offsets[3], buffer1, CancellationToken.None);
            await slow.ReadAtAsync(b.Tracks[t].Offsets[3], buffer2, CancellationToken.None);
            Assert.Equal(buffer1, buffer2);
        }
    }

    [Fact]
    public async Task Co64_offsets_past_4_GiB_behind_a_64_bit_box_read_the_same_samples()
    {
        // The file's media is moved 5 GiB further by a 'free' box with a largesize, which is never read (only
        // its header is): the virtual file costs no disk. stco becomes co64 with every offset moved by the gap.
        const long Gap = 5L << 30;
        var original = await File.ReadAllBytesAsync(files.Path_("moov-at-end.mp4"));
        using var originalSource = new FileByteRangeSource(files.Path_("moov-at-end.mp4"));
        var expected = await Mp4FileReader.ReadAsync(originalSource, CancellationToken.None);
        var ftypLength = (int)BinaryPrimitives.ReadUInt32BigEndian(original);
        var moovOffset = (int)expected.MovieBoxOffset;
        var moov = Co64Rewriter.Rewrite(original.AsSpan(moovOffset), Gap);
        var tail = original[ftypLength..moovOffset].Concat(moov).ToArray();
        var freeHeader = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(freeHeader, 1);
        "free"u8.CopyTo(freeHeader.AsSpan(4));
        BinaryPrimitives.WriteInt64BigEndian(freeHeader.AsSpan(8), Gap);
        var source = new VirtualSource(original[..ftypLength], freeHeader, Gap, tail);

        var movie = await Mp4FileReader.ReadAsync(source, CancellationToken.None);

        Assert.Equal(2, movie.Tracks.Count);
        Assert.Equal(ftypLength + Gap + (moovOffset - ftypLength), movie.MovieBoxOffset);
        for (var t = 0; t < 2; t++)
        {
            Assert.Equal(expected.Tracks[t].Offsets.Select(o => o + Gap), movie.Tracks[t].Offsets);
            foreach (var i in new[] { 0, movie.Tracks[t].SampleCount / 2, movie.Tracks[t].SampleCount - 1 })
            {
                var got = new byte[movie.Tracks[t].Sizes[i]];
                Assert.Equal(got.Length, await source.ReadAtAsync(movie.Tracks[t].Offsets[i], got, CancellationToken.None));
                Assert.Equal(original.AsSpan((int)expected.Tracks[t].Offsets[i], got.Length).ToArray(), got);
            }
        }
    }

    [Fact]
    public async Task A_file_cut_before_its_moov_has_no_movie()
    {
        var bytes = await File.ReadAllBytesAsync(files.Path_("moov-at-end.mp4"));
        var source = new VirtualSource(bytes[..(bytes.Length / 2)], [], 0, []);
        var e = await Assert.ThrowsAsync<Mp4FormatException>(() => Mp4FileReader.ReadAsync(source, CancellationToken.None).AsTask());
        Assert.Equal(Mp4FormatError.NoMovie, e.Reason);
    }

    private static async Task<List<(long Pts, int Size, long Pos, bool Key)>> ProbePackets(string path, int stream)
    {
        var (code, stdout, stderr) = await MediaFixtures.RunAsync("ffprobe", "-v", "error", "-select_streams", stream.ToString(CultureInfo.InvariantCulture),
            "-show_entries", "packet=pts,size,pos,flags", "-of", "csv=p=0", path);
        Assert.True(code == 0, stderr);
        var packets = new List<(long, int, long, bool)>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(',');
            packets.Add((long.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture), f[3].Contains('K')));
        }
        return packets;
    }

    /// <summary>head, then a box header and zeros up to <c>gapLength</c> bytes, then tail.</summary>
    private sealed class VirtualSource(byte[] head, byte[] gapHeader, long gapLength, byte[] tail) : IByteRangeSource
    {
        public long Length => head.Length + gapLength + tail.Length;

        public ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var n = (int)Math.Min(buffer.Length, Math.Max(0, Length - offset));
            var span = buffer.Span;
            for (var i = 0; i < n; i++)
            {
                var o = offset + i;
                span[i] = o < head.Length ? head[o]
                    : o < head.Length + gapLength ? (o - head.Length < gapHeader.Length ? gapHeader[o - head.Length] : (byte)0)
                    : tail[o - head.Length - gapLength];
            }
            return ValueTask.FromResult(n);
        }
    }
}
