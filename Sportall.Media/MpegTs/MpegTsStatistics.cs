namespace Sportall.Media.MpegTs;

/// <summary>
/// What an <see cref="MpegTsDemuxer"/> met on its stream. The library does not log: a host reads these
/// counters (metrics, a log line at the end of a publish session). Updated by the demuxing thread only.
/// </summary>
public sealed class MpegTsStatistics
{
    /// <summary>188-byte transport packets processed (after synchronisation).</summary>
    public long Packets { get; internal set; }

    /// <summary>Bytes thrown away while looking for packet synchronisation (garbage, cut packets).</summary>
    public long SkippedBytes { get; internal set; }

    /// <summary>Times packet synchronisation was found again after bytes had to be skipped.</summary>
    public long Resyncs { get; internal set; }

    /// <summary>Packets dropped because their transport_error_indicator was set.</summary>
    public long TransportErrors { get; internal set; }

    /// <summary>Gaps in a PID's continuity_counter not announced by a discontinuity_indicator (lost packets).</summary>
    public long ContinuityErrors { get; internal set; }

    /// <summary>PES packets dropped: a packet missing, cut short, a malformed header or payload, or over the size limit.</summary>
    public long PesErrors { get; internal set; }

    /// <summary>Whole frames not delivered: before their track's configuration or first keyframe, or over the pre-announcement buffer.</summary>
    public long DroppedFrames { get; internal set; }

    /// <summary>PAT or PMT sections ignored for a bad CRC_32 or layout.</summary>
    public long PsiErrors { get; internal set; }

    /// <summary>PMTs that changed after the first one (new version, other PIDs or stream types).</summary>
    public long PmtChanges { get; internal set; }

    /// <summary>Elementary streams listed in a PMT whose stream_type is not H.264, HEVC or AAC ADTS (or a second one of a kind): ignored.</summary>
    public long UnsupportedStreams { get; internal set; }

    /// <summary>Times a track's configuration (parameter sets, ADTS parameters) changed after it was first known.</summary>
    public long ConfigurationChanges { get; internal set; }

    /// <summary>Jumps of the 90 kHz clock over <c>MaxTimestampJumpTicks</c> that were bridged to keep timestamps continuous.</summary>
    public long TimestampDiscontinuities { get; internal set; }

    /// <summary>Times the AAC sample count was re-anchored to the PES clock because of a gap.</summary>
    public long AudioResyncs { get; internal set; }
}
