namespace Sportall.Media.Bits;

/// <summary>
/// Reads a bit string most significant bit first, as every MPEG syntax table does (ISO/IEC 14496-10
/// §7.2, ISO/IEC 23008-2 §7.2, ISO/IEC 14496-3 §1.6). With <c>rbsp: true</c> it reads a NAL unit's
/// payload and drops each emulation_prevention_three_byte (the 0x03 of 0x000003) on the fly, so
/// parameter sets are parsed without first copying them into an unescaped buffer.
/// </summary>
/// <remarks>
/// Reading past the end yields zero bits and sets <see cref="Overrun"/>; an exp-Golomb code longer
/// than 32 bits sets <see cref="InvalidCode"/>. Parsers check the flags once at the points where a
/// wrong value would matter (before a loop bound, at the end), which keeps this reader free of
/// exception dependencies and the per-bit path branch-light.
/// </remarks>
public ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _rbsp;
    private int _position;
    private int _zeroBytes;
    private uint _current;
    private int _bitsLeft;

    public BitReader(ReadOnlySpan<byte> data, bool rbsp = false)
    {
        _data = data;
        _rbsp = rbsp;
    }

    /// <summary>True once a read went past the end of the data.</summary>
    public bool Overrun { get; private set; }

    /// <summary>True once an exp-Golomb code had more than 31 leading zero bits.</summary>
    public bool InvalidCode { get; private set; }

    /// <summary>True when either <see cref="Overrun"/> or <see cref="InvalidCode"/> is set.</summary>
    public readonly bool HasError => Overrun || InvalidCode;

    /// <summary>True when the next bit starts a byte.</summary>
    public readonly bool IsByteAligned => _bitsLeft == 0;

    public uint ReadBit()
    {
        if (_bitsLeft == 0)
        {
            LoadByte();
        }
        _bitsLeft--;
        return (_current >> _bitsLeft) & 1;
    }

    public bool ReadFlag() => ReadBit() != 0;

    /// <summary>Reads <paramref name="count"/> bits (0..32) as an unsigned number.</summary>
    public uint ReadBits(int count)
    {
        if ((uint)count > 32) throw new ArgumentOutOfRangeException(nameof(count));
        ulong value = 0;
        while (count > 0)
        {
            if (_bitsLeft == 0)
            {
                LoadByte();
            }
            var take = Math.Min(count, _bitsLeft);
            var shift = _bitsLeft - take;
            var bits = (_current >> shift) & ((1u << take) - 1);
            value = (value << take) | bits;
            _bitsLeft -= take;
            count -= take;
        }
        return (uint)value;
    }

    /// <summary>Reads 33..64 bits (for fields such as HEVC's 44 reserved constraint bits).</summary>
    public ulong ReadBits64(int count)
    {
        if ((uint)count > 64) throw new ArgumentOutOfRangeException(nameof(count));
        if (count <= 32) return ReadBits(count);
        var high = (ulong)ReadBits(count - 32);
        return (high << 32) | ReadBits(32);
    }

    public void Skip(int count)
    {
        while (count > 32)
        {
            ReadBits(32);
            count -= 32;
        }
        ReadBits(count);
    }

    /// <summary>ue(v): unsigned exp-Golomb code (ISO/IEC 14496-10 §9.1).</summary>
    public uint ReadUe()
    {
        var leadingZeros = 0;
        while (ReadBit() == 0)
        {
            leadingZeros++;
            if (leadingZeros > 31 || Overrun)
            {
                InvalidCode |= leadingZeros > 31;
                return 0;
            }
        }
        if (leadingZeros == 0) return 0;
        return (uint)((1UL << leadingZeros) - 1 + ReadBits(leadingZeros));
    }

    /// <summary>se(v): signed exp-Golomb code (ISO/IEC 14496-10 §9.1.1): 1, -1, 2, -2, … for codeNum 1, 2, 3, 4, ….</summary>
    public int ReadSe()
    {
        var codeNum = ReadUe();
        return (codeNum & 1) != 0 ? (int)((codeNum + 1) / 2) : -(int)(codeNum / 2);
    }

    private void LoadByte()
    {
        _bitsLeft = 8;
        if (_position >= _data.Length)
        {
            Overrun = true;
            _current = 0;
            return;
        }
        var b = _data[_position++];
        if (_rbsp && _zeroBytes >= 2 && b == 0x03)
        {
            // ISO/IEC 14496-10 §7.4.1: emulation_prevention_three_byte "shall be discarded by the decoding process".
            _zeroBytes = 0;
            if (_position >= _data.Length)
            {
                Overrun = true;
                _current = 0;
                return;
            }
            b = _data[_position++];
        }
        _zeroBytes = b == 0 ? _zeroBytes + 1 : 0;
        _current = b;
    }
}
