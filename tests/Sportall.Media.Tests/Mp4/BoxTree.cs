using System.Buffers.Binary;
using System.Text;

namespace Sportall.Media.Tests.Mp4;

/// <summary>A minimal ISO BMFF box walker for tests: checks that every box's size fits its parent exactly.</summary>
internal sealed record Box(string Type, int Offset, long Size, int HeaderSize, List<Box> Children)
{
    private static readonly HashSet<string> Containers = ["moov", "trak", "mdia", "minf", "dinf", "stbl", "mvex", "moof", "traf"];

    public int BodyOffset => Offset + HeaderSize;

    public static List<Box> Parse(ReadOnlySpan<byte> data, int offset = 0, int end = -1)
    {
        if (end < 0) end = data.Length;
        var boxes = new List<Box>();
        var pos = offset;
        while (pos < end)
        {
            Assert.True(end - pos >= 8, $"truncated box header at {pos}");
            long size = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            var type = Encoding.ASCII.GetString(data.Slice(pos + 4, 4));
            var header = 8;
            if (size == 1)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(data[(pos + 8)..]);
                header = 16;
            }
            Assert.True(size >= header && pos + size <= end, $"box {type} at {pos} has size {size} beyond its parent (end {end})");
            var children = Containers.Contains(type) ? Parse(data, pos + header, (int)(pos + size)) : [];
            boxes.Add(new Box(type, pos, size, header, children));
            pos += (int)size;
        }
        return boxes;
    }

    public static Box Find(List<Box> boxes, string path)
    {
        var parts = path.Split('/');
        Box? current = null;
        var level = boxes;
        foreach (var part in parts)
        {
            current = level.Single(b => b.Type == part);
            level = current.Children;
        }
        return current!;
    }
}
