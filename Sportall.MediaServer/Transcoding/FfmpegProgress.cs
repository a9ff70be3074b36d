using System.Globalization;

namespace Sportall.MediaServer.Transcoding;

/// <summary>
/// Accumulates FFmpeg's <c>-progress</c> output (key=value lines; a block ends with <c>progress=continue</c>
/// or <c>progress=end</c>): frames, fps and speed (the real-time factor).
/// </summary>
public sealed class FfmpegProgress
{
    public long Frames { get; private set; }
    public double Fps { get; private set; }

    /// <summary>Media seconds per wall second; below 1 a live transcoder falls behind.</summary>
    public double Speed { get; private set; }

    /// <summary>Takes one stderr line. True when it was a progress key (anything else is a log line of FFmpeg's).</summary>
    public bool TryTake(ReadOnlySpan<char> line, out bool blockEnded)
    {
        blockEnded = false;
        var eq = line.IndexOf('=');
        if (eq <= 0) return false;
        var key = line[..eq].Trim();
        var value = line[(eq + 1)..].Trim();
        switch (key)
        {
            case "frame":
                if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var frames)) Frames = frames;
                return true;
            case "fps":
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var fps)) Fps = fps;
                return true;
            case "speed":
                // "1.01x", or "N/A" before the first frame.
                if (value.EndsWith("x") && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var speed)) Speed = speed;
                return true;
            case "progress":
                blockEnded = true;
                return true;
            default:
                // The other -progress keys (bitrate, total_size, out_time…) carry no space; log lines do.
                return key.IndexOf(' ') < 0 && !key.IsEmpty && char.IsAsciiLetterLower(key[0]);
        }
    }
}
