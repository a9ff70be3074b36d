using Sportall.Media.Model;
using Sportall.Packager.Recording;

namespace Sportall.Packager.Tests.Recording;

internal static class RecordingTestData
{
    public static readonly TrackInfo Video = new()
    {
        Index = 0, Kind = MediaKind.Video, Codec = CodecId.H264, Timescale = 90000, CodecConfig = [1, 0x64, 0, 0x1F],
        CodecString = "avc1.64001F", Width = 320, Height = 240, FrameRate = 25,
    };

    public static readonly TrackInfo Audio = new()
    {
        Index = 1, Kind = MediaKind.Audio, Codec = CodecId.Aac, Timescale = 48000, CodecConfig = [0x11, 0x90],
        CodecString = "mp4a.40.2", SampleRate = 48000, ChannelCount = 2,
    };

    public static RecordingJournalEntry Start(string assetId = "a1", string name = "match") =>
        new() { Kind = RecordingJournalKind.Start, AssetId = assetId, Name = name, Start = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero) };

    public static RecordingJournalEntry Init(string trackId, TrackInfo info, int period = 0) =>
        new() { Kind = RecordingJournalKind.Init, TrackId = trackId, Info = info, Period = period, Length = 700 };

    public static RecordingJournalEntry Segment(string trackId, int timescale, long sequence, long startTicks, long durationTicks, long length, int period = 0) =>
        new()
        {
            Kind = RecordingJournalKind.Segment, TrackId = trackId, Timescale = timescale, Sequence = sequence, Period = period,
            StartTicks = startTicks, DurationTicks = durationTicks, Length = length,
        };
}
