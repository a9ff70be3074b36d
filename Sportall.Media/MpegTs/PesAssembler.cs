using System.Buffers;
using System.Buffers.Binary;

namespace Sportall.Media.MpegTs;

/// <summary>
/// Collects the transport packet payloads of one PID into whole PES packets, in one pooled buffer
/// reused for every PES of the stream (grown by doubling, never shrunk while the stream lives).
/// </summary>
internal sealed class PesAssembler
{
    /// <summary>
    /// A PES holds one access unit. A 4K intra frame at 100 Mbit/s with a one-second GOP reaches
    /// 4–5 MB; 16 MiB leaves room for that without letting garbage pin unbounded memory.
    /// </summary>
    public const int MaxPesBytes = 16 << 20;

    // 64 KiB covers audio PES and most inter frames at once; keyframes grow it once or twice.
    private const int InitialBytes = 64 << 10;

    // packet_start_code_prefix (24) | stream_id (8) | PES_packet_length (16)
    private const int FixedHeaderBytes = 6;

    private byte[]? _buffer;
    private int _length;

    /// <summary>The last continuity_counter seen on the PID, or −1 before the first packet.</summary>
    public int ContinuityCounter = -1;

    /// <summary>A PES is being collected (its first packet was seen).</summary>
    public bool Active { get; private set; }

    /// <summary>A packet of the PES being collected went missing: the rest is discarded until the next start.</summary>
    public bool Broken { get; private set; }

    /// <summary>PES_packet_length was 0 (allowed for video, ISO/IEC 13818-1 §2.4.3.7): the PES ends at the next start.</summary>
    public bool Unbounded => _length >= FixedHeaderBytes && BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(4)) == 0;

    /// <summary>The PES declared its length and all of it has arrived.</summary>
    public bool IsComplete
    {
        get
        {
            if (_length < FixedHeaderBytes) return false;
            var declared = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(4));
            return declared != 0 && _length >= FixedHeaderBytes + declared;
        }
    }

    /// <summary>The collected bytes, cut to the declared length when there is one.</summary>
    public ReadOnlyMemory<byte> Data => _buffer.AsMemory(0, DataLength);

    private int DataLength
    {
        get
        {
            if (_length < FixedHeaderBytes) return _length;
            var declared = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(4));
            return declared != 0 ? Math.Min(_length, FixedHeaderBytes + declared) : _length;
        }
    }

    public void Start()
    {
        _length = 0;
        Active = true;
        Broken = false;
    }

    /// <summary>Appends a packet's payload; <c>false</c> when the PES would exceed <see cref="MaxPesBytes"/> (the PES is then broken).</summary>
    public bool Append(ReadOnlySpan<byte> payload)
    {
        var needed = _length + payload.Length;
        if (needed > MaxPesBytes)
        {
            Broken = true;
            return false;
        }
        if (_buffer is null || needed > _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(InitialBytes, (_buffer?.Length ?? 0) * 2)));
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _length).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_buffer);
            }
            _buffer = grown;
        }
        payload.CopyTo(_buffer.AsSpan(_length));
        _length = needed;
        return true;
    }

    public void MarkBroken() => Broken = true;

    /// <summary>Forgets the PES being collected (delivered or dropped).</summary>
    public void Finish()
    {
        Active = false;
        Broken = false;
        _length = 0;
    }

    /// <summary>Forgets everything, continuity included, and returns the buffer to the pool (end of stream, PID reassigned).</summary>
    public void Reset()
    {
        Finish();
        ContinuityCounter = -1;
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
