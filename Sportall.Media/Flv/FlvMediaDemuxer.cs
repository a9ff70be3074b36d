using System.Buffers.Binary;
using Sportall.Media.Buffers;
using Sportall.Media.Codecs;
using Sportall.Media.Codecs.Aac;
using Sportall.Media.Codecs.Av1;
using Sportall.Media.Codecs.H264;
using Sportall.Media.Codecs.H265;
using Sportall.Media.Model;

namespace Sportall.Media.Flv;

/// <summary>
/// Turns FLV tag bodies, as RTMP delivers them, into tracks and access units for an <see cref="IMediaSink"/>.
/// Handles legacy AVC/AAC tags and Enhanced RTMP v1 video (<c>hvc1</c>, <c>av01</c>, <c>avc1</c>).
/// </summary>
/// <remarks>
/// Tracks are announced once every track the metadata promised has its sequence header; without
/// (complete) metadata, once both tracks have one or <see cref="TrackWaitMs"/> of media passed after
/// the first. Frames arriving before that are held (bounded by <see cref="MaxPendingFrames"/>) and
/// delivered right after the announcement in arrival order. Not thread-safe: one publish session
/// calls it from one thread at a time.
/// </remarks>
public sealed class FlvMediaDemuxer
{
    /// <summary>
    /// How long, in media time, to wait for the other track's sequence header when metadata does not
    /// say which tracks exist. Encoders send both headers before the first frames (ffmpeg, OBS) or
    /// within the first GOP; a second covers that without delaying an audio-only or video-only stream much.
    /// </summary>
    internal const long TrackWaitMs = 1000;

    /// <summary>
    /// How long to wait for a track the metadata announced but whose sequence header never comes
    /// (an encoder configured with audio that fails to open its audio device): then go on without it.
    /// </summary>
    internal const long AnnouncedTrackWaitMs = 3000;

    /// <summary>
    /// Frames held before the tracks are announced: 3 s of 60 fps video plus 48 kHz AAC (47 frames/s)
    /// is 321; 1024 leaves room for 120 fps or high-rate audio. Older frames are dropped and counted.
    /// </summary>
    internal const int MaxPendingFrames = 1024;

    private const int VideoTimescale = 90000;
    private const int MsToVideoTicks = VideoTimescale / 1000;

    // FLV spec v10.1 E.4.3.1 FrameType and CodecID.
    private const int FrameTypeKeyframe = 1;
    private const int FrameTypeCommand = 5;
    private const int CodecIdAvc = 7;
    private const int AvcPacketTypeSequenceHeader = 0, AvcPacketTypeNalu = 1, AvcPacketTypeEndOfSequence = 2;

    // Enhanced RTMP v1 "ExVideoTagHeader": IsExHeader is the top bit, then FrameType (3 bits), then PacketType (4 bits).
    private const int ExHeaderFlag = 0x80;
    private const int PacketTypeSequenceStart = 0, PacketTypeCodedFrames = 1, PacketTypeSequenceEnd = 2,
        PacketTypeCodedFramesX = 3, PacketTypeMetadata = 4, PacketTypeMpeg2TsSequenceStart = 5;
    private const uint FourCcHvc1 = 0x68766331, FourCcAv01 = 0x61763031, FourCcAvc1 = 0x61766331;

    // E.4.2.1 SoundFormat and AACPacketType.
    private const int SoundFormatAac = 10;
    private const int AacPacketTypeSequenceHeader = 0, AacPacketTypeRaw = 1;

    private readonly IMediaSink _sink;
    private readonly Queue<PendingFrame> _pending = new();
    private readonly TrackState _video = new(MediaKind.Video);
    private readonly TrackState _audio = new(MediaKind.Audio);
    private StreamMetadata? _metadata;
    private bool _ready;
    private bool _sawSequenceHeader;
    private long _firstSequenceHeaderMs;
    private long _latestMs = long.MinValue;
    private int _nextIndex;

    public FlvMediaDemuxer(IMediaSink sink)
    {
        _sink = sink;
    }

    /// <summary>Frames not delivered: coded frames before their track's sequence header, overflow of the pre-announcement buffer, empty or malformed frames.</summary>
    public long DroppedFrames { get; private set; }

    /// <summary>Times the AAC sample count was re-anchored to the tag clock because of a gap.</summary>
    public long AudioResyncs => _audio.Clock.Resyncs;

    /// <summary>Metadata from onMetaData / @setDataFrame: which tracks to wait for, and fallbacks for size, frame rate and bitrate.</summary>
    public void OnMetadata(StreamMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        _metadata = metadata;
    }

    /// <summary>An FLV AUDIODATA body with its unwrapped timestamp in milliseconds.</summary>
    /// <exception cref="FlvFormatException">A codec other than AAC, a truncated tag, or a malformed AudioSpecificConfig.</exception>
    public void OnAudioTag(long timestampMs, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) FlvThrow.Truncated("audio tag", 0);
        // SoundFormat(4) SoundRate(2) SoundSize(1) SoundType(1); for AAC the last three are fixed and meaningless.
        var soundFormat = body[0] >> 4;
        if (soundFormat != SoundFormatAac) FlvThrow.UnsupportedAudioCodec(soundFormat);
        if (body.Length < 2) FlvThrow.Truncated("AAC audio tag", body.Length);
        NoteTimestamp(timestampMs);
        var data = body[2..];
        switch (body[1])
        {
            case AacPacketTypeSequenceHeader:
                OnAudioSequenceHeader(timestampMs, data);
                break;
            case AacPacketTypeRaw:
                if (_audio.Config is null || data.IsEmpty)
                {
                    DroppedFrames++;
                    break;
                }
                var dts = _audio.Clock.Next(timestampMs);
                Emit(_audio, dts, 0, _audio.Timescale, isKeyframe: true, data);
                break;
            default:
                FlvThrow.UnsupportedPacketType("AACPacketType", body[1]);
                break;
        }
        CheckReadiness();
    }

    /// <summary>An FLV VIDEODATA body (legacy or Enhanced RTMP) with its unwrapped timestamp in milliseconds.</summary>
    /// <exception cref="FlvFormatException">An unsupported codec or packet type, a truncated tag, or a malformed configuration record.</exception>
    public void OnVideoTag(long timestampMs, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) FlvThrow.Truncated("video tag", 0);
        var first = body[0];
        if ((first & ExHeaderFlag) != 0)
        {
            OnExVideoTag(timestampMs, body);
            return;
        }

        var frameType = first >> 4;
        var codecId = first & 0x0F;
        // E.4.3.1: a video info/command frame carries one VideoCommand byte, no picture.
        if (frameType == FrameTypeCommand) return;
        if (codecId != CodecIdAvc) FlvThrow.UnsupportedVideoCodecId(codecId);
        // AVCVIDEOPACKET: AVCPacketType (8) | CompositionTime (SI24, ms) | data
        if (body.Length < 5) FlvThrow.Truncated("AVC video tag", body.Length);
        NoteTimestamp(timestampMs);
        var compositionTimeMs = ReadSi24(body[2..]);
        switch (body[1])
        {
            case AvcPacketTypeSequenceHeader:
                OnVideoSequenceHeader(CodecId.H264, timestampMs, body[5..]);
                break;
            case AvcPacketTypeNalu:
                OnVideoFrame(CodecId.H264, timestampMs, compositionTimeMs, frameType == FrameTypeKeyframe, body[5..]);
                break;
            case AvcPacketTypeEndOfSequence:
                break;
            default:
                FlvThrow.UnsupportedPacketType("AVCPacketType", body[1]);
                break;
        }
        CheckReadiness();
    }

    /// <summary>End of publish: announces the tracks if still waiting and delivers every held frame.</summary>
    public void Flush()
    {
        if (!_ready && _sawSequenceHeader)
        {
            BecomeReady();
        }
    }

    // Enhanced RTMP v1 ExVideoTagHeader:
    // IsExHeader(1) FrameType(3) PacketType(4) | FourCC (32) | [CompositionTime SI24 for CodedFrames of hvc1/avc1] | data
    private void OnExVideoTag(long timestampMs, ReadOnlySpan<byte> body)
    {
        var frameType = (body[0] >> 4) & 0x07;
        var packetType = body[0] & 0x0F;
        // "If PacketType is Metadata ... the body is AMF-encoded" HDR metadata: nothing for the media model.
        if (packetType == PacketTypeMetadata) return;
        if (frameType == FrameTypeCommand) return;
        if (body.Length < 5) FlvThrow.Truncated("Enhanced RTMP video tag", body.Length);
        var fourCc = BinaryPrimitives.ReadUInt32BigEndian(body[1..]);
        var codec = fourCc switch
        {
            FourCcHvc1 => CodecId.H265,
            FourCcAv01 => CodecId.Av1,
            FourCcAvc1 => CodecId.H264,
            _ => ThrowUnsupportedFourCc(fourCc),
        };
        NoteTimestamp(timestampMs);
        var data = body[5..];
        switch (packetType)
        {
            case PacketTypeSequenceStart:
                OnVideoSequenceHeader(codec, timestampMs, data);
                break;
            case PacketTypeCodedFrames:
                var compositionTimeMs = 0;
                // AV1 has no composition time: its CodedFrames are OBUs right after the FourCC.
                if (codec != CodecId.Av1)
                {
                    if (data.Length < 3) FlvThrow.Truncated("Enhanced RTMP CodedFrames tag", body.Length);
                    compositionTimeMs = ReadSi24(data);
                    data = data[3..];
                }
                OnVideoFrame(codec, timestampMs, compositionTimeMs, frameType == FrameTypeKeyframe, data);
                break;
            case PacketTypeCodedFramesX:
                OnVideoFrame(codec, timestampMs, 0, frameType == FrameTypeKeyframe, data);
                break;
            case PacketTypeSequenceEnd:
                break;
            case PacketTypeMpeg2TsSequenceStart:
            default:
                FlvThrow.UnsupportedPacketType("Enhanced RTMP video PacketType", packetType);
                break;
        }
        CheckReadiness();
    }

    private static CodecId ThrowUnsupportedFourCc(uint fourCc)
    {
        FlvThrow.UnsupportedVideoFourCc(fourCc);
        return default;
    }

    private void OnVideoSequenceHeader(CodecId codec, long timestampMs, ReadOnlySpan<byte> record)
    {
        var track = _video;
        // Encoders repeat the sequence header (OBS on reconnect, some at every keyframe): same bytes, nothing changed.
        if (track.Config is not null && track.Codec == codec && record.SequenceEqual(track.Config)) return;
        if (record.IsEmpty) FlvThrow.EmptySequenceHeader(CodecName(codec));

        string codecString;
        int width, height, nalLengthSize = 4;
        double frameRate;
        try
        {
            switch (codec)
            {
                case CodecId.H264:
                {
                    var avcC = AvcDecoderConfigurationRecord.Parse(record);
                    if (avcC.SequenceParameterSets.Count == 0) CodecThrow.Invalid("AVCDecoderConfigurationRecord holds no SPS.");
                    var sps = H264SequenceParameterSet.Parse(avcC.SequenceParameterSets[0]);
                    (codecString, width, height, frameRate, nalLengthSize) = (sps.CodecString, sps.Width, sps.Height, sps.FrameRate, avcC.NalLengthSize);
                    break;
                }
                case CodecId.H265:
                {
                    var hvcC = HevcDecoderConfigurationRecord.Parse(record);
                    var spsUnit = hvcC.FindFirst(HevcDecoderConfigurationRecord.SpsNalUnitType);
                    if (spsUnit is null) CodecThrow.Invalid("HEVCDecoderConfigurationRecord holds no SPS.");
                    var sps = H265SequenceParameterSet.Parse(spsUnit);
                    // The record's profile fields are what the sample entry declares; some encoders leave them zero.
                    codecString = hvcC.ProfileTierLevel.ProfileIdc != 0 ? hvcC.CodecString : sps.CodecString;
                    (width, height, frameRate, nalLengthSize) = (sps.Width, sps.Height, sps.FrameRate, hvcC.NalLengthSize);
                    break;
                }
                default:
                {
                    var av1C = Av1CodecConfigurationRecord.Parse(record);
                    (codecString, width, height, frameRate) = (av1C.CodecString, av1C.Width, av1C.Height, 0);
                    break;
                }
            }
        }
        catch (CodecFormatException e)
        {
            FlvThrow.BadSequenceHeader(CodecName(codec), e);
            return;
        }

        var replacing = track.Config is not null;
        if (replacing && !_ready) BecomeReady(); // frames held so far belong to the old configuration
        track.Codec = codec;
        track.Config = record.ToArray();
        track.CodecString = codecString;
        track.Width = width;
        track.Height = height;
        track.FrameRate = frameRate;
        track.NalLengthSize = nalLengthSize;
        track.Timescale = VideoTimescale;
        OnSequenceHeaderApplied(track, timestampMs);
    }

    private void OnAudioSequenceHeader(long timestampMs, ReadOnlySpan<byte> record)
    {
        var track = _audio;
        if (track.Config is not null && record.SequenceEqual(track.Config)) return;
        if (record.IsEmpty) FlvThrow.EmptySequenceHeader("AAC");
        AudioSpecificConfig config;
        try
        {
            config = AudioSpecificConfig.Parse(record);
        }
        catch (CodecFormatException e)
        {
            FlvThrow.BadSequenceHeader("AAC", e);
            return;
        }

        if (track.Config is not null && !_ready) BecomeReady();
        track.Codec = CodecId.Aac;
        track.Config = record.ToArray();
        track.CodecString = config.CodecString;
        track.SampleRate = config.SamplingFrequency;
        track.ChannelCount = config.ChannelCount;
        track.Timescale = config.SamplingFrequency;
        track.Clock = new AacSampleClock(config.SamplingFrequency, 1000);
        OnSequenceHeaderApplied(track, timestampMs);
    }

    private void OnSequenceHeaderApplied(TrackState track, long timestampMs)
    {
        if (!_sawSequenceHeader)
        {
            _sawSequenceHeader = true;
            _firstSequenceHeaderMs = timestampMs;
        }
        if (!_ready) return;
        if (track.Index < 0) track.Index = _nextIndex++;
        AnnounceTracks();
    }

    private void OnVideoFrame(CodecId codec, long timestampMs, int compositionTimeMs, bool isKeyframe, ReadOnlySpan<byte> data)
    {
        var track = _video;
        if (track.Config is null || track.Codec != codec || data.IsEmpty)
        {
            DroppedFrames++;
            return;
        }
        // A frame whose NAL unit lengths do not add up would break every muxer downstream; drop it and keep the stream.
        if (codec != CodecId.Av1 && !IsLengthPrefixed(data, track.NalLengthSize))
        {
            DroppedFrames++;
            return;
        }
        Emit(track, timestampMs * MsToVideoTicks, compositionTimeMs * MsToVideoTicks, VideoTimescale, isKeyframe, data);
    }

    private void Emit(TrackState track, long dtsTicks, int compositionOffsetTicks, int timescale, bool isKeyframe, ReadOnlySpan<byte> data)
    {
        var payload = MediaBuffer.CopyOf(data);
        if (_ready)
        {
            _sink.OnAccessUnit(new AccessUnit(track.Index, dtsTicks, compositionOffsetTicks, timescale, isKeyframe, payload));
            return;
        }
        _pending.Enqueue(new PendingFrame(track, dtsTicks, compositionOffsetTicks, timescale, isKeyframe, payload));
        while (_pending.Count > MaxPendingFrames)
        {
            _pending.Dequeue().Payload.Release();
            DroppedFrames++;
        }
    }

    private void NoteTimestamp(long timestampMs)
    {
        if (timestampMs > _latestMs) _latestMs = timestampMs;
    }

    private void CheckReadiness()
    {
        if (_ready || !_sawSequenceHeader) return;
        var haveVideo = _video.Config is not null;
        var haveAudio = _audio.Config is not null;
        var metadata = _metadata;
        var wantVideo = metadata?.AnnouncesVideo ?? false;
        var wantAudio = metadata?.AnnouncesAudio ?? false;
        var waitedMs = _latestMs - _firstSequenceHeaderMs;
        bool ready;
        if (haveVideo && haveAudio)
        {
            ready = true;
        }
        else if (wantVideo || wantAudio)
        {
            ready = ((!wantVideo || haveVideo) && (!wantAudio || haveAudio)) || waitedMs >= AnnouncedTrackWaitMs;
        }
        else
        {
            ready = waitedMs >= TrackWaitMs;
        }
        if (ready) BecomeReady();
    }

    private void BecomeReady()
    {
        _ready = true;
        // Video first so it is track 0 whenever the stream has video from the start.
        if (_video.Config is not null && _video.Index < 0) _video.Index = _nextIndex++;
        if (_audio.Config is not null && _audio.Index < 0) _audio.Index = _nextIndex++;
        AnnounceTracks();
        while (_pending.TryDequeue(out var frame))
        {
            _sink.OnAccessUnit(new AccessUnit(frame.Track.Index, frame.DtsTicks, frame.CompositionOffsetTicks, frame.Timescale, frame.IsKeyframe, frame.Payload));
        }
    }

    private void AnnounceTracks()
    {
        var count = (_video.Index >= 0 ? 1 : 0) + (_audio.Index >= 0 ? 1 : 0);
        var tracks = new TrackInfo[count];
        if (_video.Index >= 0) tracks[_video.Index] = BuildTrackInfo(_video);
        if (_audio.Index >= 0) tracks[_audio.Index] = BuildTrackInfo(_audio);
        _sink.OnTracks(tracks);
    }

    private TrackInfo BuildTrackInfo(TrackState track)
    {
        var metadata = _metadata;
        if (track.Kind == MediaKind.Video)
        {
            return new TrackInfo
            {
                Index = track.Index,
                Kind = MediaKind.Video,
                Codec = track.Codec,
                Timescale = track.Timescale,
                CodecConfig = track.Config!,
                CodecString = track.CodecString,
                Width = track.Width > 0 ? track.Width : (int)(metadata?.Width ?? 0),
                Height = track.Height > 0 ? track.Height : (int)(metadata?.Height ?? 0),
                FrameRate = track.FrameRate > 0 ? track.FrameRate : metadata?.FrameRate ?? 0,
                NominalBitrate = KbpsToBps(metadata?.VideoDataRateKbps),
                NalLengthSize = track.NalLengthSize,
            };
        }
        return new TrackInfo
        {
            Index = track.Index,
            Kind = MediaKind.Audio,
            Codec = CodecId.Aac,
            Timescale = track.Timescale,
            CodecConfig = track.Config!,
            CodecString = track.CodecString,
            SampleRate = track.SampleRate,
            ChannelCount = track.ChannelCount,
            NominalBitrate = KbpsToBps(metadata?.AudioDataRateKbps),
        };
    }

    private static int KbpsToBps(double? kbps) =>
        kbps is > 0 and < int.MaxValue / 1000.0 ? (int)Math.Round(kbps.Value * 1000) : 0;

    private static int ReadSi24(ReadOnlySpan<byte> bytes) => ((sbyte)bytes[0] << 16) | (bytes[1] << 8) | bytes[2];

    private static bool IsLengthPrefixed(ReadOnlySpan<byte> data, int lengthSize)
    {
        while (!data.IsEmpty)
        {
            if (data.Length < lengthSize) return false;
            uint length = lengthSize switch
            {
                4 => BinaryPrimitives.ReadUInt32BigEndian(data),
                2 => BinaryPrimitives.ReadUInt16BigEndian(data),
                _ => data[0],
            };
            data = data[lengthSize..];
            if (length > (uint)data.Length) return false;
            data = data[(int)length..];
        }
        return true;
    }

    private static string CodecName(CodecId codec) => codec switch
    {
        CodecId.H264 => "H.264",
        CodecId.H265 => "HEVC",
        CodecId.Av1 => "AV1",
        _ => "AAC",
    };

    private readonly record struct PendingFrame(TrackState Track, long DtsTicks, int CompositionOffsetTicks, int Timescale, bool IsKeyframe, MediaBuffer Payload);

    private sealed class TrackState(MediaKind kind)
    {
        public MediaKind Kind { get; } = kind;
        public int Index = -1;
        public CodecId Codec;
        public byte[]? Config;
        public string CodecString = "";
        public int Timescale;
        public int Width, Height, NalLengthSize = 4, SampleRate, ChannelCount;
        public double FrameRate;
        public AacSampleClock Clock;
    }
}
