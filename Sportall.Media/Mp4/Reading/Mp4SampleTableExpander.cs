using System.Buffers.Binary;
using Sportall.Media.Model;

namespace Sportall.Media.Mp4.Reading;

/// <summary>Expands one stbl's run-length tables into per-sample arrays (ISO/IEC 14496-12 §8.6-§8.7).</summary>
internal static class Mp4SampleTableExpander
{
    public static Mp4Track Expand(ReadOnlySpan<byte> stbl, int trackId, TrackInfo info, long presentationOffset)
    {
        ReadOnlySpan<byte> stts = default, ctts = default, stss = default, stsz = default, stz2 = default, stsc = default, stco = default, co64 = default;
        bool hasCtts = false, hasStss = false, hasStsz = false, hasStz2 = false, hasStco = false, hasCo64 = false, hasStts = false, hasStsc = false;
        var children = new Mp4ChildBoxes(stbl);
        while (children.MoveNext())
        {
            switch (children.Type)
            {
                case Mp4FourCc.Stts: stts = children.Payload; hasStts = true; break;
                case Mp4FourCc.Ctts: ctts = children.Payload; hasCtts = true; break;
                case Mp4FourCc.Stss: stss = children.Payload; hasStss = true; break;
                case Mp4FourCc.Stsz: stsz = children.Payload; hasStsz = true; break;
                case Mp4FourCc.Stz2: stz2 = children.Payload; hasStz2 = true; break;
                case Mp4FourCc.Stsc: stsc = children.Payload; hasStsc = true; break;
                case Mp4FourCc.Stco: stco = children.Payload; hasStco = true; break;
                case Mp4FourCc.Co64: co64 = children.Payload; hasCo64 = true; break;
            }
        }
        if (!hasStts || !hasStsc || !(hasStsz || hasStz2) || !(hasStco || hasCo64))
        {
            Mp4Throw.Truncated($"track {trackId} sample tables (stts, stsc, stsz/stz2 and stco/co64 are mandatory)");
        }

        var sizes = hasStsz ? ReadStsz(stsz) : ReadStz2(stz2);
        var n = sizes.Length;
        var decodeTimes = new long[n];
        var durations = new uint[n];
        ExpandStts(stts, decodeTimes, durations);
        var compositionOffsets = new int[n];
        if (hasCtts) ExpandCtts(ctts, compositionOffsets);
        var isSync = new bool[n];
        if (hasStss) ExpandStss(stss, isSync);
        else isSync.AsSpan().Fill(true);
        var offsets = new long[n];
        ExpandChunks(stsc, hasCo64 ? co64 : stco, hasCo64, sizes, offsets);
        return new Mp4Track(trackId, info, presentationOffset, offsets, sizes, decodeTimes, durations, compositionOffsets, isSync);
    }

    private static int[] ReadStsz(ReadOnlySpan<byte> payload)
    {
        var r = new Mp4SpanReader(payload, "stsz");
        r.FullBoxHeader();
        var constantSize = r.UInt32();
        if (constantSize != 0)
        {
            var count = r.UInt32();
            if (count > Mp4MovieParser.MaxSamplesPerTrack) Mp4Throw.LimitExceeded("sample count", count, Mp4MovieParser.MaxSamplesPerTrack);
            if (constantSize > Mp4MovieParser.MaxSampleSize) Mp4Throw.LimitExceeded("sample size", constantSize, Mp4MovieParser.MaxSampleSize);
            var constant = new int[count];
            constant.AsSpan().Fill((int)constantSize);
            return constant;
        }
        var n = r.EntryCount(4, Mp4MovieParser.MaxSamplesPerTrack, "sample count");
        var sizes = new int[n];
        var rest = r.Rest;
        for (var i = 0; i < n; i++)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(rest[(i * 4)..]);
            if (size > Mp4MovieParser.MaxSampleSize) Mp4Throw.LimitExceeded("sample size", size, Mp4MovieParser.MaxSampleSize);
            sizes[i] = (int)size;
        }
        return sizes;
    }

    // stz2 (§8.7.3.3): reserved(24) field_size(8) sample_count(32), then entries of 4, 8 or 16 bits.
    private static int[] ReadStz2(ReadOnlySpan<byte> payload)
    {
        var r = new Mp4SpanReader(payload, "stz2");
        r.FullBoxHeader();
        r.Skip(3);
        var fieldSize = r.UInt8();
        if (fieldSize is not (4 or 8 or 16)) Mp4Throw.Inconsistent($"stz2 field_size {fieldSize} is not 4, 8 or 16");
        var count = r.UInt32();
        if (count > Mp4MovieParser.MaxSamplesPerTrack) Mp4Throw.LimitExceeded("sample count", count, Mp4MovieParser.MaxSamplesPerTrack);
        if ((count * (long)fieldSize + 7) / 8 > r.Remaining) Mp4Throw.Truncated("stz2");
        var rest = r.Rest;
        var sizes = new int[count];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = fieldSize switch
            {
                16 => BinaryPrimitives.ReadUInt16BigEndian(rest[(i * 2)..]),
                8 => rest[i],
                _ => (i & 1) == 0 ? rest[i / 2] >> 4 : rest[i / 2] & 0x0F,
            };
        }
        return sizes;
    }

    private static void ExpandStts(ReadOnlySpan<byte> payload, long[] decodeTimes, uint[] durations)
    {
        var r = new Mp4SpanReader(payload, "stts");
        r.FullBoxHeader();
        var entries = r.EntryCount(8, Mp4MovieParser.MaxSamplesPerTrack, "stts entry count");
        var sample = 0;
        long time = 0;
        for (var e = 0; e < entries; e++)
        {
            var count = r.UInt32();
            var delta = r.UInt32();
            if (count > (uint)(decodeTimes.Length - sample)) Mp4Throw.Inconsistent($"stts describes more than the {decodeTimes.Length} samples of stsz");
            for (var i = 0; i < count; i++)
            {
                decodeTimes[sample] = time;
                durations[sample] = delta;
                time += delta;
                sample++;
            }
        }
        if (sample != decodeTimes.Length) Mp4Throw.Inconsistent($"stts describes {sample} samples, stsz {decodeTimes.Length}");
    }

    // ctts (§8.6.1.3): version 0 declares offsets unsigned, but writers put negative ones there too; read them signed, as every demuxer does.
    private static void ExpandCtts(ReadOnlySpan<byte> payload, int[] offsets)
    {
        var r = new Mp4SpanReader(payload, "ctts");
        var (version, _) = r.FullBoxHeader();
        if (version > 1) Mp4Throw.UnsupportedVersion(Mp4FourCc.Ctts, version);
        var entries = r.EntryCount(8, Mp4MovieParser.MaxSamplesPerTrack, "ctts entry count");
        var sample = 0;
        for (var e = 0; e < entries; e++)
        {
            var count = r.UInt32();
            var offset = r.Int32();
            if (count > (uint)(offsets.Length - sample)) Mp4Throw.Inconsistent($"ctts describes more than the {offsets.Length} samples of stsz");
            offsets.AsSpan(sample, (int)count).Fill(offset);
            sample += (int)count;
        }
        // A short ctts leaves the remaining samples at offset 0 (ffmpeg reads it so too).
    }

    private static void ExpandStss(ReadOnlySpan<byte> payload, bool[] isSync)
    {
        var r = new Mp4SpanReader(payload, "stss");
        r.FullBoxHeader();
        var entries = r.EntryCount(4, Mp4MovieParser.MaxSamplesPerTrack, "stss entry count");
        for (var e = 0; e < entries; e++)
        {
            var number = r.UInt32();
            if (number == 0 || number > isSync.Length) Mp4Throw.Inconsistent($"stss names sample {number} of {isSync.Length}");
            isSync[number - 1] = true;
        }
    }

    // stsc (§8.7.4): runs of chunks with the same samples_per_chunk, from first_chunk (1-based) to the next entry's first_chunk − 1.
    private static void ExpandChunks(ReadOnlySpan<byte> stscPayload, ReadOnlySpan<byte> chunkOffsetPayload, bool is64Bit, int[] sizes, long[] offsets)
    {
        var cr = new Mp4SpanReader(chunkOffsetPayload, is64Bit ? "co64" : "stco");
        cr.FullBoxHeader();
        var chunkCount = cr.EntryCount(is64Bit ? 8 : 4, Mp4MovieParser.MaxSamplesPerTrack, "chunk count");
        var chunkOffsets = cr.Rest;

        var sr = new Mp4SpanReader(stscPayload, "stsc");
        sr.FullBoxHeader();
        var entries = sr.EntryCount(12, Mp4MovieParser.MaxSamplesPerTrack, "stsc entry count");
        var stsc = sr.Rest;

        var sample = 0;
        for (var e = 0; e < entries && sample < sizes.Length; e++)
        {
            var firstChunk = BinaryPrimitives.ReadUInt32BigEndian(stsc[(e * 12)..]);
            var samplesPerChunk = BinaryPrimitives.ReadUInt32BigEndian(stsc[(e * 12 + 4)..]);
            var descriptionIndex = BinaryPrimitives.ReadUInt32BigEndian(stsc[(e * 12 + 8)..]);
            if (descriptionIndex != 1) Mp4Throw.UnsupportedCodec("Tracks with several sample descriptions (a mid-file codec change) are not supported.");
            var lastChunk = e + 1 < entries ? BinaryPrimitives.ReadUInt32BigEndian(stsc[((e + 1) * 12)..]) - 1 : (uint)chunkCount;
            if (firstChunk == 0 || firstChunk > chunkCount || lastChunk > chunkCount || lastChunk + 1 < firstChunk)
            {
                Mp4Throw.Inconsistent($"stsc run of chunks {firstChunk}..{lastChunk} outside the {chunkCount} chunks");
            }
            for (var chunk = firstChunk; chunk <= lastChunk && sample < sizes.Length; chunk++)
            {
                var offset = is64Bit
                    ? (long)BinaryPrimitives.ReadUInt64BigEndian(chunkOffsets[((int)(chunk - 1) * 8)..])
                    : BinaryPrimitives.ReadUInt32BigEndian(chunkOffsets[((int)(chunk - 1) * 4)..]);
                if (offset < 0) Mp4Throw.Inconsistent($"chunk {chunk} offset is negative");
                for (var i = 0u; i < samplesPerChunk && sample < sizes.Length; i++)
                {
                    offsets[sample] = offset;
                    offset += sizes[sample];
                    sample++;
                }
            }
        }
        if (sample != sizes.Length) Mp4Throw.Inconsistent($"stsc/stco place {sample} of {sizes.Length} samples");
    }
}
