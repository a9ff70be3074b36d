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
