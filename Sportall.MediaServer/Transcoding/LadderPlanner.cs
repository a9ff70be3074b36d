namespace Sportall.MediaServer.Transcoding;

/// <summary>Fits the configured ladder to a source: no upscaling, even sizes, one rendition per height.</summary>
public static class LadderPlanner
{
    // 4:2:0 chroma needs even dimensions (libx264 refuses odd ones, NVENC pads them).
    private const int Alignment = 2;

    public static IReadOnlyList<PlannedRendition> Plan(IReadOnlyList<TranscodeRung> rungs, int sourceWidth, int sourceHeight)
    {
        var planned = new List<PlannedRendition>();
        if (sourceWidth <= 0 || sourceHeight <= 0) return planned;
        foreach (var rung in rungs)
        {
            // The passthrough rendition already serves the source height; a rung at or above it would
            // only upscale or duplicate it.
            if (rung.Height <= 0 || rung.Height >= sourceHeight) continue;
            var height = rung.Height / Alignment * Alignment;
            var width = (int)Math.Round((double)sourceWidth * height / sourceHeight / Alignment, MidpointRounding.AwayFromZero) * Alignment;
            if (width <= 0 || height <= 0) continue;
            if (planned.Exists(p => p.Height == height)) continue;
            planned.Add(new PlannedRendition(width, height, rung.VideoBitrateKbps, rung.Profile));
        }
        planned.Sort((a, b) => b.Height.CompareTo(a.Height));
        return planned;
    }
}
