using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Sportall.Media.Model;
using Sportall.Packager.Delivery;
using Sportall.Packager.Hls;
using Sportall.Packager.Live;

namespace Sportall.Bench.Hls;

/// <summary>
/// A 60 s LL-HLS window (30 segments of four 0.5 s parts, video + audio). Rendering should allocate the
/// output array only; serving a cached playlist should allocate nothing.
/// dotnet run -c Release --project bench/Sportall.Bench -- --filter '*HlsPlaylistBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class HlsPlaylistBenchmarks
{
    private readonly ManifestTextBuilder _text = new();
    private StreamSnapshot _snapshot = null!;
    private HlsTiming _timing;
    private StreamManifestCache _cache = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new PackagerOptions();
        _snapshot = BuildWindow(segmentCount: 30, partsInProgress: 2);
        _timing = HlsTiming.Of(_snapshot, options);
        _cache = new StreamManifestCache(options, TimeProvider.System);
        _cache.GetMediaPlaylist(_snapshot, "video", deltaUpdate: false);
        RenderMediaPlaylist();
    }

    [Benchmark]
    public byte[] RenderMediaPlaylist()
    {
        _text.Clear();
        HlsMediaPlaylistWriter.TryWrite(_text, _snapshot, "video", _timing, deltaUpdate: false);
        return _text.ToArray();
    }

    [Benchmark]
    public int RenderDeltaUpdate()
    {
        _text.Clear();
        HlsMediaPlaylistWriter.TryWrite(_text, _snapshot, "video", _timing, deltaUpdate: true);
        return _text.Length;
    }

    [Benchmark]
    public byte[] ServeCachedMediaPlaylist() => _cache.GetMediaPlaylist(_snapshot, "video", deltaUpdate: false)!.Bytes;

    private static StreamSnapshot BuildWindow(int segmentCount, int partsInProgress)
    {
        var start = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        var video = new TrackInfo { Index = 0, Kind = MediaKind.Video, Codec = CodecId.H264, Timescale = 90000, CodecConfig = [], CodecString = "avc1.64001F", Width = 1280, Height = 720, FrameRate = 25 };
        var audio = new TrackInfo { Index = 1, Kind = MediaKind.Audio, Codec = CodecId.Aac, Timescale = 48000, CodecConfig = [], CodecString = "mp4a.40.2", SampleRate = 48000, ChannelCount = 2 };
        var segments = ImmutableDictionary.CreateBuilder<string, ImmutableList<CmafSegment>>();
        foreach (var (id, info) in new[] { ("video", video), ("audio", audio) })
        {
            var list = ImmutableList.CreateBuilder<CmafSegment>();
            for (int s = 0; s <= segmentCount; s++)
            {
                bool complete = s < segmentCount;
                int partCount = complete ? 4 : partsInProgress;
                long segmentStart = 1000L * 2 * info.Timescale + s * 2L * info.Timescale;
                var parts = ImmutableArray.CreateBuilder<CmafPart>();
                for (int p = 0; p < partCount; p++)
                {
                    parts.Add(new CmafPart(1000 + s, p, segmentStart + p * info.Timescale / 2, info.Timescale / 2, p == 0, new byte[16]));
                }
                list.Add(new CmafSegment
                {
                    TrackId = id,
                    SequenceNumber = 1000 + s,
                    PeriodIndex = 0,
                    StartTicks = segmentStart,
                    DurationTicks = partCount * (long)info.Timescale / 2,
                    Timescale = info.Timescale,
                    ProgramDateTime = start.AddSeconds(2000 + s * 2),
                    Parts = parts.ToImmutable(),
                    IsComplete = complete,
                    ByteLength = 600_000,
                });
            }
            segments[id] = list.ToImmutable();
        }
        return new StreamSnapshot
        {
            Version = 1,
            Periods = [new PackagedPeriod(0, start.AddSeconds(2000), 2000, [new PackagedTrack("video", video, new byte[8]), new PackagedTrack("audio", audio, new byte[8])])],
            Segments = segments.ToImmutable(),
            AvailabilityStart = start,
            Ended = false,
        };
    }
}
