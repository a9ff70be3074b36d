using System.Buffers;

namespace Sportall.Media.Mp4;

/// <summary>
/// Writes one CMAF fragment / chunk (ISO/IEC 23000-19): a moof for one track and the mdat with
/// its samples. Sizes are computed first, then the moof and mdat header go out with one GetSpan/Advance
/// and the payload is copied behind them.
/// </summary>
/// <remarks>
/// <code>
/// moof
/// ├── mfhd        sequence_number
/// └── traf
///     ├── tfhd    track_ID 1, flags default-base-is-moof (0x020000): data offsets count from moof's first byte
///     ├── tfdt    version 1: 64-bit baseMediaDecodeTime
///     └── trun    version 1 (signed composition offsets), flags data-offset | duration | size | flags
///                 [| composition-time-offset when any sample has one]
///                 sample_count, data_offset = moof size + mdat header size
///                 per sample: duration(32) size(32) flags(32) [composition_offset(s32)]
/// mdat            size(32) 'mdat' | 1 'mdat' largesize(64) when the box exceeds 2^32 − 1 bytes
///                 samples back to back, in trun order
/// </code>
/// </remarks>
public static class CmafFragmentWriter
{
    private const int MfhdSize = 16;
    private const int TfhdSize = 16;
    private const int TfdtSize = 20;
    private const int TrunFixedSize = 20;

    private const uint TfhdDefaultBaseIsMoof = 0x020000;
    private const uint TrunDataOffsetPresent = 0x000001;
    private const uint TrunSampleDurationPresent = 0x000100;
    private const uint TrunSampleSizePresent = 0x000200;
    private const uint TrunSampleFlagsPresent = 0x000400;
    private const uint TrunSampleCompositionTimeOffsetsPresent = 0x000800;

    /// <summary>The compact mdat header: 32-bit size + type.</summary>
    public const int MdatHeaderSize = 8;

    /// <summary>The mdat header with a 64-bit largesize (§4.2: size == 1).</summary>
    public const int MdatLargeHeaderSize = 16;

    /// <summary>Bytes of the moof box for these samples.</summary>
    public static int ComputeMoofSize(ReadOnlySpan<CmafSample> samples) =>
        8 + MfhdSize + 8 + TfhdSize + TfdtSize + TrunFixedSize + samples.Length * SampleRecordSize(HasCompositionOffsets(samples));

    /// <summary>The mdat header size for a payload of <paramref name="payloadLength"/> bytes: largesize only when a 32-bit size cannot hold the box.</summary>
    public static int ComputeMdatHeaderSize(long payloadLength) =>
        payloadLength > uint.MaxValue - MdatHeaderSize ? MdatLargeHeaderSize : MdatHeaderSize;

    /// <summary>Sum of the samples' sizes: the mdat payload length.</summary>
    public static long ComputePayloadLength(ReadOnlySpan<CmafSample> samples)
    {
        long total = 0;
        foreach (ref readonly var sample in samples) total += sample.Size;
        return total;
    }

    /// <summary>Bytes of the whole fragment (moof + mdat).</summary>
    public static long ComputeSize(ReadOnlySpan<CmafSample> samples)
    {
        var payload = ComputePayloadLength(samples);
        return ComputeMoofSize(samples) + ComputeMdatHeaderSize(payload) + payload;
    }

    /// <summary>Writes the whole fragment: moof, mdat header and <paramref name="payload"/> (the samples back to back).</summary>
    /// <exception cref="ArgumentException">No samples, or the payload length is not the sum of the sample sizes.</exception>
    public static void Write(
        IBufferWriter<byte> output,
        uint sequenceNumber,
        ulong baseMediaDecodeTime,
        ReadOnlySpan<CmafSample> samples,
        ReadOnlySpan<byte> payload)
    {
        var payloadLength = ComputePayloadLength(samples);
        if (payloadLength != payload.Length)
        {
            throw new ArgumentException($"payload is {payload.Length} bytes but the samples add up to {payloadLength}", nameof(payload));
        }
        WriteHeader(output, sequenceNumber, baseMediaDecodeTime, samples);
        output.Write(payload);
    }

    /// <summary>
    /// Writes moof and the mdat header only; the caller writes the sample bytes (their sizes summed) right after.
    /// Lets payloads that are not one contiguous span (or exceed one) follow without a copy.
    /// </summary>
    public static void WriteHeader(
        IBufferWriter<byte> output,
        uint sequenceNumber,
        ulong baseMediaDecodeTime,
        ReadOnlySpan<CmafSample> samples)
    {
        if (samples.IsEmpty) throw new ArgumentException("a fragment needs at least one sample", nameof(samples));

        var withCompositionOffsets = HasCompositionOffsets(samples);
        var recordSize = SampleRecordSize(withCompositionOffsets);
        var trunSize = TrunFixedSize + samples.Length * recordSize;
        var trafSize = 8 + TfhdSize + TfdtSize + trunSize;
        var moofSize = 8 + MfhdSize + trafSize;
        var payloadLength = ComputePayloadLength(samples);
        var mdatHeaderSize = ComputeMdatHeaderSize(payloadLength);
        var total = moofSize + mdatHeaderSize;

        var span = output.GetSpan(total)[..total];
        var w = new Mp4SpanWriter(span);
        w.Box(moofSize, Mp4BoxType.Moof);

        // mfhd (§8.8.5): "sequence numbers ... in increasing order" for the fragments of a track.
        w.FullBox(MfhdSize, Mp4BoxType.Mfhd, 0, 0);
        w.UInt32(sequenceNumber);

        w.Box(trafSize, Mp4BoxType.Traf);

        // tfhd (§8.8.7). CMAF requires default-base-is-moof and no base-data-offset, so a chunk stands alone.
        w.FullBox(TfhdSize, Mp4BoxType.Tfhd, 0, TfhdDefaultBaseIsMoof);
        w.UInt32(CmafInitSegmentWriter.TrackId);

        // tfdt (§8.8.12), version 1 so decode times past 2^32 ticks (13 h at 90 kHz) still fit.
        w.FullBox(TfdtSize, Mp4BoxType.Tfdt, 1, 0);
        w.UInt64(baseMediaDecodeTime);

        // trun (§8.8.8), version 1: composition offsets are signed, so B-frames need no edit list.
        var trunFlags = TrunDataOffsetPresent | TrunSampleDurationPresent | TrunSampleSizePresent | TrunSampleFlagsPresent;
        if (withCompositionOffsets) trunFlags |= TrunSampleCompositionTimeOffsetsPresent;
        w.FullBox(trunSize, Mp4BoxType.Trun, 1, trunFlags);
        w.UInt32((uint)samples.Length);
        w.Int32(moofSize + mdatHeaderSize); // data_offset from moof's first byte to the first sample
        foreach (ref readonly var sample in samples)
        {
            w.UInt32(sample.DurationTicks);
            w.UInt32((uint)sample.Size);
            w.UInt32(sample.Flags);
            if (withCompositionOffsets) w.Int32(sample.CompositionOffsetTicks);
        }

        if (mdatHeaderSize == MdatHeaderSize)
        {
            w.Box((int)(MdatHeaderSize + payloadLength), Mp4BoxType.Mdat);
        }
        else
        {
            w.UInt32(1);
            w.UInt32(Mp4BoxType.Mdat);
            w.UInt64((ulong)(MdatLargeHeaderSize + payloadLength));
        }
        output.Advance(total);
    }

    private static int SampleRecordSize(bool withCompositionOffsets) => withCompositionOffsets ? 16 : 12;

    private static bool HasCompositionOffsets(ReadOnlySpan<CmafSample> samples)
    {
        foreach (ref readonly var sample in samples)
        {
            if (sample.CompositionOffsetTicks != 0) return true;
        }
        return false;
    }
}
