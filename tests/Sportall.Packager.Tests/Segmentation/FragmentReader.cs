using System.Buffers.Binary;

namespace Sportall.Packager.Tests.Segmentation;

/// <summary>Reads back what a CMAF fragment says (mfhd, tfdt, trun, mdat): enough to check the segmenter's output.</summary>
internal sealed record Fragment(uint Sequence, ulong BaseMediaDecodeTime, List<(uint Duration, uint Size, uint Flags, int CompositionOffset)> Samples, byte[] Payload)
{
    public ulong EndTime => BaseMediaDecodeTime + (ulong)Samples.Sum(s => (long)s.Duration);

    /// <summary>All fragments of a byte run (a part holds one, a segment several).</summary>
    public static List<Fragment> ReadAll(ReadOnlySpan<byte> data)
    {
        var fragments = new List<Fragment>();
        var pos = 0;
        while (pos < data.Length)
        {
            var moofSize = (int)BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            Assert.Equal("moof", System.Text.Encoding.ASCII.GetString(data.Slice(pos + 4, 4)));
            var moof = data.Slice(pos, moofSize);
            uint sequence = 0;
            ulong tfdt = 0;
            var samples = new List<(uint, uint, uint, int)>();
            var dataOffset = 0;
            Walk(moof[8..], ref sequence, ref tfdt, samples, ref dataOffset);
            var mdatPos = pos + moofSize;
            var mdatSize = (int)BinaryPrimitives.ReadUInt32BigEndian(data[mdatPos..]);
            Assert.Equal("mdat", System.Text.Encoding.ASCII.GetString(data.Slice(mdatPos + 4, 4)));
            Assert.Equal(moofSize + 8, dataOffset);
            fragments.Add(new Fragment(sequence, tfdt, samples, data.Slice(mdatPos + 8, mdatSize - 8).ToArray()));
            Assert.Equal(samples.Sum(s => (long)s.Item2), mdatSize - 8);
            pos = mdatPos + mdatSize;
        }
        return fragments;
    }

    private static void Walk(ReadOnlySpan<byte> boxes, ref uint sequence, ref ulong tfdt, List<(uint, uint, uint, int)> samples, ref int dataOffset)
    {
        while (boxes.Length >= 8)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(boxes);
            var type = System.Text.Encoding.ASCII.GetString(boxes.Slice(4, 4));
            var body = boxes[8..size];
            switch (type)
            {
                case "traf": Walk(body, ref sequence, ref tfdt, samples, ref dataOffset); break;
                case "mfhd": sequence = BinaryPrimitives.ReadUInt32BigEndian(body[4..]); break;
                case "tfdt":
                    tfdt = body[0] == 1 ? BinaryPrimitives.ReadUInt64BigEndian(body[4..]) : BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                    break;
                case "trun":
                    var flags = BinaryPrimitives.ReadUInt32BigEndian(body) & 0xFFFFFF;
                    Assert.Equal(0x701u, flags & 0x701u);
                    var count = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                    dataOffset = BinaryPrimitives.ReadInt32BigEndian(body[8..]);
                    var p = 12;
                    for (var i = 0; i < count; i++)
                    {
                        var d = BinaryPrimitives.ReadUInt32BigEndian(body[p..]);
                        var s = BinaryPrimitives.ReadUInt32BigEndian(body[(p + 4)..]);
                        var f = BinaryPrimitives.ReadUInt32BigEndian(body[(p + 8)..]);
                        p += 12;
                        var c = 0;
                        if ((flags & 0x800) != 0)
                        {
                            c = BinaryPrimitives.ReadInt32BigEndian(body[p..]);
                            p += 4;
                        }
                        samples.Add((d, s, f, c));
                    }
                    break;
            }
            boxes = boxes[size..];
        }
    }
}
