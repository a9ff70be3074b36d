using Sportall.Media.Model;
using Sportall.Media.Mp4.Reading;
using static Sportall.Media.Tests.Mp4.Reading.MoovBuilder;

namespace Sportall.Media.Tests.Mp4.Reading;

public sealed class Mp4MovieParserTableTests
{
    public sealed record Expected(long[] Offsets, int[] Sizes, long[] DecodeTimes, int[] CompositionOffsets, bool[] IsSync, long PresentationOffset);

    private static readonly byte[] Entry = Mp4aEntry(AacLc48kStereo);

    // (name, moov payload, expected sample index)
    public static TheoryData<string, byte[], Expected> Table => new()
    {
        {
            "stsz, stsc with two runs, stco",
            MoovPayload(1000, AudioTrak(48000, Entry, [Stts((5, 1024)), Stsc((1, 2), (2, 3)), Stsz(10, 20, 30, 40, 50), Stco(1000, 5000)])),
            new Expected([1000, 1010, 5000, 5030, 5070], [10, 20, 30, 40, 50], [0, 1024, 2048, 3072, 4096], [0, 0, 0, 0, 0], [true, true, true, true, true], 0)
        },
        {
            "constant stsz, co64 past 4 GiB, two stts runs",
            MoovPayload(1000, AudioTrak(48000, Entry, [Stts((2, 1024), (1, 512)), Stsc((1, 3)), StszConstant(100, 3), Co64(0x1_0000_0000)])),
            new Expected([0x1_0000_0000, 0x1_0000_0064, 0x1_0000_00C8], [100, 100, 100], [0, 1024, 2048], [0, 0, 0], [true, true, true], 0)
        },
        {
            "stz2 with 4-bit fields, one sample per chunk",
            MoovPayload(1000, AudioTrak(48000, Entry, [Stts((3, 1024)), Stsc((1, 1)), FullBox("stz2", 0, 0, Zeros(3), U8(4), U32(3), [0x12, 0x30]), Stco(8, 100, 200)])),
            new Expected([8, 100, 200], [1, 2, 3], [0, 1024, 2048], [0, 0, 0], [true, true, true], 0)
        },
        {
            "stz2 with 16-bit fields",
            MoovPayload(1000, AudioTrak(48000, Entry, [Stts((2, 1024)), Stsc((1, 2)), FullBox("stz2", 0, 0, Zeros(3), U8(16), U32(2), U16(300), U16(65535)), Stco(40)])),
            new Expected([40, 340], [300, 65535], [0, 1024], [0, 0], [true, true], 0)
        },
        {
            "ctts version 1 negative offsets and stss",
            MoovPayload(1000, AudioTrak(48000, Entry, [Stts((3, 1024)), FullBox("ctts", 1, 0, U32(2), U32(2), I32(-5), U32(1), I32(7)), FullBox("stss", 0, 0, U32(2), U32(1), U32(3)), Stsc((1, 3)), Stsz(1, 1, 1), Stco(0)])),
            new Expected([0, 1, 2], [1, 1, 1], [0, 1024, 2048], [-5, -5, 7], [true, false, true], 0)
        },
        {
            "edit list: 500 ms empty edit then media_time 2048",
            MoovPayload(1000, AudioTrak(48000, Entry, [Stts((1, 1024)), Stsc((1, 1)), Stsz(9), Stco(0)], Elst((500, -1), (1000, 2048)))),
            new Expected([0], [9], [0], [0], [true], 24000 - 2048)
        },
        {
            "QuickTime sound description version 1 with wave/esds, mdhd version 1",
            MoovPayload(600, AudioTrak(48000, Mp4aEntry(AacLc48kStereo, soundVersion: 1), [Stts((1, 1024)), Stsc((1, 1)), Stsz(9), Stco(0)], mdhdVersion: 1)),
            new Expected([0], [9], [0], [0], [true], 0)
        },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Expands_the_sample_tables(string name, byte[] moov, Expected expected)
    {
        var movie = Mp4MovieParser.Parse(moov);
        var track = Assert.Single(movie.Tracks);
        Assert.Equal(7, track.TrackId);
        Assert.Equal(MediaKind.Audio, track.Info.Kind);
        Assert.Equal(CodecId.Aac, track.Info.Codec);
        Assert.Equal(48000, track.Info.Timescale);
        Assert.Equal("mp4a.40.2", track.Info.CodecString);
        Assert.Equal(AacLc48kStereo, track.Info.CodecConfig);
        Assert.Equal(2, track.Info.ChannelCount);
        Assert.True(expected.Offsets.SequenceEqual(track.Offsets), name + ": offsets");
        Assert.True(expected.Sizes.SequenceEqual(track.Sizes), name + ": sizes");
        Assert.True(expected.DecodeTimes.SequenceEqual(track.DecodeTimes), name + ": decode times");
        Assert.True(expected.CompositionOffsets.SequenceEqual(track.CompositionOffsets), name + ": composition offsets");
        Assert.True(expected.IsSync.SequenceEqual(track.IsSync), name + ": sync");
        Assert.Equal(expected.PresentationOffset, track.PresentationOffsetTicks);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_truncation_of_the_moov_is_rejected_not_misread(string name, byte[] moov, Expected expected)
    {
        _ = expected;
        // Cutting a box short must surface as a typed error (never an index with wrong samples, never another exception type).
        for (var length = 1; length < moov.Length; length += 7)
        {
            var cut = moov[..length];
            try
            {
                var movie = Mp4MovieParser.Parse(cut);
                Assert.Fail($"{name}: a moov cut at {length} of {moov.Length} bytes parsed into {movie.Tracks.Count} tracks");
            }
            catch (Mp4FormatException)
            {
            }
        }
    }

    public static TheoryData<string, byte[], Mp4FormatError> Malformed => new()
    {
        { "stts counts fewer samples than stsz", MoovPayload(1000, AudioTrak(48000, Entry, [Stts((2, 1024)), Stsc((1, 3)), Stsz(1, 1, 1), Stco(0)])), Mp4FormatError.InconsistentSampleTables },
        { "stts counts more samples than stsz", MoovPayload(1000, AudioTrak(48000, Entry, [Stts((4, 1024)), Stsc((1, 3)), Stsz(1, 1, 1), Stco(0)])), Mp4FormatError.InconsistentSampleTables },
        { "stsz entry count larger than the box", MoovPayload(1000, AudioTrak(48000, Entry, [Stts((1, 1024)), Stsc((1, 1)), FullBox("stsz", 0, 0, U32(0), U32(1_000_000), U32(1)), Stco(0)])), Mp4FormatError.Truncated },
        { "stsc first_chunk past the chunk table", MoovPayload(1000, AudioTrak(48000, Entry, [Stts((1, 1024)), Stsc((3, 1)), Stsz(1), Stco(0)])), Mp4FormatError.InconsistentSampleTables },
        { "chunks hold fewer samples than stsz", MoovPayload(1000, AudioTrak(48000, Entry, [Stts((3, 1024)), Stsc((1, 1)), Stsz(1, 1, 1), Stco(0)])), Mp4FormatError.InconsistentSampleTables },
        { "stss names sample 0", MoovPayload(1000, AudioTrak(48000, Entry, [Stts((1, 1024)), FullBox("stss", 0, 0, U32(1), U32(0)), Stsc((1, 1)), Stsz(1), Stco(0)])), Mp4FormatError.InconsistentSampleTables },
        { "sample larger than the limit", MoovPayload(1000, AudioTrak(48000, Entry, [Stts((1, 1024)), Stsc((1, 1)), Stsz(0x7FFF_0000), Stco(0)])), Mp4FormatError.LimitExceeded },
        { "ac-3 sample entry", MoovPayload(1000, AudioTrak(48000, Box("ac-3", Zeros(28)), [Stts((1, 1536)), Stsc((1, 1)), Stsz(1), Stco(0)])), Mp4FormatError.UnsupportedCodec },
        { "mdhd version 2", MoovPayload(1000, AudioTrak(48000, Entry, [Stts((1, 1024)), Stsc((1, 1)), Stsz(1), Stco(0)], mdhdVersion: 2)), Mp4FormatError.UnsupportedVersion },
        { "child box larger than its parent", MoovPayload(1000, Box("trak", U32(100), "tkhd"u8.ToArray())), Mp4FormatError.Truncated },
        { "no track", MoovPayload(1000), Mp4FormatError.NoPlayableTrack },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_tables_with_a_reason(string name, byte[] moov, Mp4FormatError reason)
    {
        var e = Assert.Throws<Mp4FormatException>(() => Mp4MovieParser.Parse(moov));
        Assert.True(reason == e.Reason, $"{name}: {e.Reason} ({e.Message})");
    }
}
