using System.Buffers.Binary;
using System.Text;

namespace Sportall.Media.Tests.Mp4.Reading;

/// <summary>Rewrites a moov box with every stco turned into a co64 whose offsets are moved by a fixed amount (container sizes follow).</summary>
internal static class Co64Rewriter
{
    private static readonly HashSet<string> Containers = ["moov", "trak", "mdia", "minf", "stbl"];

    public static byte[] Rewrite(ReadOnlySpan<byte> box, long shift)
    {
        var size = (int)BinaryPrimitives.ReadUInt32BigEndian(box);
        var type = Encoding.ASCII.GetString(box.Slice(4, 4));
        var payload = box.Slice(8, size - 8);
        if (type == "stco")
        {
            var count = (int)BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
            var parts = new List<byte[]> { MoovBuilder.U32((uint)count) };
            for (var i = 0; i < count; i++)
            {
                parts.Add(MoovBuilder.U64(BinaryPrimitives.ReadUInt32BigEndian(payload[(8 + 4 * i)..]) + (ulong)shift));
            }
            return MoovBuilder.FullBox("co64", 0, 0, [.. parts]);
        }
        if (!Containers.Contains(type)) return box[..size].ToArray();
        var children = new List<byte[]>();
        var pos = 0;
        while (pos + 8 <= payload.Length)
        {
            var childSize = (int)BinaryPrimitives.ReadUInt32BigEndian(payload[pos..]);
            children.Add(Rewrite(payload[pos..], shift));
            pos += childSize;
        }
        return MoovBuilder.Box(type, [.. children]);
    }
}
