using System.Globalization;
using System.Text;

namespace Sportall.MediaServer.Transcoding;

/// <summary>
/// Builds the FFmpeg command line of a live transcoder: FLV video on stdin, one decode, one
/// <c>-filter_complex</c> that splits and scales to every rendition (and the poster), one MPEG-TS output
/// per rendition.
/// </summary>
/// <remarks>
/// <code>
///  stdin FLV ─ decode ─ split ─┬─ scale WxH ─ encode ─ MPEG-TS → output 0
///                              ├─ scale WxH ─ encode ─ MPEG-TS → output 1
///                              └─ fps=1/N ─ scale ─ mjpeg ─ poster.jpg (rewritten in place)
/// </code>
/// Alignment: <c>-force_key_frames source</c> makes every rendition's keyframes the source's,
/// <c>-sc_threshold 0</c>/<c>-no-scenecut</c> stops extra scene-cut IDRs in the common case,
/// <c>-fps_mode passthrough</c> keeps one output frame per input frame, and <c>-copyts</c> with
/// <c>-mpegts_copyts 1</c> keeps the input's timestamps (the MPEG-TS muxer otherwise adds 1.4 s), so the
/// transcoder can map each output frame back to the source frame it came from. No B-frames (<c>-bf 0</c>):
/// a rendition's decode order is then its presentation order, which lets it take the source's decode
/// timestamps (see <see cref="DecodeTimeMap"/>), whatever reordering the source used.
/// </remarks>
public static class FfmpegArguments
{
    // The source's codec configuration comes first on stdin, so a short probe finds the stream; the
    // default 5 s analysis would hold the first output back by as much.
    private const string AnalyzeDurationMicroseconds = "500000";
    private const string ProbeSizeBytes = "262144";

    // Posters are for the portal's grid and the player's scrubbing bar: 360 lines are plenty.
    private const int PosterMaxHeight = 360;

    public static List<string> BuildLive(AccelerationPath path, string preset, int sourceHeight,
        IReadOnlyList<PlannedRendition> renditions, IReadOnlyList<string> outputUrls, string? posterPath, int posterIntervalSeconds)
    {
        if (outputUrls.Count != renditions.Count) throw new ArgumentException("One output URL per rendition.", nameof(outputUrls));
        var args = new List<string> { "-hide_banner", "-nostats", "-loglevel", "warning", "-progress", "pipe:2" };
        AddDecoder(args, path);
        args.AddRange(["-fflags", "+nobuffer", "-analyzeduration", AnalyzeDurationMicroseconds, "-probesize", ProbeSizeBytes,
            "-copyts", "-f", "flv", "-i", "pipe:0"]);
        var poster = posterPath is not null && posterIntervalSeconds > 0;
        args.Add("-filter_complex");
        args.Add(FilterGraph(path, sourceHeight, renditions, poster ? posterIntervalSeconds : 0));
        for (var i = 0; i < renditions.Count; i++)
        {
            args.AddRange(["-map", $"[v{i}]"]);
            AddEncoder(args, path, preset, renditions[i]);
            args.AddRange(["-an", "-fps_mode", "passthrough", "-flush_packets", "1", "-f", "mpegts", "-mpegts_copyts", "1", outputUrls[i]]);
        }
        if (poster)
        {
            args.AddRange(["-map", "[poster]", "-c:v", "mjpeg", "-q:v", "5", "-an", "-f", "image2", "-update", "1", "-y", posterPath!]);
        }
        return args;
    }

    /// <summary>
    /// The same pipeline over one frame of <paramref name="sampleFile"/> into the null muxer: what the
    /// hardware detection runs, so a path is chosen only if its decoder, scaler and encoder all work.
    /// </summary>
    public static List<string> BuildProbe(AccelerationPath path, string sampleFile, int sourceHeight, IReadOnlyList<PlannedRendition> renditions)
    {
        var args = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "error" };
        AddDecoder(args, path);
        args.AddRange(["-i", sampleFile, "-filter_complex", FilterGraph(path, sourceHeight, renditions, 0)]);
        for (var i = 0; i < renditions.Count; i++)
        {
            args.AddRange(["-map", $"[v{i}]"]);
            AddEncoder(args, path, "ultrafast", renditions[i]);
            args.AddRange(["-frames:v", "1", "-f", "null", "-"]);
        }
        return args;
    }

    /// <summary>A one-frame H.264 sample made on the CPU, for the decode half of the probes.</summary>
    public static List<string> BuildSample(string sampleFile, int width, int height) =>
    [
        "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=25",
        "-frames:v", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-f", "mp4", sampleFile,
    ];

    private static void AddDecoder(List<string> args, AccelerationPath path)
    {
        switch (path)
        {
            case AccelerationPath.NvidiaFull:
            case AccelerationPath.NvidiaDecodeOnly:
                args.AddRange(["-hwaccel", "cuda", "-hwaccel_output_format", "cuda"]);
                break;
            case AccelerationPath.Qsv:
                args.AddRange(["-hwaccel", "qsv", "-hwaccel_output_format", "qsv"]);
                break;
            case AccelerationPath.Vaapi:
                args.AddRange(["-hwaccel", "vaapi", "-hwaccel_output_format", "vaapi"]);
                break;
        }
    }

    internal static string FilterGraph(AccelerationPath path, int sourceHeight, IReadOnlyList<PlannedRendition> renditions, int posterIntervalSeconds)
    {
        var branches = renditions.Count + (posterIntervalSeconds > 0 ? 1 : 0);
        var graph = new StringBuilder();
        graph.Append("[0:v]");
        if (branches > 1)
        {
            graph.Append("split=").Append(branches);
            for (var i = 0; i < branches; i++) graph.Append("[s").Append(i).Append(']');
            graph.Append(';');
        }
        for (var i = 0; i < renditions.Count; i++)
        {
            if (branches > 1) graph.Append("[s").Append(i).Append(']');
            graph.Append(Scale(path, renditions[i].Width, renditions[i].Height)).Append("[v").Append(i).Append(']');
            if (i + 1 < branches) graph.Append(';');
        }
        if (posterIntervalSeconds > 0)
        {
            var height = Math.Min(PosterMaxHeight, sourceHeight) / 2 * 2;
            graph.Append("[s").Append(renditions.Count).Append(']');
            if (path != AccelerationPath.Cpu) graph.Append(Download(path)).Append(',');
            graph.Append(CultureInfo.InvariantCulture, $"fps=1/{posterIntervalSeconds},scale=-2:{height}[poster]");
        }
        return graph.ToString();
    }

    private static string Scale(AccelerationPath path, int width, int height) => path switch
    {
        AccelerationPath.NvidiaFull => $"scale_cuda={width}:{height}",
        // NVDEC and scale_cuda on the GPU, then the (small) scaled frames come down for libx264.
        AccelerationPath.NvidiaDecodeOnly => $"scale_cuda={width}:{height},hwdownload,format=nv12",
        AccelerationPath.Qsv => $"vpp_qsv=w={width}:h={height}",
        AccelerationPath.Vaapi => $"scale_vaapi=w={width}:h={height}",
        _ => $"scale={width}:{height}",
    };

    private static string Download(AccelerationPath path) => path switch
    {
        AccelerationPath.Qsv => "hwdownload,format=nv12",
        AccelerationPath.Vaapi => "hwdownload,format=nv12",
        _ => "hwdownload,format=nv12",
    };

    private static void AddEncoder(List<string> args, AccelerationPath path, string preset, PlannedRendition rendition)
    {
        var bitrate = rendition.VideoBitrateKbps.ToString(CultureInfo.InvariantCulture) + "k";
        // A VBV of one second at the target rate keeps segments near BANDWIDTH, which players trust.
        args.AddRange(["-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bitrate]);
        switch (path)
        {
            case AccelerationPath.NvidiaFull:
                args.AddRange(["-c:v", "h264_nvenc", "-preset", "p4", "-tune", "ll", "-profile:v", rendition.Profile,
                    "-bf", "0", "-forced-idr", "1", "-no-scenecut", "1", "-force_key_frames", "source"]);
                break;
            case AccelerationPath.Qsv:
                args.AddRange(["-c:v", "h264_qsv", "-profile:v", rendition.Profile, "-bf", "0", "-forced_idr", "1", "-force_key_frames", "source"]);
                break;
            case AccelerationPath.Vaapi:
                args.AddRange(["-c:v", "h264_vaapi", "-profile:v", rendition.Profile, "-bf", "0", "-force_key_frames", "source"]);
                break;
            default:
                args.AddRange(["-c:v", "libx264", "-preset", preset, "-profile:v", rendition.Profile, "-pix_fmt", "yuv420p",
                    "-bf", "0", "-sc_threshold", "0", "-force_key_frames", "source"]);
                break;
        }
    }
}
