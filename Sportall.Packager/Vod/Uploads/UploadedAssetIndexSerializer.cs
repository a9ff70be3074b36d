using System.Runtime.InteropServices;
using System.Text;
using Sportall.Media.Model;
using Sportall.Media.Mp4.Reading;

namespace Sportall.Packager.Vod.Uploads;

/// <summary>
/// The sample index of an uploaded file as kept beside it in the store, so a restarted server (or another node)
/// serves the asset without reading its moov again. A cache: a missing, stale or unreadable index is rebuilt.
/// <code>
/// magic 'SPXI' | version(u32) | source length(i64) | movie timescale(u32) | movie duration(i64) | moov offset(i64) | track count(i32)
/// per track: track_ID(i32) kind(u8) codec(u8) timescale(i32) config(len-prefixed) codec string width height
///            frame rate(f64) sample rate channels NAL length size presentation offset(i64) sample count(i32)
///            offsets(i64[]) sizes(i32[]) decode times(i64[]) durations(u32[]) composition offsets(i32[]) sync(u8[])
/// </code>
/// Numbers are little-endian and the arrays raw copies of memory; a big-endian host rebuilds instead of reading.
/// </summary>
internal static class UploadedAssetIndexSerializer
{
    private const uint Magic = 0x49585053; // "SPXI" read as little-endian
    private const uint Version = 1;

    public static void Write(Stream output, Mp4Movie movie, long sourceLength)
    {
        using var w = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Version);
        w.Write(sourceLength);
        w.Write(movie.MovieTimescale);
        w.Write(movie.MovieDurationTicks);
        w.Write(movie.MovieBoxOffset);
        w.Write(movie.Tracks.Count);
        foreach (var t in movie.Tracks)
        {
            var info = t.Info;
            w.Write(t.TrackId);
            w.Write((byte)info.Kind);
            w.Write((byte)info.Codec);
            w.Write(info.Timescale);
            w.Write(info.CodecConfig.Length);
            w.Write(info.CodecConfig);
            w.Write(info.CodecString);
            w.Write(info.Width);
            w.Write(info.Height);
            w.Write(info.FrameRate);
            w.Write(info.SampleRate);
            w.Write(info.ChannelCount);
            w.Write(info.NalLengthSize);
            w.Write(t.PresentationOffsetTicks);
            w.Write(t.SampleCount);
            w.Flush();
            output.Write(MemoryMarshal.AsBytes(t.Offsets.AsSpan()));
            output.Write(MemoryMarshal.AsBytes(t.Sizes.AsSpan()));
            output.Write(MemoryMarshal.AsBytes(t.DecodeTimes.AsSpan()));
            output.Write(MemoryMarshal.AsBytes(t.Durations.AsSpan()));
            output.Write(MemoryMarshal.AsBytes(t.CompositionOffsets.AsSpan()));
            output.Write(MemoryMarshal.AsBytes(t.IsSync.AsSpan()));
        }
    }

    /// <summary>The index, or null when it is not this version's or was made for a source of another length.</summary>
    public static Mp4Movie? TryRead(Stream input, long sourceLength)
    {
        if (!BitConverter.IsLittleEndian) return null;
        try
        {
            using var r = new BinaryReader(input, Encoding.UTF8, leaveOpen: true);
            if (r.ReadUInt32() != Magic || r.ReadUInt32() != Version || r.ReadInt64() != sourceLength) return null;
            var movieTimescale = r.ReadUInt32();
            var movieDuration = r.ReadInt64();
            var moovOffset = r.ReadInt64();
            var count = r.ReadInt32();
            if (count is < 1 or > Mp4MovieParser.MaxTracks) return null;
            var tracks = new List<Mp4Track>(count);
            for (var i = 0; i < count; i++)
            {
                var trackId = r.ReadInt32();
                var kind = (MediaKind)r.ReadByte();
                var codec = (CodecId)r.ReadByte();
                var timescale = r.ReadInt32();
                var configLength = r.ReadInt32();
                if (configLength is < 0 or > 1 << 20) return null;
                var config = r.ReadBytes(configLength);
                var info = new TrackInfo
                {
                    Index = i,
                    Kind = kind,
                    Codec = codec,
                    Timescale = timescale,
                    CodecConfig = config,
                    CodecString = r.ReadString(),
                    Width = r.ReadInt32(),
                    Height = r.ReadInt32(),
                    FrameRate = r.ReadDouble(),
                    SampleRate = r.ReadInt32(),
                    ChannelCount = r.ReadInt32(),
                    NalLengthSize = r.ReadInt32(),
                };
                var presentationOffset = r.ReadInt64();
                var samples = r.ReadInt32();
                if (samples is < 0 or > Mp4MovieParser.MaxSamplesPerTrack) return null;
                var offsets = new long[samples];
                var sizes = new int[samples];
                var decodeTimes = new long[samples];
                var durations = new uint[samples];
                var compositionOffsets = new int[samples];
                var isSync = new bool[samples];
                input.ReadExactly(MemoryMarshal.AsBytes(offsets.AsSpan()));
                input.ReadExactly(MemoryMarshal.AsBytes(sizes.AsSpan()));
                input.ReadExactly(MemoryMarshal.AsBytes(decodeTimes.AsSpan()));
                input.ReadExactly(MemoryMarshal.AsBytes(durations.AsSpan()));
                input.ReadExactly(MemoryMarshal.AsBytes(compositionOffsets.AsSpan()));
                input.ReadExactly(MemoryMarshal.AsBytes(isSync.AsSpan()));
                tracks.Add(new Mp4Track(trackId, info, presentationOffset, offsets, sizes, decodeTimes, durations, compositionOffsets, isSync));
            }
            return new Mp4Movie(movieTimescale, movieDuration, tracks, moovOffset);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }
}
