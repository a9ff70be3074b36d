using System.Collections.Immutable;
using Sportall.Packager.Live;

namespace Sportall.Packager.Hls;

/// <summary>
/// Where one track's media ends in a snapshot: the last complete segment, the newest published part and
/// the part a client will ask for next (EXT-X-PRELOAD-HINT). Shared by the playlist writer, rendition
/// reports, blocking reloads and the preload-hint part wait so they agree on every edge case.
/// </summary>
internal readonly record struct HlsLiveEdge(
    // Media sequence number of the newest complete segment, -1 when none.
    long LastCompleteMsn,
    // Newest segment with at least one published part (complete or not), -1 when none.
    long LastPartMsn,
    // Part index of the newest part of <see cref="LastPartMsn"/>, -1 when none.
    int LastPartIndex,
    // Newest segment listed at all (the in-progress one when it exists), -1 when none.
    long LastListedMsn,
    long HintMsn,
    int HintPartIndex,
    bool HasHint)
{
    public static readonly HlsLiveEdge None = new(-1, -1, -1, -1, 0, 0, false);

    public static HlsLiveEdge Of(StreamSnapshot snapshot, string trackId) =>
        snapshot.Segments.TryGetValue(trackId, out var segments) ? Of(segments, snapshot.Ended) : None;

    public static HlsLiveEdge Of(ImmutableList<CmafSegment> segments, bool ended)
    {
        if (segments.IsEmpty)
        {
            return None;
        }

        var last = segments[^1];
        long lastComplete = -1;
        long lastPartMsn = -1;
        int lastPartIndex = -1;
        if (last.IsComplete)
        {
            lastComplete = last.SequenceNumber;
        }
        else if (segments.Count > 1)
        {
            lastComplete = segments[^2].SequenceNumber;
        }

        if (!last.Parts.IsDefaultOrEmpty)
        {
            lastPartMsn = last.SequenceNumber;
            lastPartIndex = last.Parts.Length - 1;
        }
        else if (segments.Count > 1 && !segments[^2].Parts.IsDefaultOrEmpty)
        {
            lastPartMsn = segments[^2].SequenceNumber;
            lastPartIndex = segments[^2].Parts.Length - 1;
        }

        if (ended)
        {
            return new HlsLiveEdge(lastComplete, lastPartMsn, lastPartIndex, last.SequenceNumber, 0, 0, false);
        }

        // The next part is the one after the newest: the next index of an in-progress segment, or part 0
        // of the segment after a complete one, or after one whose last part is out and whose end (the next
        // keyframe) is expected: hinting a part that will not exist would cost every LL-HLS client a 404
        // per segment. Boundaries are shared, so it is the same for every track.
        bool nextSegment = last.IsComplete || last.EndExpected;
        long hintMsn = nextSegment ? last.SequenceNumber + 1 : last.SequenceNumber;
        int hintPart = nextSegment ? 0 : (last.Parts.IsDefaultOrEmpty ? 0 : last.Parts.Length);
        return new HlsLiveEdge(lastComplete, lastPartMsn, lastPartIndex, last.SequenceNumber, hintMsn, hintPart, true);
    }

    /// <summary>
    /// RFC 8216bis §6.2.5.2: a request with _HLS_msn=M (and _HLS_part=P) is satisfied once the Playlist
    /// "contains a Media Segment with a Media Sequence Number of M or later" (with _HLS_part: "a Partial
    /// Segment with Part Index P or later" of segment M). A segment is contained once it is complete (it
    /// has an EXTINF); a part once it is published. A client asking for M.P wants the part after M.(P-1):
    /// when segment M ended with fewer parts that is part 0 of M+1, so any part of a later segment satisfies
    /// M.P, and segment M's completion alone does not. Answering on completion would return a playlist with
    /// no new part, and a client that asks for M.P again would spin on immediate answers until M+1 starts.
    /// </summary>
    public bool Satisfies(long msn, int? part)
    {
        if (part is null)
        {
            return LastCompleteMsn >= msn;
        }
        return LastPartMsn > msn || (LastPartMsn == msn && LastPartIndex >= part.Value);
    }
}
