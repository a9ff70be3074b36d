using System.Collections.Immutable;
using System.Text.Json;
using Sportall.Media.Model;

namespace Sportall.Packager.Recording;

/// <summary>Reads a spool journal and turns it into the asset manifest.</summary>
internal static class RecordedAssetBuilder
{
    /// <summary>Every whole line of the journal; a line torn by a crash (the last one) is skipped.</summary>
    public static List<RecordingJournalEntry> ReadJournal(string path)
    {
        var entries = new List<RecordingJournalEntry>();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            try
            {
                if (JsonSerializer.Deserialize<RecordingJournalEntry>(line, RecordingJson.Options) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // A torn line: the process died while appending it; the file it names is not counted.
            }
        }
        return entries;
    }

    /// <summary>The asset, or null when the journal holds no start or no segment.</summary>
    public static RecordedAsset? Build(IReadOnlyList<RecordingJournalEntry> entries, bool endedNormally)
    {
        RecordingJournalEntry? start = null;
        var infos = new Dictionary<string, TrackInfo>(StringComparer.Ordinal);
        var inits = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        var segments = new Dictionary<string, SortedDictionary<long, RecordingJournalEntry>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var entry in entries)
        {
            switch (entry.Kind)
            {
                case RecordingJournalKind.Start:
                    start ??= entry;
                    break;
                case RecordingJournalKind.Init when entry.TrackId is not null && entry.Info is not null:
                    if (!infos.ContainsKey(entry.TrackId))
                    {
                        infos[entry.TrackId] = entry.Info;
                        inits[entry.TrackId] = [];
                        segments[entry.TrackId] = [];
                        order.Add(entry.TrackId);
                    }
                    inits[entry.TrackId].Add(entry.Period);
                    break;
                case RecordingJournalKind.Segment when entry.TrackId is not null && segments.TryGetValue(entry.TrackId, out var list):
                    list[entry.Sequence] = entry;
                    break;
                case RecordingJournalKind.End:
                    endedNormally = true;
                    break;
            }
        }
        if (start?.AssetId is null || start.Name is null || start.Start is null)
        {
            return null;
        }

        var tracks = ImmutableArray.CreateBuilder<RecordedTrack>();
        double firstSeconds = double.MaxValue;
        double endSeconds = double.MinValue;
        // Video first, as IVodPresentation lists tracks; then in order of appearance.
        foreach (var id in order.OrderBy(id => infos[id].Kind == MediaKind.Video ? 0 : 1))
        {
            var list = segments[id];
            if (list.Count == 0)
            {
                continue;
            }
            var info = infos[id];
            long peak = 0;
            var recorded = ImmutableArray.CreateBuilder<RecordedSegment>(list.Count);
            foreach (var segment in list.Values)
            {
                recorded.Add(new RecordedSegment(segment.Sequence, segment.Period, segment.StartTicks, segment.DurationTicks, segment.Length));
                peak = Math.Max(peak, segment.Length * 8 * info.Timescale / Math.Max(1, segment.DurationTicks));
            }
            var first = recorded[0];
            var last = recorded[^1];
            firstSeconds = Math.Min(firstSeconds, (double)first.StartTicks / info.Timescale);
            endSeconds = Math.Max(endSeconds, (double)(last.StartTicks + last.DurationTicks) / info.Timescale);
            tracks.Add(new RecordedTrack
            {
                Id = id,
                Info = info,
                PeakBandwidth = peak,
                InitPeriods = [.. inits[id]],
                Segments = recorded.MoveToImmutable(),
            });
        }
        if (tracks.Count == 0)
        {
            return null;
        }
        return new RecordedAsset
        {
            AssetId = start.AssetId,
            Name = start.Name,
            Start = start.Start.Value,
            DurationSeconds = Math.Round(endSeconds - firstSeconds, 3),
            EndedNormally = endedNormally,
            Tracks = tracks.ToImmutable(),
        };
    }
}
