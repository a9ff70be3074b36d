namespace Sportall.MediaServer.Transcoding;

/// <summary>One rung of the ladder as configured: a target height and bitrate.</summary>
public sealed class TranscodeRung
{
    /// <summary>Output height in pixels; the width follows the source's aspect ratio (rounded to even).</summary>
    public int Height { get; set; }

    public int VideoBitrateKbps { get; set; }

    /// <summary>H.264 profile: <c>high</c>, <c>main</c> or <c>baseline</c>.</summary>
    public string Profile { get; set; } = "high";
}
