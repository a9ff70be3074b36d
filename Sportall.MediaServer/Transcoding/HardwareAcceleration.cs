namespace Sportall.MediaServer.Transcoding;

/// <summary>What configuration asks for (<c>Transcoding:HardwareAcceleration</c>).</summary>
public enum HardwareAcceleration
{
    /// <summary>Probe NVIDIA, then QSV, then VAAPI by real one-frame encodes; CPU when none works.</summary>
    Auto,
    /// <summary>libx264 on the CPU, no probing.</summary>
    None,
    Nvidia,
    Qsv,
    Vaapi,
}
