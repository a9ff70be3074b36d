using System.Text;

namespace Sportall.Media.Codecs.H265;

/// <summary>
/// The general_* part of an HEVC profile_tier_level() (ISO/IEC 23008-2 §7.3.3), as carried both in
/// the SPS/VPS and in the first 12 bytes after the version in an hvcC.
/// </summary>
public readonly record struct H265ProfileTierLevel(
    int ProfileSpace,
    bool HighTier,
    int ProfileIdc,
    uint CompatibilityFlags,
    ulong ConstraintIndicatorFlags,
    int LevelIdc)
{
    /// <summary>
    /// RFC 6381 codec string per ISO/IEC 14496-15 Annex E.3, e.g. <c>hvc1.1.6.L93.B0</c>:
    /// profile space (none, A, B, C) + profile_idc; the 32 compatibility flags bit-reversed in hex;
    /// L or H + level_idc; then each of the 6 constraint bytes in hex, trailing zero bytes omitted.
    /// </summary>
    public string ToCodecString(string sampleEntry = "hvc1")
    {
        var builder = new StringBuilder(32);
        builder.Append(sampleEntry).Append('.');
        if (ProfileSpace > 0) builder.Append((char)('A' + ProfileSpace - 1));
        builder.Append(ProfileIdc).Append('.');
        builder.Append(ReverseBits(CompatibilityFlags).ToString("X"));
        builder.Append('.').Append(HighTier ? 'H' : 'L').Append(LevelIdc);
        var constraintBytes = 6;
        while (constraintBytes > 0 && ((ConstraintIndicatorFlags >> (8 * (6 - constraintBytes))) & 0xFF) == 0)
        {
            constraintBytes--;
        }
        for (var i = 0; i < constraintBytes; i++)
        {
            var value = (byte)(ConstraintIndicatorFlags >> (8 * (5 - i)));
            builder.Append('.').Append(value.ToString("X"));
        }
        return builder.ToString();
    }

    private static uint ReverseBits(uint value)
    {
        uint reversed = 0;
        for (var i = 0; i < 32; i++)
        {
            reversed = (reversed << 1) | (value & 1);
            value >>= 1;
        }
        return reversed;
    }
}
