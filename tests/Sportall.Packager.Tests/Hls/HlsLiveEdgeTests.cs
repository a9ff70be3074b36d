using Sportall.Packager.Hls;

namespace Sportall.Packager.Tests.Hls;

public sealed class HlsLiveEdgeTests
{
    // Edge of HlsScenarios.Live(): segments 100..107 complete, parts 0 and 1 of 108 published.
    [Theory]
    [InlineData(107L, null, true)]     // complete segment
    [InlineData(108L, null, false)]    // in progress: not yet "contained" without _HLS_part
    [InlineData(108L, 0, true)]
    [InlineData(108L, 1, true)]
    [InlineData(108L, 2, false)]       // the preload-hinted part
    [InlineData(107L, 9, true)]        // beyond the parts 107 ended with: a later segment has parts
    [InlineData(109L, 0, false)]
    [InlineData(50L, null, true)]      // older than the window
    public void Satisfies_follows_blocking_reload_rules(long msn, int? part, bool expected)
    {
        var edge = HlsLiveEdge.Of(HlsScenarios.Live(), "video");
        Assert.Equal(expected, edge.Satisfies(msn, part));
    }

    // Edge of HlsScenarios.LiveAtSegmentBoundary(): segments 100..107 complete (parts 0..3 each), nothing of 108 yet.
    [Theory]
    [InlineData(107L, null, true)]
    [InlineData(107L, 3, true)]
    [InlineData(107L, 4, false)]       // the part after 107.3 is 108.0: 107's completion alone is no answer
    [InlineData(108L, 0, false)]
    [InlineData(106L, 9, true)]        // a later segment has parts
    public void Satisfies_at_a_segment_boundary_waits_for_the_next_part(long msn, int? part, bool expected)
    {
        var edge = HlsLiveEdge.Of(HlsScenarios.LiveAtSegmentBoundary(), "video");
        Assert.Equal(expected, edge.Satisfies(msn, part));
    }

    [Theory]
    [InlineData("video")]
    [InlineData("audio")]
    public void Segment_awaiting_its_predicted_keyframe_hints_part_0_of_the_next(string trackId)
    {
        var edge = HlsLiveEdge.Of(HlsScenarios.LiveAwaitingKeyframe(), trackId);
        // 108 is still in progress (no EXTINF yet), but the part after 108.3 will be 109.0.
        Assert.Equal(new HlsLiveEdge(107, 108, 3, 108, 109, 0, true), edge);
    }

    [Fact]
    public void Edge_of_an_in_progress_segment()
    {
        var edge = HlsLiveEdge.Of(HlsScenarios.Live(), "video");
        Assert.Equal(new HlsLiveEdge(107, 108, 1, 108, 108, 2, true), edge);
    }

    [Fact]
    public void Edge_at_a_segment_boundary_hints_the_next_segment()
    {
        var edge = HlsLiveEdge.Of(HlsScenarios.LiveAtSegmentBoundary(), "video");
        Assert.Equal(new HlsLiveEdge(107, 107, 3, 107, 108, 0, true), edge);
    }

    [Fact]
    public void Ended_stream_has_no_hint()
    {
        var edge = HlsLiveEdge.Of(HlsScenarios.Ended(), "video");
        Assert.False(edge.HasHint);
        Assert.Equal(14, edge.LastCompleteMsn);
    }

    [Fact]
    public void Unknown_track_has_no_edge()
    {
        Assert.Equal(HlsLiveEdge.None, HlsLiveEdge.Of(HlsScenarios.Live(), "nope"));
    }
}
