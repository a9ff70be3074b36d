using System.Text;
using System.Text.Json;
using Sportall.Packager.Recording;
using static Sportall.Packager.Tests.Recording.RecordingTestData;

namespace Sportall.Packager.Tests.Recording;

public sealed class RecordedAssetBuilderTests
{
    [Fact]
    public void BuildsTracksVideoFirstWithSegmentsInSequenceOrderAndTheSpannedDuration()
    {
        var asset = RecordedAssetBuilder.Build(
        [
            Start(),
            Init("audio", Audio),
            Init("video", Video),
            Segment("audio", 48000, 2, 96000, 96000, 30_000),
            Segment("video", 90000, 2, 180000, 180000, 250_000),
            Segment("audio", 48000, 1, 0, 96000, 24_000),
            Segment("video", 90000, 1, 0, 180000, 200_000),
            Segment("video", 90000, 1, 0, 180000, 200_000), // journalled twice (a retried spool write): kept once
        ], endedNormally: false)!;

        Assert.Equal(["video", "audio"], asset.Tracks.Select(t => t.Id));
        Assert.Equal([1L, 2L], asset.Tracks[0].Segments.Select(s => s.Sequence));
        Assert.Equal(4.0, asset.DurationSeconds);
        Assert.Equal("match", asset.Name);
        Assert.False(asset.EndedNormally);
        // Peak: 250 000 bytes over 2 s.
        Assert.Equal(1_000_000, asset.Tracks[0].PeakBandwidth);
    }

    [Fact]
    public void AnEndLineMarksTheAssetEndedNormally()
    {
        var asset = RecordedAssetBuilder.Build([Start(), Init("video", Video), Segment("video", 90000, 1, 0, 180000, 1000), new() { Kind = RecordingJournalKind.End }], false)!;
        Assert.True(asset.EndedNormally);
    }

    [Theory]
    [InlineData("no start line")]
    [InlineData("no segment")]
    public void NothingToKeepBuildsNoAsset(string journal)
    {
        RecordingJournalEntry[] entries = journal == "no start line"
            ? [Init("video", Video), Segment("video", 90000, 1, 0, 180000, 1000)]
            : [Start(), Init("video", Video)];
        Assert.Null(RecordedAssetBuilder.Build(entries, true));
    }

    [Fact]
    public void AJournalTornByACrashKeepsEveryWholeLine()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sportall-journal-").FullName, RecordingKeys.JournalFileName);
        var lines = new[] { Start(), Init("video", Video), Segment("video", 90000, 1, 0, 180000, 1000) }
            .Select(e => JsonSerializer.Serialize(e, RecordingJson.Line));
        var whole = string.Join('\n', lines) + "\n";
        var torn = JsonSerializer.Serialize(Segment("video", 90000, 2, 180000, 180000, 1000), RecordingJson.Line);
        File.WriteAllText(path, whole + torn[..(torn.Length / 2)], Encoding.UTF8);

        var entries = RecordedAssetBuilder.ReadJournal(path);

        Assert.Equal(3, entries.Count);
        var asset = RecordedAssetBuilder.Build(entries, false)!;
        Assert.Equal([1L], asset.Tracks[0].Segments.Select(s => s.Sequence));
        Assert.Equal(Video, asset.Tracks[0].Info with { CodecConfig = Video.CodecConfig });
        Assert.Equal(Video.CodecConfig, asset.Tracks[0].Info.CodecConfig);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
