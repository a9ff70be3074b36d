using System.Buffers.Binary;
using System.Text;

namespace Sportall.Media.Tests.Mp4.Reading;

/// <summary>Literal boxes for reader table tests: an AAC-only moov whose sample tables each test writes by hand.</summary>
internal static class MoovBuilder
{
    public static byte[] Box(string type, params byte[][] parts)
    {
        var length = 8 + parts.Sum(p => p.Length);
        var box = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)length);
        Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        var pos = 8;
        foreach (var p in parts)
        {
            p.CopyTo(box, pos);
            pos += p.Length;
        }
        return box;
    }

    public static byte[] FullBox(string type, byte version, uint flags, params byte[][] parts) =>
        Box(type, [U32((uint)version << 24 | flags), .. parts]);

    public static byte[] U8(byte v) => [v];

    public static byte[] U16(ushort v) => [(byte)(v >> 8), (byte)v];

    public static byte[] U32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, v);
        return b;
    }

    public static byte[] I32(int v) => U32((uint)v);

    public static byte[] U64(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        return b;
    }

    public static byte[] Zeros(int n) => new byte[n];

    public static byte[] Cat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Stts(params (uint Count, uint Delta)[] entries) =>
        FullBox("stts", 0, 0, [U32((uint)entries.Length), .. entries.Select(e => Cat(U32(e.Count), U32(e.Delta)))]);

    public static byte[] Stsc(params (uint FirstChunk, uint SamplesPerChunk)[] entries) =>
        FullBox("stsc", 0, 0, [U32((uint)entries.Length), .. entries.Select(e => Cat(U32(e.FirstChunk), U32(e.SamplesPerChunk), U32(1)))]);

    public static byte[] Stsz(params uint[] sizes) => FullBox("stsz", 0, 0, [U32(0), U32((uint)sizes.Length), .. sizes.Select(U32)]);

    public static byte[] StszConstant(uint size, uint count) => FullBox("stsz", 0, 0, U32(size), U32(count));

    public static byte[] Stco(params uint[] offsets) => FullBox("stco", 0, 0, [U32((uint)offsets.Length), .. offsets.Select(U32)]);

    public static byte[] Co64(params ulong[] offsets) => FullBox("co64", 0, 0, [U32((uint)offsets.Length), .. offsets.Select(U64)]);

    // AudioSpecificConfig 0x11 0x90: AAC LC (2), 48 kHz (index 3), 2 channels.
    public static readonly byte[] AacLc48kStereo = [0x11, 0x90];

    public static byte[] Mp4aEntry(byte[] asc, ushort soundVersion = 0)
    {
        var esds = FullBox("esds", 0, 0,
            Descriptor(0x03, Cat(U16(0), U8(0),
                Descriptor(0x04, Cat(U8(0x40), U8(0x15), Zeros(3), U32(128000), U32(128000), Descriptor(0x05, asc))),
                Descriptor(0x06, [0x02]))));
        var fixedFields = Cat(Zeros(6), U16(1), U16(soundVersion), Zeros(6), U16(2), U16(16), Zeros(4), U32(48000u << 16));
        var extra = soundVersion switch { 1 => Zeros(16), 2 => Zeros(36), _ => [] };
        return Box("mp4a", fixedFields, extra, soundVersion == 0 ? esds : Box("wave", Box("frma", Encoding.ASCII.GetBytes("mp4a")), esds, Zeros(8)));
    }

    private static byte[] Descriptor(byte tag, byte[] payload) => Cat([tag, (byte)payload.Length], payload);

    public static byte[] Mvhd(uint timescale) =>
        FullBox("mvhd", 0, 0, U32(0), U32(0), U32(timescale), U32(0), Zeros(80));

    public static byte[] Elst(params (long Duration, long MediaTime)[] entries) =>
        Box("edts", FullBox("elst", 1, 0, [U32((uint)entries.Length), .. entries.Select(e => Cat(U64((ulong)e.Duration), U64((ulong)e.MediaTime), U32(0x00010000)))]));

    public static byte[] AudioTrak(uint mediaTimescale, byte[] sampleEntry, byte[][] tables, byte[]? edts = null, byte mdhdVersion = 0)
    {
        var tkhd = FullBox("tkhd", 0, 3, U32(0), U32(0), U32(7), Zeros(4), U32(0), Zeros(8), Zeros(8), Zeros(36), U32(0), U32(0));
        var mdhd = mdhdVersion == 1
            ? FullBox("mdhd", 1, 0, U64(0), U64(0), U32(mediaTimescale), U64(0), U32(0))
            : FullBox("mdhd", mdhdVersion, 0, U32(0), U32(0), U32(mediaTimescale), U32(0), U32(0));
        var hdlr = FullBox("hdlr", 0, 0, U32(0), Encoding.ASCII.GetBytes("soun"), Zeros(12), [0]);
        var stsd = FullBox("stsd", 0, 0, U32(1), sampleEntry);
        var stbl = Box("stbl", [stsd, .. tables]);
        var minf = Box("minf", FullBox("smhd", 0, 0, Zeros(4)), stbl);
        return edts is null ? Box("trak", tkhd, Box("mdia", mdhd, hdlr, minf)) : Box("trak", tkhd, edts, Box("mdia", mdhd, hdlr, minf));
    }

    /// <summary>The moov payload (after its header), as <c>Mp4MovieParser.Parse</c> takes it.</summary>
    public static byte[] MoovPayload(uint movieTimescale, params byte[][] traks) => Cat([Mvhd(movieTimescale), .. traks]);
}
