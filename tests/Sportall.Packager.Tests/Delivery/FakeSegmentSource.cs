using System.Collections.Concurrent;
using Sportall.Packager.Live;

namespace Sportall.Packager.Tests.Delivery;

/// <summary>An in-memory segment store: init segments, parts and segments copied out of snapshots.</summary>
internal sealed class FakeSegmentSource : ISegmentSource
{
    private readonly ConcurrentDictionary<(string, int), ReadOnlyMemory<byte>> _inits = new();
    private readonly ConcurrentDictionary<(string, long, int), ReadOnlyMemory<byte>> _parts = new();
    private readonly ConcurrentDictionary<(string, long), SegmentLocation> _segments = new();

    /// <summary>Stores everything the snapshot lists (call before publishing it, as the segmenter does).</summary>
    public void AddFrom(StreamSnapshot snapshot)
    {
        foreach (var period in snapshot.Periods)
        {
            foreach (var track in period.Tracks)
            {
                _inits[(track.Id, period.Index)] = track.InitSegment;
            }
        }
        foreach (var (trackId, segments) in snapshot.Segments)
        {
            foreach (var segment in segments)
            {
                var bytes = new List<byte>();
                foreach (var part in segment.Parts)
                {
                    _parts[(trackId, segment.SequenceNumber, part.PartIndex)] = part.Data;
                    bytes.AddRange(part.Data.ToArray());
                }
                if (segment.IsComplete)
                {
                    _segments.TryAdd((trackId, segment.SequenceNumber), new SegmentLocation(bytes.ToArray(), null, bytes.Count));
                }
            }
        }
    }

    /// <summary>Moves a segment to a file, as the store does once it leaves the memory window.</summary>
    public void MoveToFile(string trackId, long msn, string path)
    {
        var location = _segments[(trackId, msn)];
        File.WriteAllBytes(path, location.Memory.ToArray());
        _segments[(trackId, msn)] = new SegmentLocation(default, path, location.Length);
    }

    public bool TryGetInit(string trackId, int periodIndex, out ReadOnlyMemory<byte> data) =>
        _inits.TryGetValue((trackId, periodIndex), out data);

    public bool TryGetPart(string trackId, long segmentSequence, int partIndex, out ReadOnlyMemory<byte> data) =>
        _parts.TryGetValue((trackId, segmentSequence, partIndex), out data);

    public bool TryGetSegment(string trackId, long segmentSequence, out SegmentLocation location) =>
        _segments.TryGetValue((trackId, segmentSequence), out location);
}
