using Sportall.MediaServer.Transcoding;

namespace Sportall.MediaServer.Tests.Transcoding;

public class DecodeTimeMapTests
{
    private const long Frame = 3600; // 25 fps at 90 kHz

    [Fact]
    public void Maps_presentation_order_onto_the_sources_decode_timestamps()
    {
        // Source I P B B P B B … in decode order (2 B-frames, DTS one frame... two frames behind PTS).
        var map = new DecodeTimeMap(90);
        int[] ptsOrder = [0, 3, 1, 2, 6, 4, 5, 9, 7, 8];
        for (var i = 0; i < ptsOrder.Length; i++) map.Add(ptsOrder[i] * Frame + Frame * 2, i * Frame);
        for (var k = 0; k < ptsOrder.Length; k++)
        {
            var sourcePts = k * Frame + Frame * 2;
            // FFmpeg saw milliseconds: the output PTS is the source's rounded down.
            Assert.True(map.TryMap(sourcePts / 90 * 90, out var pts, out var dts));
            Assert.Equal(sourcePts, pts);
            Assert.Equal(k * Frame, dts); // the k-th smallest DTS: increasing, never above the PTS
            Assert.True(dts <= pts);
        }
    }

    [Fact]
    public void Keyframe_of_a_closed_gop_gets_the_source_keyframes_own_dts()
    {
        var map = new DecodeTimeMap(90);
        // GOP of 4 in decode order: I(pts 0) P(3) B(1) B(2) | I(4) P(7) B(5) B(6)
        int[] pts = [0, 3, 1, 2, 4, 7, 5, 6];
        for (var i = 0; i < pts.Length; i++) map.Add((pts[i] + 2) * Frame, i * Frame);
        Assert.True(map.TryMap(6 * Frame, out _, out var keyDts));
        Assert.Equal(4 * Frame, keyDts); // the second I's decode index is 4
    }

    [Fact]
    public void Unknown_or_forgotten_frames_do_not_map()
    {
        var map = new DecodeTimeMap(90);
        for (var i = 0; i < DecodeTimeMap.Capacity + 10; i++) map.Add(i * Frame, i * Frame);
        Assert.False(map.TryMap(3 * Frame, out _, out _)); // forgotten
        Assert.False(map.TryMap(100 * Frame + 1000, out _, out _)); // between frames
        Assert.False(map.TryMap((DecodeTimeMap.Capacity + 20) * Frame, out _, out _)); // not fed yet
        Assert.True(map.TryMap((DecodeTimeMap.Capacity + 9) * Frame, out var p, out _));
        Assert.Equal((DecodeTimeMap.Capacity + 9) * Frame, p);
    }
}
