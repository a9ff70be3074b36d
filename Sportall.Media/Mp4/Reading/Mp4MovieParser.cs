using Sportall.Media.Codecs;
using Sportall.Media.Codecs.Aac;
using Sportall.Media.Codecs.H264;
using Sportall.Media.Codecs.H265;
using Sportall.Media.Model;

namespace Sportall.Media.Mp4.Reading;

/// <summary>
/// Expands the moov of a progressive MP4/MOV into per-track sample indexes.
/// <code>
/// moov
/// ├── mvhd                       timescale (unit of elst segment_duration)
/// └── trak …
///     ├── tkhd                   track_ID, width/height 16.16
///     ├── edts
///     │   └── elst               [segment_duration, media_time(−1 = empty), rate]…
///     └── mdia
///         ├── mdhd               media timescale
///         ├── hdlr               'vide' | 'soun' (others skipped)
///         └── minf
///             └── stbl
///                 ├── stsd       avc1/avc3{avcC} | hvc1/hev1{hvcC} | mp4a{esds | wave{esds}}
///                 ├── stts       [sample_count, sample_delta]…          → decode times
///                 ├── ctts       [sample_count, sample_offset]…         → composition offsets (v0 read signed, as writers do)
///                 ├── stss       [sample_number]…                       → sync samples (absent: all sync)
///                 ├── stsz|stz2  sample sizes
///                 ├── stsc       [first_chunk, samples_per_chunk, sdi]… → samples per chunk
///                 └── stco|co64  chunk offsets (32 / 64 bit)
/// </code>
/// </summary>
public static class Mp4MovieParser
{
    /// <summary>A movie with more tracks than this is not something a camera or an editor exports.</summary>
    public const int MaxTracks = 64;

    /// <summary>24 h at 240 samples/s is 20.7 M samples; the index costs about 30 bytes a sample, so at most ~1 GiB per track.</summary>
    public const int MaxSamplesPerTrack = 32 * 1024 * 1024;

    /// <summary>An 8K intra frame at broadcast contribution bitrates stays under a few MiB; 64 MiB rejects garbage sizes.</summary>
    public const int MaxSampleSize = 64 * 1024 * 1024;

    /// <summary>Editors write one or two edits; thousands only come from broken files.</summary>
    public const int MaxEditEntries = 4096;

    /// <summary>Parses the payload of a moov box (the bytes after its header).</summary>
    /// <exception cref="Mp4FormatException">Malformed or unsupported.</exception>
    public static Mp4Movie Parse(ReadOnlySpan<byte> moovPayload, long movieBoxOffset = 0)
    {
        uint movieTimescale = 0;
        long movieDuration = 0;
        if (Mp4ChildBoxes.TryFind(moovPayload, Mp4FourCc.Mvhd, out var mvhd))
        {
            var r = new Mp4SpanReader(mvhd, "mvhd");
            var (version, _) = r.FullBoxHeader();
            if (version > 1) Mp4Throw.UnsupportedVersion(Mp4FourCc.Mvhd, version);
            r.Skip(version == 1 ? 16 : 8);
            movieTimescale = r.UInt32();
            movieDuration = version == 1 ? r.Int64() : r.UInt32();
        }

        var video = new List<Mp4Track>();
        var audio = new List<Mp4Track>();
        var children = new Mp4ChildBoxes(moovPayload);
        var trakCount = 0;
        while (children.MoveNext())
        {
            if (children.Type != Mp4FourCc.Trak) continue;
            if (++trakCount > MaxTracks) Mp4Throw.LimitExceeded("track count", trakCount, MaxTracks);
            var track = ParseTrak(children.Payload, movieTimescale, video.Count + audio.Count);
            if (track is null || track.SampleCount == 0) continue;
            (track.Info.Kind == MediaKind.Video ? video : audio).Add(track);
        }
        if (video.Count + audio.Count == 0) Mp4Throw.NoPlayableTrack();

        // Video first, as the VOD presentations list them; TrackInfo.Index follows that order.
        var tracks = new List<Mp4Track>(video.Count + audio.Count);
        foreach (var t in video) tracks.Add(Reindex(t, tracks.Count));
        foreach (var t in audio) tracks.Add(Reindex(t, tracks.Count));
        return new Mp4Movie(movieTimescale, movieDuration, tracks, movieBoxOffset);
    }

    private static Mp4Track Reindex(Mp4Track t, int index) => t.Info.Index == index
        ? t
        : new Mp4Track(t.TrackId, t.Info with { Index = index }, t.PresentationOffsetTicks, t.Offsets, t.Sizes, t.DecodeTimes, t.Durations, t.CompositionOffsets, t.IsSync);

    private static Mp4Track? ParseTrak(ReadOnlySpan<byte> trak, uint movieTimescale, int index)
    {
        if (!Mp4ChildBoxes.TryFind(trak, Mp4FourCc.Mdia, out var mdia)) return null;
        if (!Mp4ChildBoxes.TryFind(mdia, Mp4FourCc.Hdlr, out var hdlr)) return null;
        var hr = new Mp4SpanReader(hdlr, "hdlr");
        hr.FullBoxHeader();
        hr.Skip(4); // pre_defined (QuickTime: component type 'mhlr')
        var handler = hr.UInt32();
        if (handler != Mp4FourCc.Vide && handler != Mp4FourCc.Soun) return null;

        var trackId = 0;
        int tkhdWidth = 0, tkhdHeight = 0;
        if (Mp4ChildBoxes.TryFind(trak, Mp4FourCc.Tkhd, out var tkhd))
        {
            var r = new Mp4SpanReader(tkhd, "tkhd");
            var (version, _) = r.FullBoxHeader();
            if (version > 1) Mp4Throw.UnsupportedVersion(Mp4FourCc.Tkhd, version);
            r.Skip(version == 1 ? 16 : 8);
            trackId = r.Int32();
            r.Skip(4 + (version == 1 ? 8 : 4) + 8 + 8 + 36);
            tkhdWidth = (int)(r.UInt32() >> 16);
            tkhdHeight = (int)(r.UInt32() >> 16);
        }

        if (!Mp4ChildBoxes.TryFind(mdia, Mp4FourCc.Mdhd, out var mdhd)) Mp4Throw.Truncated("mdia without mdhd");
        var mr = new Mp4SpanReader(mdhd, "mdhd");
        var (mdhdVersion, _) = mr.FullBoxHeader();
        if (mdhdVersion > 1) Mp4Throw.UnsupportedVersion(Mp4FourCc.Mdhd, mdhdVersion);
        mr.Skip(mdhdVersion == 1 ? 16 : 8);
        var timescale = mr.UInt32();
        if (timescale is 0 or > int.MaxValue) Mp4Throw.Inconsistent($"track {trackId} has media timescale {timescale}");

        if (!Mp4ChildBoxes.TryFind(mdia, Mp4FourCc.Minf, out var minf) || !Mp4ChildBoxes.TryFind(minf, Mp4FourCc.Stbl, out var stbl))
        {
            Mp4Throw.Truncated($"track {trackId} without minf/stbl");
            return null;
        }

        var info = ParseStsd(stbl, handler == Mp4FourCc.Vide ? MediaKind.Video : MediaKind.Audio, (int)timescale, index, tkhdWidth, tkhdHeight);
        if (info is null) return null;

        var presentationOffset = Mp4ChildBoxes.TryFind(trak, Mp4FourCc.Edts, out var edts) && Mp4ChildBoxes.TryFind(edts, Mp4FourCc.Elst, out var elst)
            ? ParseEditList(elst, movieTimescale, timescale)
            : 0;

        var track = Mp4SampleTableExpander.Expand(stbl, trackId, info, presentationOffset);
        if (info.Kind == MediaKind.Video && presentationOffset < 0)
        {
            // A media edit that starts inside a frame's display time (a stream copy cut at a non-frame boundary):
            // that frame is dropped and the first whole frame shown starts the presentation, as ffmpeg does, so
            // video still starts at the track's presentation start.
            var firstWhole = long.MaxValue;
            for (var i = 0; i < track.SampleCount; i++)
            {
                var t = track.PresentationTime(i);
                if (t >= 0 && t < firstWhole) firstWhole = t;
            }
            if (firstWhole != long.MaxValue && firstWhole > 0)
            {
                track = new Mp4Track(track.TrackId, track.Info, presentationOffset - firstWhole, track.Offsets, track.Sizes, track.DecodeTimes, track.Durations, track.CompositionOffsets, track.IsSync);
            }
        }
        if (info.Kind == MediaKind.Video && info.FrameRate == 0 && track.SampleCount > 1 && track.EndDecodeTime > 0)
        {
            var rate = Math.Round(track.SampleCount * (double)timescale / track.EndDecodeTime, 3);
            track = new Mp4Track(track.TrackId, info with { FrameRate = rate }, track.PresentationOffsetTicks, track.Offsets, track.Sizes, track.DecodeTimes, track.Durations, track.CompositionOffsets, track.IsSync);
        }
        return track;
    }

    // elst (§8.6.6): version 1 = 64-bit segment_duration/media_time. Empty edits (media_time −1) delay the
    // track; the first media edit's media_time is the composition time shown at that point. Later edits
    // (re-timed or repeated ranges) are left out: exporters write them for gapless tricks a stream cannot carry.
    private static long ParseEditList(ReadOnlySpan<byte> elst, uint movieTimescale, uint mediaTimescale)
    {
        var r = new Mp4SpanReader(elst, "elst");
        var (version, _) = r.FullBoxHeader();
        if (version > 1) Mp4Throw.UnsupportedVersion(Mp4FourCc.Elst, version);
        var entrySize = version == 1 ? 20 : 12;
        var count = r.EntryCount(entrySize, MaxEditEntries, "edit list entry count");
        long emptyMovieTicks = 0;
        for (var i = 0; i < count; i++)
        {
            var duration = version == 1 ? r.Int64() : r.UInt32();
            var mediaTime = version == 1 ? r.Int64() : r.Int32();
            r.Skip(4); // media_rate_integer, media_rate_fraction
            if (mediaTime == -1)
            {
                emptyMovieTicks += duration;
                continue;
            }
            var empty = movieTimescale == 0 ? 0 : (long)((Int128)emptyMovieTicks * mediaTimescale / movieTimescale);
            return empty - mediaTime;
        }
        return 0;
    }

    private static TrackInfo? ParseStsd(ReadOnlySpan<byte> stbl, MediaKind kind, int timescale, int index, int tkhdWidth, int tkhdHeight)
    {
        if (!Mp4ChildBoxes.TryFind(stbl, Mp4FourCc.Stsd, out var stsd)) Mp4Throw.Truncated("stbl without stsd");
        var r = new Mp4SpanReader(stsd, "stsd");
        r.FullBoxHeader();
        var count = r.UInt32();
        if (count == 0) Mp4Throw.Truncated("stsd without a sample entry");
        var entries = new Mp4ChildBoxes(r.Rest);
        if (!entries.MoveNext()) Mp4Throw.Truncated("stsd sample entry");
        var type = entries.Type;
        var entry = entries.Payload;
        switch (type)
        {
            case Mp4FourCc.Avc1 or Mp4FourCc.Avc3 or Mp4FourCc.Hvc1 or Mp4FourCc.Hev1:
                if (kind != MediaKind.Video) Mp4Throw.Inconsistent($"video sample entry '{Mp4FourCc.ToText(type)}' in a sound track");
                return ParseVisualSampleEntry(type, entry, timescale, index, tkhdWidth, tkhdHeight);
            case Mp4FourCc.Mp4a:
                if (kind != MediaKind.Audio) Mp4Throw.Inconsistent("mp4a sample entry in a video track");
                return ParseAudioSampleEntry(entry, timescale, index);
            default:
                Mp4Throw.UnsupportedCodec(type);
                return null;
        }
    }

    // VisualSampleEntry (§12.1.3): 78 bytes of fixed fields, then child boxes (avcC/hvcC, pasp, colr, btrt…).
    private const int VisualSampleEntryFixedSize = 78;

    private static TrackInfo ParseVisualSampleEntry(uint type, ReadOnlySpan<byte> entry, int timescale, int index, int tkhdWidth, int tkhdHeight)
    {
        var r = new Mp4SpanReader(entry, Mp4FourCc.ToText(type));
        r.Skip(24);
        int entryWidth = r.UInt16(), entryHeight = r.UInt16();
        r.Skip(VisualSampleEntryFixedSize - 28);
        var isAvc = type is Mp4FourCc.Avc1 or Mp4FourCc.Avc3;
        if (!Mp4ChildBoxes.TryFind(r.Rest, isAvc ? Mp4FourCc.AvcC : Mp4FourCc.HvcC, out var record))
        {
            Mp4Throw.BadCodecConfiguration($"'{Mp4FourCc.ToText(type)}' sample entry without its {(isAvc ? "avcC" : "hvcC")} box");
        }

        string codecString;
        int width = 0, height = 0, nalLengthSize;
        double frameRate = 0;
        try
        {
            if (isAvc)
            {
                var avcC = AvcDecoderConfigurationRecord.Parse(record);
                codecString = avcC.CodecString;
                nalLengthSize = avcC.NalLengthSize;
                if (avcC.SequenceParameterSets.Count > 0)
                {
                    var sps = H264SequenceParameterSet.Parse(avcC.SequenceParameterSets[0]);
                    (width, height, frameRate) = (sps.Width, sps.Height, sps.FrameRate);
                }
            }
            else
            {
                var hvcC = HevcDecoderConfigurationRecord.Parse(record);
                nalLengthSize = hvcC.NalLengthSize;
                codecString = hvcC.CodecString;
                if (hvcC.FindFirst(HevcDecoderConfigurationRecord.SpsNalUnitType) is { } spsUnit)
                {
                    var sps = H265SequenceParameterSet.Parse(spsUnit);
                    // The record's profile fields are what the sample entry declares; some encoders leave them zero.
                    if (hvcC.ProfileTierLevel.ProfileIdc == 0) codecString = sps.CodecString;
                    (width, height, frameRate) = (sps.Width, sps.Height, sps.FrameRate);
                }
            }
        }
        catch (CodecFormatException e)
        {
            Mp4Throw.BadCodecConfiguration(isAvc ? "avcC" : "hvcC", e);
            return null!;
        }

        // Parameter sets in-band only (avc3/hev1 without any in the record) are not served: CMAF fragments need them in the header.
        return new TrackInfo
        {
            Index = index,
            Kind = MediaKind.Video,
            Codec = isAvc ? CodecId.H264 : CodecId.H265,
            Timescale = timescale,
            CodecConfig = record.ToArray(),
            CodecString = codecString,
            Width = width > 0 ? width : entryWidth > 0 ? entryWidth : tkhdWidth,
            Height = height > 0 ? height : entryHeight > 0 ? entryHeight : tkhdHeight,
            FrameRate = frameRate,
            NalLengthSize = nalLengthSize,
        };
    }

    // AudioSampleEntry (§12.2.3): 28 bytes of fixed fields. QuickTime sound description versions 1 and 2
    // (QTFF "Sound Sample Description") add 16 and 36 bytes; the version is the first of the 8 reserved bytes.
    private static TrackInfo ParseAudioSampleEntry(ReadOnlySpan<byte> entry, int timescale, int index)
    {
        var r = new Mp4SpanReader(entry, "mp4a");
        r.Skip(8);
        var soundVersion = r.UInt16();
        r.Skip(6);
        var channels = r.UInt16();
        r.Skip(6);
        var rate = (int)(r.UInt32() >> 16);
        var extra = soundVersion switch { 0 => 0, 1 => 16, 2 => 36, _ => -1 };
        if (extra < 0) Mp4Throw.UnsupportedVersion(Mp4FourCc.Mp4a, soundVersion);
        r.Skip(extra);

        ReadOnlySpan<byte> esds;
        if (!Mp4ChildBoxes.TryFind(r.Rest, Mp4FourCc.Esds, out esds))
        {
            // QuickTime puts the esds inside a 'wave' atom (frma, mp4a, esds, terminator).
            if (!Mp4ChildBoxes.TryFind(r.Rest, Mp4FourCc.Wave, out var wave) || !Mp4ChildBoxes.TryFind(wave, Mp4FourCc.Esds, out esds))
            {
                Mp4Throw.BadCodecConfiguration("mp4a sample entry without an esds box");
            }
        }
        var asc = EsdsReader.ReadAudioSpecificConfig(esds);
        AudioSpecificConfig config;
        try
        {
            config = AudioSpecificConfig.Parse(asc);
        }
        catch (CodecFormatException e)
        {
            Mp4Throw.BadCodecConfiguration("AudioSpecificConfig", e);
            return null!;
        }
        return new TrackInfo
        {
            Index = index,
            Kind = MediaKind.Audio,
            Codec = CodecId.Aac,
            Timescale = timescale,
            CodecConfig = asc.ToArray(),
            CodecString = config.CodecString,
            SampleRate = config.SamplingFrequency > 0 ? config.SamplingFrequency : rate,
            ChannelCount = config.ChannelCount > 0 ? config.ChannelCount : channels,
        };
    }
}
