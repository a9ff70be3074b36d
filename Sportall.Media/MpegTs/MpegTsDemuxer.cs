using System.Buffers;
using Sportall.Media.Buffers;
using Sportall.Media.Codecs;
using Sportall.Media.Codecs.Aac;
using Sportall.Media.Codecs.H264;
using Sportall.Media.Codecs.H265;
using Sportall.Media.Model;

namespace Sportall.Media.MpegTs;

/// <summary>
/// Turns an MPEG-2 transport stream (ISO/IEC 13818-1), as SRT delivers it, into tracks and access units
/// for an <see cref="IMediaSink"/>: the first program's H.264 (stream_type 0x1B) or HEVC (0x24) video
/// and AAC ADTS (0x0F) audio, in the same shape as <see cref="Flv.FlvMediaDemuxer"/> gives RTMP streams.
/// </summary>
/// <remarks>
/// <para>Bytes may arrive in any chunking: a partial packet waits in a fixed carry buffer. Packet sync is
/// (re)acquired on a 0x47 confirmed by two more 188 bytes apart.</para>
/// <para>Video: one PES is one access unit; Annex B becomes 4-byte length-prefixed NAL units; SPS/PPS
/// (and VPS) build the avcC/hvcC and are removed from samples, with access unit delimiters and filler
/// data. ISO/IEC 14496-15 lets 'avc1' samples repeat parameter sets, but 'hvc1' declares its arrays
/// complete (array_completeness = 1: none in-band), so both are stripped alike and a change of
/// parameter sets announces a new <see cref="TrackInfo"/> instead. Timestamps are the 90 kHz PES clock.</para>
/// <para>Audio: each ADTS frame of a PES is one access unit without its header, timed by counting 1024
/// samples from the PES PTS. Both tracks share the program's unwrapped clock, so A/V sync is the encoder's.</para>
/// <para>Tracks are announced once every supported stream of the PMT has its configuration (video: its
/// parameter sets and a keyframe), or <see cref="TrackWaitTicks"/> of media after the first one did; frames
/// before that are held, bounded by <see cref="MaxPendingFrames"/>. Corrupt input never throws: it is
/// counted in <see cref="Statistics"/> and demuxing goes on. Not thread-safe: one session calls it from
/// one thread at a time.</para>
/// </remarks>
public sealed class MpegTsDemuxer
{
    internal const int PacketSize = 188;
    private const byte SyncByte = 0x47;

    /// <summary>
    /// A 0x47 is trusted as a packet start when the bytes 188 and 376 further are 0x47 too: a random
    /// byte passes three checks once in 16 million, where one check would lock onto payload bytes.
    /// </summary>
    private const int SyncConfirmations = 2;

    // Enough to decide a sync candidate: the candidate packet and its two confirmations.
    private const int CarryCapacity = (SyncConfirmations + 1) * PacketSize;

    /// <summary>
    /// How long, in media time after the first track was configured, to wait for the other streams of
    /// the PMT (a stream whose configuration never comes, a video stream joined mid-GOP): a second, as
    /// the FLV path, covers encoders that start both streams together without delaying a broken one long.
    /// </summary>
    internal const long TrackWaitTicks = 90000;

    internal const int MaxPendingFrames = TrackAnnouncer.MaxPendingFrames;

    private const int VideoTimescale = 90000;
    private const int PatPid = 0x0000;
    private const int NullPid = 0x1FFF;
    private const byte PatTableId = 0x00, PmtTableId = 0x02;
    private const int LengthPrefixSize = 4;

    // H.264 Table 7-1 and H.265 Table 7-1 nal_unit_type values the demuxer acts on.
    private const int H264Idr = 5, H264Sps = 7, H264Pps = 8, H264Aud = 9, H264FillerData = 12;
    private const int H265IrapFirst = 16, H265IrapLast = 21;
    private const int H265Vps = 32, H265Sps = 33, H265Pps = 34, H265Aud = 35, H265FillerData = 38;

    private readonly byte[] _carry = new byte[CarryCapacity];
    private int _carryLength;
    private bool _synced;
    private long _skippedSinceSync;

    private readonly PsiSectionAssembler _pat = new();
    private readonly PsiSectionAssembler _pmt = new();
    private readonly byte[] _lastPmt = new byte[PsiSectionAssembler.MaxSectionBytes];
    private int _lastPmtLength;
    private int _pmtPid = -1;

    private readonly MpegTsTrack _video = new(MediaKind.Video);
    private readonly MpegTsTrack _audio = new(MediaKind.Audio);
    private MpegTsTimestampUnwrapper _clock;
    private NalUnitRange[] _nalUnits = new NalUnitRange[64];

    private readonly TrackAnnouncer _announcer;

    public MpegTsDemuxer(IMediaSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        // Times on the MPEG-TS path are the unwrapped 90 kHz program clock.
        _announcer = new TrackAnnouncer(sink, DescribeTrack);
    }

    /// <summary>Counters of what was met in the stream: packets, resyncs, continuity and PES errors, dropped frames, PMT changes.</summary>
    public MpegTsStatistics Statistics { get; } = new();

    /// <summary>Feeds transport stream bytes in any chunking (an SRT message is usually 7 packets, 1316 bytes, but need not be whole packets).</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        // Finish what the carry holds first, topping it up only to what the next decision needs, then
        // demux the caller's span in place: aligned input never touches the carry.
        while (_carryLength > 0 && !data.IsEmpty)
        {
            var target = _synced ? PacketSize : CarryCapacity;
            var take = Math.Min(Math.Max(target - _carryLength, 0), data.Length);
            data[..take].CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            data = data[take..];
            if (_carryLength < target) return;
            var consumed = Consume(_carry.AsSpan(0, _carryLength), final: false);
            ShiftCarry(consumed);
        }
        if (_carryLength > 0 || data.IsEmpty) return;
        var used = Consume(data, final: false);
        data[used..].CopyTo(_carry);
        _carryLength = data.Length - used;
    }

    /// <summary>End of stream: delivers the last PES of each stream, announces the tracks if still waiting and delivers every held frame.</summary>
    public void Flush()
    {
        if (_carryLength > 0)
        {
            var consumed = Consume(_carry.AsSpan(0, _carryLength), final: true);
            Statistics.SkippedBytes += _carryLength - consumed;
            _carryLength = 0;
        }
        FlushPes(_video);
        FlushPes(_audio);
        _announcer.Flush();
    }

    private void ShiftCarry(int consumed)
    {
        if (consumed == 0) return;
        _carry.AsSpan(consumed, _carryLength - consumed).CopyTo(_carry);
        _carryLength -= consumed;
    }

    /// <summary>
    /// Demuxes whole packets from <paramref name="data"/> and returns the bytes used; what is left cannot
    /// be decided without more bytes (a partial packet, a sync candidate without its confirmations).
    /// Decisions depend only on the bytes, never on where a chunk ended, so every chunking demuxes alike.
    /// </summary>
    private int Consume(ReadOnlySpan<byte> data, bool final)
    {
        var position = 0;
        while (true)
        {
            if (_synced)
            {
                if (data.Length - position < PacketSize) return position;
                if (data[position] == SyncByte)
                {
                    ProcessPacket(data.Slice(position, PacketSize));
                    position += PacketSize;
                    continue;
                }
                _synced = false;
            }

            // Hunting: skip to a 0x47 whose next packets start with 0x47 as well.
            while (true)
            {
                var found = data[position..].IndexOf(SyncByte);
                if (found < 0)
                {
                    Skip(data.Length - position);
                    return data.Length;
                }
                Skip(found);
                position += found;
                var verdict = VerifySync(data, position, final);
                if (verdict > 0) break;
                if (verdict == 0) return position;
                Skip(1);
                position++;
            }
            _synced = true;
            if (_skippedSinceSync > 0) Statistics.Resyncs++;
            _skippedSinceSync = 0;
        }
    }

    private void Skip(int count)
    {
        _skippedSinceSync += count;
        Statistics.SkippedBytes += count;
    }

    // 1: a packet starts here; 0: not enough bytes to tell; -1: not a packet start.
    private static int VerifySync(ReadOnlySpan<byte> data, int position, bool final)
    {
        for (var i = 1; i <= SyncConfirmations; i++)
        {
            var next = position + i * PacketSize;
            if (next >= data.Length) return final ? 1 : 0;
            if (data[next] != SyncByte) return -1;
        }
        return 1;
    }

    // §2.4.3.2 transport packet:
    // sync_byte 0x47 (8) | transport_error_indicator (1) | payload_unit_start_indicator (1) | transport_priority (1) | PID (13)
    // transport_scrambling_control (2) | adaptation_field_control (2) | continuity_counter (4)
    // [adaptation_field: adaptation_field_length (8) | discontinuity_indicator (1) | …] [payload]
    private void ProcessPacket(ReadOnlySpan<byte> packet)
    {
        var statistics = Statistics;
        statistics.Packets++;
        if ((packet[1] & 0x80) != 0)
        {
            statistics.TransportErrors++;
            return;
        }
        var payloadUnitStart = (packet[1] & 0x40) != 0;
        var pid = ((packet[1] & 0x1F) << 8) | packet[2];
        if (pid == NullPid) return;
        var adaptationFieldControl = (packet[3] >> 4) & 0x03;
        var continuityCounter = packet[3] & 0x0F;
        var payloadOffset = 4;
        var discontinuity = false;
        if ((adaptationFieldControl & 0x02) != 0)
        {
            // §2.4.3.5: adaptation_field_length is 0..182 with a payload, 183 without.
            var adaptationFieldLength = packet[4];
            if (adaptationFieldLength > PacketSize - 5)
            {
                statistics.TransportErrors++;
                return;
            }
            if (adaptationFieldLength > 0) discontinuity = (packet[5] & 0x80) != 0;
            payloadOffset = 5 + adaptationFieldLength;
        }
        var track = pid == _video.Pid ? _video : pid == _audio.Pid ? _audio : null;
        // §2.4.3.5: after a discontinuity_indicator the continuity_counter may take any value.
        if (discontinuity && track is not null) track.Pes.ContinuityCounter = -1;
        if ((adaptationFieldControl & 0x01) == 0) return;
        var payload = packet[payloadOffset..];

        if (pid == PatPid)
        {
            if (_pat.TryAdd(payload, payloadUnitStart, out var section, out var malformed)) OnPat(section);
            else if (malformed) statistics.PsiErrors++;
        }
        else if (pid == _pmtPid)
        {
            if (_pmt.TryAdd(payload, payloadUnitStart, out var section, out var malformed)) OnPmt(section);
            else if (malformed) statistics.PsiErrors++;
        }
        else if (track is not null)
        {
            OnPesPacket(track, payload, payloadUnitStart, continuityCounter);
        }
    }

    private void OnPesPacket(MpegTsTrack track, ReadOnlySpan<byte> payload, bool payloadUnitStart, int continuityCounter)
    {
        var pes = track.Pes;
        if (pes.ContinuityCounter >= 0)
        {
            // §2.4.3.3: a packet may be sent twice with the same continuity_counter; the copy is ignored.
            if (continuityCounter == pes.ContinuityCounter) return;
            if (continuityCounter != ((pes.ContinuityCounter + 1) & 0x0F))
            {
                Statistics.ContinuityErrors++;
                if (pes.Active) pes.MarkBroken();
            }
        }
        pes.ContinuityCounter = continuityCounter;

        if (payloadUnitStart)
        {
            EndPes(track);
            pes.Start();
        }
        else if (!pes.Active || pes.Broken)
        {
            return; // the start of this PES was lost: wait for the next one
        }
        // Over the limit the PES turns broken and is dropped at its end.
        if (!pes.Append(payload)) return;
        if (pes.IsComplete)
        {
            CompletePes(track);
            pes.Finish();
        }
    }

    // A new PES starts (or the stream ends): the one being collected ends here.
    private void EndPes(MpegTsTrack track)
    {
        var pes = track.Pes;
        if (!pes.Active) return;
        // Only a PES of unbounded length ends at the next start; one with a declared length that did not arrive was cut short.
        if (!pes.Broken && pes.Unbounded) CompletePes(track);
        else Statistics.PesErrors++;
        pes.Finish();
    }

    private void FlushPes(MpegTsTrack track)
    {
        EndPes(track);
        track.Pes.Reset();
    }

    // §2.4.3.6 PES packet:
    // packet_start_code_prefix 0x000001 (24) | stream_id (8) | PES_packet_length (16)
    // '10' | PES_scrambling_control (2) | PES_priority | data_alignment_indicator | copyright | original_or_copy
    // PTS_DTS_flags (2) | ESCR_flag | ES_rate_flag | DSM_trick_mode_flag | additional_copy_info_flag | PES_CRC_flag | PES_extension_flag
    // PES_header_data_length (8) | [PTS (40)] [DTS (40)] … | PES_packet_data_byte …
    private void CompletePes(MpegTsTrack track)
    {
        var memory = track.Pes.Data;
        var pes = memory.Span;
        if (pes.Length < 9 || pes[0] != 0 || pes[1] != 0 || pes[2] != 1 || (pes[6] & 0xC0) != 0x80)
        {
            Statistics.PesErrors++;
            return;
        }
        var ptsDtsFlags = pes[7] >> 6;
        var headerDataLength = pes[8];
        var payloadOffset = 9 + headerDataLength;
        // A PES without PTS cannot be placed on the timeline ('01' is forbidden).
        if (payloadOffset > pes.Length || ptsDtsFlags < 2 || headerDataLength < (ptsDtsFlags == 3 ? 10 : 5))
        {
            Statistics.PesErrors++;
            return;
        }
        var ptsRaw = ReadTimestamp(pes[9..]);
        var dtsRaw = ptsDtsFlags == 3 ? ReadTimestamp(pes[14..]) : ptsRaw;
        var before = _clock.Discontinuities;
        var dtsTicks = _clock.Unwrap(dtsRaw);
        if (_clock.Discontinuities != before) Statistics.TimestampDiscontinuities++;
        var ptsTicks = dtsTicks + MpegTsTimestampUnwrapper.SignExtendedDifference(ptsRaw, dtsRaw);
        _announcer.NoteTime(dtsTicks);

        if (track.Kind == MediaKind.Video) OnVideoAccessUnit(track, pes[payloadOffset..], dtsTicks, ptsTicks);
        else OnAdtsFrames(track, memory[payloadOffset..], ptsTicks);
        CheckReadiness();
    }

    // '001x' | PTS[32..30] | marker | PTS[29..15] | marker | PTS[14..0] | marker
    private static long ReadTimestamp(ReadOnlySpan<byte> b) =>
        ((long)(b[0] & 0x0E) << 29) | ((long)b[1] << 22) | ((long)(b[2] & 0xFE) << 14) | ((long)b[3] << 7) | ((long)b[4] >> 1);

    private void OnVideoAccessUnit(MpegTsTrack track, ReadOnlySpan<byte> data, long dtsTicks, long ptsTicks)
    {
        var hevc = track.Codec == CodecId.H265;
        var count = 0;
        var sampleSize = 0;
        var keyframe = false;
        var hasParameterSets = false;
        var reader = new AnnexBNalUnitReader(data);
        while (reader.TryReadNext(out var offset, out var length))
        {
            var header = data[offset];
            int type = hevc ? (header >> 1) & 0x3F : header & 0x1F;
            bool parameterSet, keep;
            if (hevc)
            {
                parameterSet = type is H265Vps or H265Sps or H265Pps;
                keep = !parameterSet && type is not (H265Aud or H265FillerData);
                keyframe |= type is >= H265IrapFirst and <= H265IrapLast;
            }
            else
            {
                parameterSet = type is H264Sps or H264Pps;
                keep = !parameterSet && type is not (H264Aud or H264FillerData);
                keyframe |= type == H264Idr;
            }
            hasParameterSets |= parameterSet;
            if (keep) sampleSize += LengthPrefixSize + length;
            if (count == _nalUnits.Length) Array.Resize(ref _nalUnits, count * 2);
            _nalUnits[count++] = new NalUnitRange(offset, length, type, keep);
        }
        if (count == 0)
        {
            Statistics.PesErrors++;
            return;
        }
        if (hasParameterSets) UpdateVideoConfiguration(track, data, count);
        if (!track.Configured || sampleSize == 0)
        {
            Statistics.DroppedFrames++;
            return;
        }
        if (!track.SawKeyframe)
        {
            if (!keyframe)
            {
                Statistics.DroppedFrames++;
                return;
            }
            track.SawKeyframe = true;
        }

        var payload = MediaBuffer.Rent(sampleSize);
        var destination = payload.Span;
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var unit = _nalUnits[i];
            if (!unit.Keep) continue;
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(destination[written..], unit.Length);
            data.Slice(unit.Offset, unit.Length).CopyTo(destination[(written + LengthPrefixSize)..]);
            written += LengthPrefixSize + unit.Length;
        }
        // B-frames: PTS ≥ DTS; a negative or absurd offset from a broken encoder is clamped, not passed on.
        var compositionOffset = (int)Math.Clamp(ptsTicks - dtsTicks, 0, int.MaxValue);
        Emit(track, dtsTicks, compositionOffset, VideoTimescale, keyframe, payload);
    }

    private void UpdateVideoConfiguration(MpegTsTrack track, ReadOnlySpan<byte> data, int count)
    {
        var hevc = track.Codec == CodecId.H265;
        var vpsChanged = hevc && Differs(track.VideoParameterSets, data, count, H265Vps);
        var spsChanged = Differs(track.SequenceParameterSets, data, count, hevc ? H265Sps : H264Sps);
        var ppsChanged = Differs(track.PictureParameterSets, data, count, hevc ? H265Pps : H264Pps);
        if (!vpsChanged && !spsChanged && !ppsChanged) return;
        if (vpsChanged) Collect(track.VideoParameterSets, data, count, H265Vps);
        if (spsChanged) Collect(track.SequenceParameterSets, data, count, hevc ? H265Sps : H264Sps);
        if (ppsChanged) Collect(track.PictureParameterSets, data, count, hevc ? H265Pps : H264Pps);
        if (track.SequenceParameterSets.Count == 0 || track.PictureParameterSets.Count == 0) return;
        if (hevc && track.VideoParameterSets.Count == 0) return;

        TrackInfo info;
        try
        {
            info = hevc ? BuildHevcInfo(track) : BuildAvcInfo(track);
        }
        catch (CodecFormatException)
        {
            // Parameter sets that do not parse: keep the previous configuration (if any) and go on.
            Statistics.PesErrors++;
            return;
        }
        if (track.Configured && track.Info is not null && info.CodecConfig.AsSpan().SequenceEqual(track.Info.CodecConfig)) return;
        ApplyConfiguration(track, info);
    }

    private static TrackInfo BuildAvcInfo(MpegTsTrack track)
    {
        var record = AvcDecoderConfigurationRecord.FromParameterSets(track.SequenceParameterSets.ToArray(), track.PictureParameterSets.ToArray(), LengthPrefixSize);
        var sps = H264SequenceParameterSet.Parse(track.SequenceParameterSets[0]);
        return new TrackInfo
        {
            Index = 0,
            Kind = MediaKind.Video,
            Codec = CodecId.H264,
            Timescale = VideoTimescale,
            CodecConfig = record.ToArray(),
            CodecString = sps.CodecString,
            Width = sps.Width,
            Height = sps.Height,
            FrameRate = sps.FrameRate,
            NalLengthSize = LengthPrefixSize,
        };
    }

    private static TrackInfo BuildHevcInfo(MpegTsTrack track)
    {
        var record = HevcDecoderConfigurationRecord.FromParameterSets(
            track.VideoParameterSets.ToArray(), track.SequenceParameterSets.ToArray(), track.PictureParameterSets.ToArray(), LengthPrefixSize);
        var sps = H265SequenceParameterSet.Parse(track.SequenceParameterSets[0]);
        return new TrackInfo
        {
            Index = 0,
            Kind = MediaKind.Video,
            Codec = CodecId.H265,
            Timescale = VideoTimescale,
            CodecConfig = record.ToArray(),
            CodecString = record.CodecString,
            Width = sps.Width,
            Height = sps.Height,
            FrameRate = sps.FrameRate,
            NalLengthSize = LengthPrefixSize,
        };
    }

    // Whether the access unit carries parameter sets of this type that differ from the current list.
    private bool Differs(List<byte[]> current, ReadOnlySpan<byte> data, int count, int type)
    {
        var seen = 0;
        for (var i = 0; i < count; i++)
        {
            var unit = _nalUnits[i];
            if (unit.Type != type) continue;
            if (seen >= current.Count || !data.Slice(unit.Offset, unit.Length).SequenceEqual(current[seen])) return true;
            seen++;
        }
        return seen != 0 && seen != current.Count;
    }

    private void Collect(List<byte[]> list, ReadOnlySpan<byte> data, int count, int type)
    {
        list.Clear();
        for (var i = 0; i < count; i++)
        {
            var unit = _nalUnits[i];
            if (unit.Type == type) list.Add(data.Slice(unit.Offset, unit.Length).ToArray());
        }
    }

    // ISO/IEC 14496-3 §1.A.2: one or more ADTS frames, each header + raw_data_block.
    private void OnAdtsFrames(MpegTsTrack track, ReadOnlyMemory<byte> data, long ptsTicks)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
        var span = data.Span;
        var frameIndex = 0L;
        try
        {
            while (!reader.End)
            {
                if (!AdtsHeader.TryRead(ref reader, out var header) || header.PayloadLength > reader.Remaining)
                {
                    Statistics.PesErrors++;
                    return;
                }
                var raw = span.Slice((int)reader.Consumed, header.PayloadLength);
                reader.Advance(header.PayloadLength);
                // Several raw_data_blocks in one frame would be several access units without their boundaries; encoders send one.
                if (header.RawDataBlocks != 0 || raw.IsEmpty)
                {
                    Statistics.DroppedFrames++;
                    continue;
                }
                ApplyAdtsConfiguration(track, header);
                var frameTicks = ptsTicks + frameIndex * AacSampleClock.SamplesPerFrame * VideoTimescale / track.SampleRate;
                frameIndex++;
                var resyncs = track.Clock.Resyncs;
                var ticks = track.Clock.Next(frameTicks);
                if (track.Clock.Resyncs != resyncs) Statistics.AudioResyncs++;
                Emit(track, ticks, 0, track.SampleRate, isKeyframe: true, MediaBuffer.CopyOf(raw));
            }
        }
        catch (CodecFormatException)
        {
            // No syncword or a reserved field: the rest of this PES cannot be framed.
            Statistics.PesErrors++;
        }
    }

    private void ApplyAdtsConfiguration(MpegTsTrack track, in AdtsHeader header)
    {
        var key = (header.AudioObjectType << 8) | (header.SamplingFrequencyIndex << 4) | header.ChannelConfiguration;
        if (key == track.AdtsKey) return;
        var config = AudioSpecificConfig.FromAdts(header);
        var info = new TrackInfo
        {
            Index = 0,
            Kind = MediaKind.Audio,
            Codec = CodecId.Aac,
            Timescale = config.SamplingFrequency,
            CodecConfig = config.ToArray(),
            CodecString = config.CodecString,
            SampleRate = config.SamplingFrequency,
            ChannelCount = config.ChannelCount,
        };
        track.AdtsKey = key;
        track.SampleRate = config.SamplingFrequency;
        track.Clock = new AacSampleClock(config.SamplingFrequency, VideoTimescale);
        ApplyConfiguration(track, info);
    }

    private void ApplyConfiguration(MpegTsTrack track, TrackInfo info)
    {
        if (track.Configured)
        {
            Statistics.ConfigurationChanges++;
            _announcer.BeforeReconfiguration();
        }
        track.Info = info;
        track.Configured = true;
        _announcer.OnConfigured(track.Kind, _announcer.LatestTime);
    }

    private void Emit(MpegTsTrack track, long dtsTicks, int compositionOffsetTicks, int timescale, bool isKeyframe, MediaBuffer payload)
    {
        if (_announcer.Deliver(track.Kind, dtsTicks, compositionOffsetTicks, timescale, isKeyframe, payload)) Statistics.DroppedFrames++;
    }

    private void CheckReadiness()
    {
        if (!_announcer.IsWaiting) return;
        var complete = (_video.Pid < 0 || _video.Satisfied) && (_audio.Pid < 0 || _audio.Satisfied);
        if (complete || _announcer.WaitedTime >= TrackWaitTicks) _announcer.BecomeReady();
    }

    // Announced slots keep their last configuration across PMT changes, so an announced track stays listed.
    private TrackInfo DescribeTrack(MediaKind kind, int index) => (kind == MediaKind.Video ? _video : _audio).Info! with { Index = index };

    // §2.4.4.3 program_association_section:
    // table_id 0x00 (8) | section_syntax_indicator (1) '0' reserved (2) section_length (12)
    // transport_stream_id (16) | reserved (2) version_number (5) current_next_indicator (1)
    // section_number (8) | last_section_number (8) | { program_number (16) | reserved (3) PID (13) } … | CRC_32
    private void OnPat(ReadOnlySpan<byte> section)
    {
        if (section.Length < 12 || section[0] != PatTableId || MpegTsCrc32.Compute(section) != 0)
        {
            Statistics.PsiErrors++;
            return;
        }
        if ((section[5] & 0x01) == 0) return; // not yet applicable
        var programs = section[8..^4];
        for (var i = 0; i + 4 <= programs.Length; i += 4)
        {
            var programNumber = (programs[i] << 8) | programs[i + 1];
            if (programNumber == 0) continue; // network_PID
            var pid = ((programs[i + 2] & 0x1F) << 8) | programs[i + 3];
            if (pid != _pmtPid)
            {
                _pmtPid = pid;
                _pmt.Reset();
            }
            return; // the first program is the stream; an SRT contribution feed carries one
        }
    }

    // §2.4.4.8 TS_program_map_section:
    // table_id 0x02 (8) | section_syntax_indicator (1) '0' reserved (2) section_length (12)
    // program_number (16) | reserved (2) version_number (5) current_next_indicator (1) | section_number (8) | last_section_number (8)
    // reserved (3) PCR_PID (13) | reserved (4) program_info_length (12) | descriptors
    // { stream_type (8) | reserved (3) elementary_PID (13) | reserved (4) ES_info_length (12) | descriptors } … | CRC_32
    private void OnPmt(ReadOnlySpan<byte> section)
    {
        if (section.Length < 16 || section[0] != PmtTableId || MpegTsCrc32.Compute(section) != 0)
        {
            Statistics.PsiErrors++;
            return;
        }
        if ((section[5] & 0x01) == 0) return;
        // Muxers repeat the PMT every 100 ms or so; only a different one means anything.
        if (section.SequenceEqual(_lastPmt.AsSpan(0, _lastPmtLength))) return;
        var position = 12 + (((section[10] & 0x0F) << 8) | section[11]);
        var end = section.Length - 4;
        int videoPid = -1, audioPid = -1, unsupported = 0;
        byte videoType = 0;
        while (position + 5 <= end)
        {
            var streamType = section[position];
            var pid = ((section[position + 1] & 0x1F) << 8) | section[position + 2];
            position += 5 + (((section[position + 3] & 0x0F) << 8) | section[position + 4]);
            if (streamType is MpegTsStreamType.H264 or MpegTsStreamType.H265 && videoPid < 0)
            {
                videoPid = pid;
                videoType = streamType;
            }
            else if (streamType == MpegTsStreamType.AacAdts && audioPid < 0)
            {
                audioPid = pid;
            }
            else
            {
                unsupported++;
            }
        }
        if (position != end)
        {
            Statistics.PsiErrors++;
            return;
        }
        if (_lastPmtLength > 0) Statistics.PmtChanges++;
        section.CopyTo(_lastPmt);
        _lastPmtLength = section.Length;
        Statistics.UnsupportedStreams += unsupported;
        AssignStream(_video, videoPid, videoType);
        AssignStream(_audio, audioPid, MpegTsStreamType.AacAdts);
    }

    private void AssignStream(MpegTsTrack track, int pid, byte streamType)
    {
        if (pid < 0) streamType = 0;
        if (track.Pid == pid && track.StreamType == streamType) return;
        // Another elementary stream feeds the slot: finish the old one's last PES, then forget its state.
        EndPes(track);
        track.Pes.ContinuityCounter = -1;
        track.Pid = pid;
        track.StreamType = streamType;
        track.Codec = streamType switch
        {
            MpegTsStreamType.H265 => CodecId.H265,
            MpegTsStreamType.AacAdts => CodecId.Aac,
            _ => CodecId.H264,
        };
        track.ResetConfiguration();
    }

    private readonly record struct NalUnitRange(int Offset, int Length, int Type, bool Keep);
}
