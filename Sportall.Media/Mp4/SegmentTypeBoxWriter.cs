using System.Buffers;

namespace Sportall.Media.Mp4;

/// <summary>
/// Writes a SegmentTypeBox (styp, ISO/IEC 14496-12 §8.16.2): <c>styp</c> major <c>msdh</c>, compatible
/// <c>msdh msix cmfc</c>.
/// </summary>
/// <remarks>
/// The live packager does not emit it. A styp is optional at the start of a CMAF segment, and without it
/// a segment is exactly its parts' bytes concatenated, so an LL-HLS part is a byte range of its parent
/// segment and needs no special first part. The writer is here for VOD/DASH outputs that want it.
/// </remarks>
public static class SegmentTypeBoxWriter
{
    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public const int Size = 8 + 8 + 2 * 4;

    /// <summary>Writes the styp box.</summary>
    public static void Write(IBufferWriter<byte> output)
    {
        var w = new Mp4SpanWriter(output.GetSpan(Size)[..Size]);
        w.Box(Size, Mp4BoxType.Styp);
        w.UInt32(Mp4BoxType.Msdh); // major_brand: media segment (§8.16.2 / DASH)
        w.UInt32(0);               // minor_version
        w.UInt32(Mp4BoxType.Msdh);
        w.UInt32(Mp4BoxType.Cmfc);
        output.Advance(Size);
    }
}
