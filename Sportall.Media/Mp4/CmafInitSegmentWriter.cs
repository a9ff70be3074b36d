using System.Buffers;
using Sportall.Media.Model;

namespace Sportall.Media.Mp4;

/// <summary>
/// Writes a CMAF header (init segment) for one track: CMAF (ISO/IEC 23000-19) keeps audio and
/// video in separate tracks, each with its own header, so every init segment holds exactly one trak.
/// </summary>
/// <remarks>
/// <code>
/// ftyp                      major iso6, compatible iso6 cmfc mp41
/// moov
/// ├── mvhd                  timescale 1000, duration 0 (fragmented: the duration lives in the fragments)
/// ├── trak
/// │   ├── tkhd              track_ID 1; width/height 16.16 (video) or volume 1.0 (audio)
/// │   └── mdia
/// │       ├── mdhd          timescale = TrackInfo.Timescale, language 'und'
/// │       ├── hdlr          'vide' | 'soun'
/// │       └── minf
/// │           ├── vmhd | smhd
/// │           ├── dinf
/// │           │   └── dref
/// │           │       └── url    flags 1: media is in this file
/// │           └── stbl
/// │               ├── stsd
/// │               │   └── avc1{avcC} | hvc1{hvcC} | av01{av1C} | mp4a{esds}
/// │               ├── stts  (empty)
/// │               ├── stsc  (empty)
/// │               ├── stsz  (empty)
/// │               └── stco  (empty)
/// └── mvex
///     └── trex              defaults all zero: every trun states its own values
/// </code>
/// Brands: <c>iso6</c> as major brand because the fragments use what iso6 guarantees readers understand
/// (tfdt, trun version 1 with signed composition offsets, default-base-is-moof); <c>cmfc</c> declares a
/// CMAF track (the CMAF structural brand of ISO/IEC 23000-19);
/// <c>mp41</c> keeps tools that only accept classic MP4 brands from refusing the file.
/// </remarks>
public static class CmafInitSegmentWriter
{
    /// <summary>The single track's track_ID, also used by <see cref="CmafFragmentWriter"/>.</summary>
    public const uint TrackId = 1;

    private const uint MovieTimescale = 1000;
    private const int FtypSize = 8 + 8 + 3 * 4;
    private const int MvhdSize = 108;
    private const int TkhdSize = 92;
    private const int MdhdSize = 32;
    private const int HdlrFixedSize = 32;
    private const int VmhdSize = 20;
    private const int SmhdSize = 16;
    private const int DinfSize = 36;
    private const int EmptyTableSize = 16;
    private const int StszSize = 20;
    private const int StsdFixedSize = 16;
    private const int VisualSampleEntryFixedSize = 86;
    private const int AudioSampleEntryFixedSize = 36;
    private const int TrexSize = 32;
    private const int MvexSize = 8 + TrexSize;

    // ISO 639-2/T 'und' packed as three 5-bit letters (each minus 0x60) after a zero pad bit (§8.4.2.3).
    private const ushort LanguageUnd = ('u' - 0x60) << 10 | ('n' - 0x60) << 5 | ('d' - 0x60);

    private static ReadOnlySpan<byte> VideoHandlerName => "VideoHandler\0"u8;
    private static ReadOnlySpan<byte> SoundHandlerName => "SoundHandler\0"u8;

    /// <summary>Total bytes <see cref="Write"/> produces for <paramref name="track"/>.</summary>
    public static int ComputeSize(TrackInfo track) => FtypSize + ComputeMoovSize(track);

    /// <summary>Writes ftyp + moov for <paramref name="track"/> with one GetSpan/Advance.</summary>
    /// <exception cref="ArgumentException">The codec cannot go into a CMAF track of this kind.</exception>
    public static void Write(IBufferWriter<byte> output, TrackInfo track)
    {
        var total = ComputeSize(track);
        var span = output.GetSpan(total)[..total];
        var w = new Mp4SpanWriter(span);
        WriteFtyp(ref w);
        WriteMoov(ref w, track);
        if (w.Position != total) throw new InvalidOperationException($"init segment size mismatch: computed {total}, wrote {w.Position}");
        output.Advance(total);
    }

    /// <summary>Convenience: the init segment as a new array (once per track and period, not on a hot path).</summary>
    public static byte[] Create(TrackInfo track)
    {
        var writer = new ArrayBufferWriter<byte>(ComputeSize(track));
        Write(writer, track);
        return writer.WrittenSpan.ToArray();
    }

    private static int ComputeMoovSize(TrackInfo track) => 8 + MvhdSize + ComputeTrakSize(track) + MvexSize;

    private static int ComputeTrakSize(TrackInfo track) => 8 + TkhdSize + ComputeMdiaSize(track);

    private static int ComputeMdiaSize(TrackInfo track) =>
        8 + MdhdSize + HdlrFixedSize + HandlerName(track).Length + ComputeMinfSize(track);

    private static int ComputeMinfSize(TrackInfo track) =>
        8 + (track.Kind == MediaKind.Video ? VmhdSize : SmhdSize) + DinfSize + ComputeStblSize(track);

    private static int ComputeStblSize(TrackInfo track) =>
        8 + StsdFixedSize + ComputeSampleEntrySize(track) + 3 * EmptyTableSize + StszSize;

    private static int ComputeSampleEntrySize(TrackInfo track) => track.Kind switch
    {
        MediaKind.Video => VisualSampleEntryFixedSize + 8 + track.CodecConfig.Length,
        _ => AudioSampleEntryFixedSize + ComputeEsdsSize(track.CodecConfig.Length),
    };

    private static ReadOnlySpan<byte> HandlerName(TrackInfo track) =>
        track.Kind == MediaKind.Video ? VideoHandlerName : SoundHandlerName;

    private static void WriteFtyp(ref Mp4SpanWriter w)
    {
        w.Box(FtypSize, Mp4BoxType.Ftyp);
        w.UInt32(Mp4BoxType.Iso6); // major_brand
        w.UInt32(0);               // minor_version
        w.UInt32(Mp4BoxType.Iso6);
        w.UInt32(Mp4BoxType.Cmfc);
        w.UInt32(Mp4BoxType.Mp41);
    }

    private static void WriteMoov(ref Mp4SpanWriter w, TrackInfo track)
    {
        w.Box(ComputeMoovSize(track), Mp4BoxType.Moov);

        // mvhd (§8.2.2), version 0.
        w.FullBox(MvhdSize, Mp4BoxType.Mvhd, 0, 0);
        w.UInt32(0);              // creation_time
        w.UInt32(0);              // modification_time
        w.UInt32(MovieTimescale); // timescale
        w.UInt32(0);              // duration: unknown (fragmented)
        w.UInt32(0x00010000);     // rate 1.0
        w.UInt16(0x0100);         // volume 1.0
        w.Zeros(2 + 8);           // reserved
        w.UnityMatrix();
        w.Zeros(24);              // pre_defined
        w.UInt32(TrackId + 1);    // next_track_ID

        WriteTrak(ref w, track);

        // mvex { trex } (§8.8.1, §8.8.3).
        w.Box(MvexSize, Mp4BoxType.Mvex);
        w.FullBox(TrexSize, Mp4BoxType.Trex, 0, 0);
        w.UInt32(TrackId);
        w.UInt32(1); // default_sample_description_index
        w.UInt32(0); // default_sample_duration
        w.UInt32(0); // default_sample_size
        w.UInt32(0); // default_sample_flags
    }

    private static void WriteTrak(ref Mp4SpanWriter w, TrackInfo track)
    {
        var isVideo = track.Kind == MediaKind.Video;
        w.Box(ComputeTrakSize(track), Mp4BoxType.Trak);

        // tkhd (§8.3.2), version 0, flags track_enabled | track_in_movie.
        w.FullBox(TkhdSize, Mp4BoxType.Tkhd, 0, 0x000003);
        w.UInt32(0);       // creation_time
        w.UInt32(0);       // modification_time
        w.UInt32(TrackId);
        w.UInt32(0);       // reserved
        w.UInt32(0);       // duration
        w.Zeros(8);        // reserved
        w.UInt16(0);       // layer
        w.UInt16(0);       // alternate_group
        w.UInt16(isVideo ? (ushort)0 : (ushort)0x0100); // volume: "if track_is_audio 0x0100 else 0"
        w.UInt16(0);       // reserved
        w.UnityMatrix();
        w.UInt32(isVideo ? (uint)track.Width << 16 : 0);  // width, 16.16
        w.UInt32(isVideo ? (uint)track.Height << 16 : 0); // height, 16.16

        w.Box(ComputeMdiaSize(track), Mp4BoxType.Mdia);

        // mdhd (§8.4.2), version 0.
        w.FullBox(MdhdSize, Mp4BoxType.Mdhd, 0, 0);
        w.UInt32(0); // creation_time
        w.UInt32(0); // modification_time
        w.UInt32((uint)track.Timescale);
        w.UInt32(0); // duration
        w.UInt16(LanguageUnd);
        w.UInt16(0); // pre_defined

        // hdlr (§8.4.3).
        var name = HandlerName(track);
        w.FullBox(HdlrFixedSize + name.Length, Mp4BoxType.Hdlr, 0, 0);
        w.UInt32(0); // pre_defined
        w.UInt32(isVideo ? Mp4BoxType.Vide : Mp4BoxType.Soun);
        w.Zeros(12); // reserved
        w.Bytes(name);

        w.Box(ComputeMinfSize(track), Mp4BoxType.Minf);
        if (isVideo)
        {
            // vmhd (§12.1.2): flags = 1 is mandated.
            w.FullBox(VmhdSize, Mp4BoxType.Vmhd, 0, 1);
            w.UInt16(0); // graphicsmode: copy
            w.Zeros(6);  // opcolor
        }
        else
        {
            w.FullBox(SmhdSize, Mp4BoxType.Smhd, 0, 0);
            w.UInt16(0); // balance
            w.UInt16(0); // reserved
        }

        // dinf { dref { url  } } (§8.7.1-8.7.2): flag 1 = self-contained, no location string.
        w.Box(DinfSize, Mp4BoxType.Dinf);
        w.FullBox(DinfSize - 8, Mp4BoxType.Dref, 0, 0);
        w.UInt32(1); // entry_count
        w.FullBox(12, Mp4BoxType.Url, 0, 1);

        w.Box(ComputeStblSize(track), Mp4BoxType.Stbl);
        w.FullBox(StsdFixedSize + ComputeSampleEntrySize(track), Mp4BoxType.Stsd, 0, 0);
        w.UInt32(1); // entry_count
        if (isVideo) WriteVisualSampleEntry(ref w, track);
        else WriteAudioSampleEntry(ref w, track);

        // The sample tables stay empty: every sample lives in a movie fragment (CMAF headers carry no samples).
        w.FullBox(EmptyTableSize, Mp4BoxType.Stts, 0, 0); w.UInt32(0);
        w.FullBox(EmptyTableSize, Mp4BoxType.Stsc, 0, 0); w.UInt32(0);
        w.FullBox(StszSize, Mp4BoxType.Stsz, 0, 0); w.UInt32(0); w.UInt32(0);
        w.FullBox(EmptyTableSize, Mp4BoxType.Stco, 0, 0); w.UInt32(0);
    }

    private static void WriteVisualSampleEntry(ref Mp4SpanWriter w, TrackInfo track)
    {
        var (entryType, configType) = track.Codec switch
        {
            CodecId.H264 => (Mp4BoxType.Avc1, Mp4BoxType.AvcC),
            CodecId.H265 => (Mp4BoxType.Hvc1, Mp4BoxType.HvcC),
            CodecId.Av1 => (Mp4BoxType.Av01, Mp4BoxType.Av1C),
            _ => throw new ArgumentException($"codec {track.Codec} is not a video codec", nameof(track)),
        };
        if (track.Width is < 0 or > ushort.MaxValue || track.Height is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentException("video dimensions must fit 16 bits", nameof(track));
        }

        // VisualSampleEntry (§12.1.3).
        w.Box(ComputeSampleEntrySize(track), entryType);
        w.Zeros(6);                 // reserved
        w.UInt16(1);                // data_reference_index
        w.UInt16(0);                // pre_defined
        w.UInt16(0);                // reserved
        w.Zeros(12);                // pre_defined
        w.UInt16((ushort)track.Width);
        w.UInt16((ushort)track.Height);
        w.UInt32(0x00480000);       // horizresolution 72 dpi
        w.UInt32(0x00480000);       // vertresolution 72 dpi
        w.UInt32(0);                // reserved
        w.UInt16(1);                // frame_count
        w.Zeros(32);                // compressorname (empty Pascal string)
        w.UInt16(0x0018);           // depth
        w.Int16(-1);                // pre_defined
        w.Box(8 + track.CodecConfig.Length, configType);
        w.Bytes(track.CodecConfig);
    }

    private static void WriteAudioSampleEntry(ref Mp4SpanWriter w, TrackInfo track)
    {
        if (track.Codec != CodecId.Aac) throw new ArgumentException($"codec {track.Codec} is not supported in an audio CMAF track", nameof(track));

        // AudioSampleEntry (§12.2.3).
        w.Box(ComputeSampleEntrySize(track), Mp4BoxType.Mp4a);
        w.Zeros(6);   // reserved
        w.UInt16(1);  // data_reference_index
        w.Zeros(8);   // reserved
        w.UInt16((ushort)Math.Clamp(track.ChannelCount, 1, ushort.MaxValue)); // channelcount
        w.UInt16(16); // samplesize
        w.UInt16(0);  // pre_defined
        w.UInt16(0);  // reserved
        // samplerate is 16.16; rates above 65535 Hz do not fit and are left 0: the AudioSpecificConfig is authoritative.
        var rate = track.SampleRate > 0 ? track.SampleRate : track.Timescale;
        w.UInt32(rate <= ushort.MaxValue ? (uint)rate << 16 : 0);
        WriteEsds(ref w, track);
    }

    //  esds (ISO/IEC 14496-14 §5.6): FullBox + ES_Descriptor (ISO/IEC 14496-1 §7.2.6.5)
    //  ES_Descriptor (tag 0x03)
    //  ├── ES_ID(16) flags(8)
    //  ├── DecoderConfigDescriptor (tag 0x04)
    //  │   ├── objectTypeIndication 0x40 (Audio ISO/IEC 14496-3), streamType 5 (audio) << 2 | upStream 0 | reserved 1
    //  │   ├── bufferSizeDB(24) maxBitrate(32) avgBitrate(32)
    //  │   └── DecoderSpecificInfo (tag 0x05) = AudioSpecificConfig
    //  └── SLConfigDescriptor (tag 0x06) predefined = 2 ("reserved for use in MP4 files")
    private const int DecoderConfigFixedSize = 13;

    private static int ComputeEsdsSize(int audioSpecificConfigLength)
    {
        var decoderSpecificInfo = DescriptorSize(audioSpecificConfigLength);
        var decoderConfig = DescriptorSize(DecoderConfigFixedSize + decoderSpecificInfo);
        var esDescriptor = DescriptorSize(3 + decoderConfig + DescriptorSize(1));
        return 12 + esDescriptor;
    }

    private static void WriteEsds(ref Mp4SpanWriter w, TrackInfo track)
    {
        var asc = track.CodecConfig;
        var decoderSpecificInfoPayload = asc.Length;
        var decoderConfigPayload = DecoderConfigFixedSize + DescriptorSize(decoderSpecificInfoPayload);
        var esPayload = 3 + DescriptorSize(decoderConfigPayload) + DescriptorSize(1);

        w.FullBox(ComputeEsdsSize(asc.Length), Mp4BoxType.Esds, 0, 0);
        DescriptorHeader(ref w, 0x03, esPayload);
        w.UInt16(0); // ES_ID: 0 in MP4 files (14496-14 §3.1.2)
        w.UInt8(0);  // streamDependenceFlag, URL_Flag, OCRstreamFlag, streamPriority
        DescriptorHeader(ref w, 0x04, decoderConfigPayload);
        w.UInt8(0x40);                 // objectTypeIndication: Audio ISO/IEC 14496-3
        w.UInt8(0x05 << 2 | 1);        // streamType audio, upStream 0, reserved 1
        w.UInt24(0);                   // bufferSizeDB: unknown
        var bitrate = (uint)Math.Max(track.NominalBitrate, 0);
        w.UInt32(bitrate);             // maxBitrate
        w.UInt32(bitrate);             // avgBitrate
        DescriptorHeader(ref w, 0x05, decoderSpecificInfoPayload);
        w.Bytes(asc);
        DescriptorHeader(ref w, 0x06, 1);
        w.UInt8(0x02);
    }

    // Descriptor sizes use the expandable class size: 7 bits per byte, high bit = more follows (14496-1 §8.3.3).
    private static int DescriptorSize(int payload) => 1 + SizeOfInstanceLength(payload) + payload;

    private static int SizeOfInstanceLength(int payload) => payload switch
    {
        < 1 << 7 => 1,
        < 1 << 14 => 2,
        < 1 << 21 => 3,
        _ => 4,
    };

    private static void DescriptorHeader(ref Mp4SpanWriter w, byte tag, int payload)
    {
        w.UInt8(tag);
        for (var i = SizeOfInstanceLength(payload) - 1; i >= 0; i--)
        {
            var b = (byte)((payload >> (7 * i)) & 0x7F);
            w.UInt8(i > 0 ? (byte)(b | 0x80) : b);
        }
    }
}
