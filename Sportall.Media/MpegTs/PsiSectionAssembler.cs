namespace Sportall.Media.MpegTs;

/// <summary>
/// Collects one PSI section (PAT or PMT) of a PID from transport packet payloads, following the
/// pointer_field (ISO/IEC 13818-1 §2.4.4.2). Only the first section starting in a packet is read:
/// PAT and PMT of one program are one section each.
/// </summary>
/// <remarks>
/// <code>
/// [pointer_field (8) at payload_unit_start] | tail of previous section | table_id (8)
/// section_syntax_indicator (1) '0' reserved (2) section_length (12) | … section_length bytes, CRC_32 last
/// </code>
/// </remarks>
internal sealed class PsiSectionAssembler
{
    /// <summary>§2.4.4.4/§2.4.4.9: section_length of a PAT/PMT shall not exceed 1021, so 1024 bytes in all.</summary>
    public const int MaxSectionBytes = 1024;

    private readonly byte[] _buffer = new byte[MaxSectionBytes];
    private int _length;
    private bool _active;

    /// <summary>
    /// Feeds a packet payload; <c>true</c> when a section is complete, in <paramref name="section"/>
    /// (valid until the next call). <paramref name="malformed"/> tells a section that cannot be read.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> payload, bool payloadUnitStart, out ReadOnlySpan<byte> section, out bool malformed)
    {
        section = default;
        malformed = false;
        if (payloadUnitStart)
        {
            if (payload.IsEmpty) { malformed = true; return false; }
            var pointer = payload[0];
            if (1 + pointer > payload.Length) { malformed = true; _active = false; return false; }
            // The bytes before the pointed-to section finish the previous one; a PAT/PMT does not span
            // packets in practice, so a section still open here is simply replaced.
            payload = payload[(1 + pointer)..];
            _active = true;
            _length = 0;
        }
        else if (!_active)
        {
            return false;
        }
        var take = Math.Min(payload.Length, MaxSectionBytes - _length);
        payload[..take].CopyTo(_buffer.AsSpan(_length));
        _length += take;
        if (_length >= 1 && _buffer[0] == 0xFF)
        {
            _active = false; // stuffing: no section follows in this packet
            return false;
        }
        if (_length < 3) return false;
        var total = 3 + (((_buffer[1] & 0x0F) << 8) | _buffer[2]);
        if (total > MaxSectionBytes)
        {
            _active = false;
            malformed = true;
            return false;
        }
        if (_length < total) return false;
        _active = false;
        section = _buffer.AsSpan(0, total);
        return true;
    }

    public void Reset()
    {
        _active = false;
        _length = 0;
    }
}
