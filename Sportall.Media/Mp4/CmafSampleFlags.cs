namespace Sportall.Media.Mp4;

/// <summary>
/// sample_flags values (ISO/IEC 14496-12 §8.8.3.1):
/// <code>
///  bit 31..28 reserved (0) | 27..26 is_leading | 25..24 sample_depends_on | 23..22 sample_is_depended_on
///  21..20 sample_has_redundancy | 19..17 sample_padding_value | 16 sample_is_non_sync_sample
///  15..0 sample_degradation_priority
/// </code>
/// </summary>
public static class CmafSampleFlags
{
    /// <summary>depends_on = 2 (does not depend on others, an I picture), is_non_sync = 0.</summary>
    public const uint Sync = 0x02000000;

    /// <summary>depends_on = 1 (depends on others), is_non_sync = 1.</summary>
    public const uint NonSync = 0x01010000;
}
