namespace Sportall.Media.Mp4.Reading;

/// <summary>What the moov of a progressive MP4/MOV describes: the movie timescale and the supported tracks, video first.</summary>
public sealed class Mp4Movie
{
    public Mp4Movie(uint movieTimescale, long movieDurationTicks, IReadOnlyList<Mp4Track> tracks, long movieBoxOffset)
    {
        MovieTimescale = movieTimescale;
        MovieDurationTicks = movieDurationTicks;
        Tracks = tracks;
        MovieBoxOffset = movieBoxOffset;
    }

    /// <summary>mvhd timescale (the edit lists' unit).</summary>
    public uint MovieTimescale { get; }

    /// <summary>mvhd duration in <see cref="MovieTimescale"/> ticks.</summary>
    public long MovieDurationTicks { get; }

    /// <summary>H.264/HEVC video and AAC audio tracks with at least one sample, video first; other tracks (timecode, text) are left out.</summary>
    public IReadOnlyList<Mp4Track> Tracks { get; }

    /// <summary>Where the moov box starts in the file (after the mdat in a file that was not made "faststart").</summary>
    public long MovieBoxOffset { get; }
}
