namespace Sportall.MediaServer.Transcoding;

/// <summary>The pipeline a transcoder runs, as chosen by <see cref="HardwareAccelerationDetector"/>.</summary>
public enum AccelerationPath
{
    /// <summary>Software decode, scale and libx264.</summary>
    Cpu,
    /// <summary>NVDEC decode, scale_cuda, NVENC encode: frames never leave the GPU.</summary>
    NvidiaFull,
    /// <summary>
    /// NVDEC decode and scale_cuda, then frames are downloaded for libx264: data-centre GPUs (A100, H100)
    /// have NVDEC engines but no NVENC, so only the decode and scaling move off the CPU.
    /// </summary>
    NvidiaDecodeOnly,
    /// <summary>Intel Quick Sync: QSV decode, vpp_qsv scaling, h264_qsv encode.</summary>
    Qsv,
    /// <summary>VAAPI decode, scale_vaapi, h264_vaapi encode (Intel/AMD on Linux).</summary>
    Vaapi,
}

internal static class AccelerationPathNames
{
    /// <summary>Label values for metrics and logs (stable, lowercase).</summary>
    public static string Label(this AccelerationPath path) => path switch
    {
        AccelerationPath.Cpu => "cpu",
        AccelerationPath.NvidiaFull => "nvidia",
        AccelerationPath.NvidiaDecodeOnly => "nvidia_decode",
        AccelerationPath.Qsv => "qsv",
        AccelerationPath.Vaapi => "vaapi",
        _ => "unknown",
    };
}
