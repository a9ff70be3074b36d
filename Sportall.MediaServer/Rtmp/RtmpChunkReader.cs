using System.Buffers;

namespace Sportall.MediaServer.Rtmp;

/// <summary>
/// Reassembles RTMP messages from interleaved chunks (RTMP 5.3). One instance per connection.
/// <para>
/// A chunk is consumed whole when it is all buffered; otherwise nothing is consumed and the caller
/// waits for more bytes. The exception is a chunk larger than <see cref="WholeChunkLimit"/> (a peer
/// with a huge chunk size sending a large I-frame): its payload is copied as it arrives, so the
/// server never needs more than that many unconsumed bytes in the transport pipe, whose writer
/// pauses at Kestrel's MaxRequestBufferSize (1 MiB by default).
/// </para>
/// </summary>
public sealed class RtmpChunkReader : IDisposable
{
    /// <summary>RTMP 5.4.1: "The maximum chunk size defaults to 128 bytes".</summary>
    public const int DefaultChunkSize = 128;

    /// <summary>
    /// Chunk streams one connection may use. A publisher needs a handful (control, command, audio,
    /// video, data); 64 leaves room for odd encoders while bounding the per-connection state.
    /// </summary>
    public const int MaxChunkStreams = 64;

    /// <summary>Chunks up to this size are only consumed once wholly buffered (see the type's remarks).</summary>
    public const int WholeChunkLimit = 64 * 1024;

    private readonly Dictionary<int, RtmpChunkStream> _streams = [];
    private readonly int _maxMessageSize;
    private RtmpChunkStream? _partialChunkStream;
    private int _partialChunkRemaining;

    public RtmpChunkReader(int maxMessageSize) => _maxMessageSize = maxMessageSize;

    /// <summary>The peer's chunk size, changed by its Set Chunk Size message.</summary>
    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>
    /// Reads chunks until one completes a message. Returns false when the buffered bytes end first;
    /// chunks read so far stay consumed (their state is kept) and a partial chunk is not consumed.
    /// </summary>
    public bool TryReadMessage(ref SequenceReader<byte> reader, out RtmpMessage message)
    {
        message = default;
        while (true)
        {
            RtmpChunkStream stream;
            if (_partialChunkStream is not null)
            {
                stream = _partialChunkStream;
                var take = (int)Math.Min(reader.Remaining, _partialChunkRemaining);
                reader.TryCopyTo(stream.Buffer.AsSpan(stream.Received, take));
                reader.Advance(take);
                stream.Received += take;
                _partialChunkRemaining -= take;
                if (_partialChunkRemaining > 0)
                {
                    return false;
                }

                _partialChunkStream = null;
            }
            else
            {
                var probe = reader;
                if (!RtmpChunkBasicHeader.TryRead(ref probe, out var basic))
                {
                    return false;
                }

                _streams.TryGetValue(basic.ChunkStreamId, out var existing);
                if (basic.ChunkType != RtmpChunkType.Type0 && existing is not { HasHeader: true } &&
                    // Quirk: some encoders open a chunk stream with a type 1 header (SRS accepts it
                    // too); the message stream id is then 0, which the session tolerates.
                    basic.ChunkType != RtmpChunkType.Type1)
                {
                    RtmpThrow.ChunkWithoutPreviousHeader((int)basic.ChunkType, basic.ChunkStreamId);
                }

                var continuation = basic.ChunkType == RtmpChunkType.Type3 && existing is { InProgress: true };
                var type3Extended = basic.ChunkType == RtmpChunkType.Type3 && existing!.HasExtendedTimestamp;
                if (continuation && type3Extended && !ContinuationRepeatsExtendedTimestamp(probe, existing!))
                {
                    type3Extended = false;
                }

                if (!RtmpChunkMessageHeader.TryRead(ref probe, basic.ChunkType, type3Extended, out var header))
                {
                    return false;
                }

                if (basic.ChunkType <= RtmpChunkType.Type1 && header.MessageLength > _maxMessageSize)
                {
                    RtmpThrow.MessageTooLarge(header.MessageLength, _maxMessageSize);
                }

                var messageLength = basic.ChunkType <= RtmpChunkType.Type1 ? header.MessageLength : existing!.MessageLength;
                var received = continuation ? existing!.Received : 0;
                var payloadLength = Math.Min(ChunkSize, messageLength - received);
                var whole = probe.Remaining >= payloadLength;
                if (!whole && payloadLength <= WholeChunkLimit)
                {
                    return false;
                }

                // Commit: from here on the chunk header is consumed and the state updated.
                stream = existing ?? CreateStream(basic.ChunkStreamId);
                if (!continuation)
                {
                    StartMessage(stream, header);
                }

                reader = probe;

                if (!continuation && payloadLength == messageLength && reader.UnreadSpan.Length >= payloadLength)
                {
                    // A whole message in one contiguous chunk: hand out the receive buffer itself.
                    message = new RtmpMessage(basic.ChunkStreamId, (RtmpMessageType)stream.MessageTypeId,
                        stream.MessageStreamId, stream.TimestampMs, reader.UnreadSpan[..payloadLength]);
                    reader.Advance(payloadLength);
                    stream.InProgress = false;
                    return true;
                }

                var buffer = stream.EnsureBuffer(messageLength);
                var available = (int)Math.Min(reader.Remaining, payloadLength);
                reader.TryCopyTo(buffer.Slice(stream.Received, available));
                reader.Advance(available);
                stream.Received += available;
                if (available < payloadLength)
                {
                    _partialChunkStream = stream;
                    _partialChunkRemaining = payloadLength - available;
                    return false;
                }
            }

            if (stream.Received == stream.MessageLength)
            {
                stream.InProgress = false;
                message = new RtmpMessage(stream.ChunkStreamId, (RtmpMessageType)stream.MessageTypeId,
                    stream.MessageStreamId, stream.TimestampMs, stream.Buffer.AsSpan(0, stream.MessageLength));
                return true;
            }
        }
    }

    /// <summary>Abort Message (RTMP 5.4.2): drop the partly received message of a chunk stream.</summary>
    public void Abort(int chunkStreamId)
    {
        if (_streams.TryGetValue(chunkStreamId, out var stream))
        {
            stream.InProgress = false;
            stream.Received = 0;
            if (_partialChunkStream == stream)
            {
                _partialChunkStream = null;
                _partialChunkRemaining = 0;
            }
        }
    }

    public void Dispose()
    {
        foreach (var stream in _streams.Values)
        {
            stream.ReturnBuffer();
        }

        _streams.Clear();
    }

    private RtmpChunkStream CreateStream(int chunkStreamId)
    {
        if (_streams.Count >= MaxChunkStreams)
        {
            RtmpThrow.TooManyChunkStreams(MaxChunkStreams);
        }

        var stream = new RtmpChunkStream(chunkStreamId);
        _streams.Add(chunkStreamId, stream);
        return stream;
    }

    private static void StartMessage(RtmpChunkStream stream, in RtmpChunkMessageHeader header)
    {
        switch (header.ChunkType)
        {
            case RtmpChunkType.Type0:
                // An absolute 32-bit timestamp: unwrap it against the running 64-bit one with serial
                // arithmetic so a 2^32 wrap (49.7 days) keeps the delivered value increasing.
                stream.TimestampMs = stream.HasAbsoluteTimestamp
                    ? stream.TimestampMs + (int)(header.Timestamp - (uint)stream.TimestampMs)
                    : header.Timestamp;
                stream.HasAbsoluteTimestamp = true;
                stream.MessageLength = header.MessageLength;
                stream.MessageTypeId = header.MessageTypeId;
                stream.MessageStreamId = header.MessageStreamId;
                break;
            case RtmpChunkType.Type1:
                stream.TimestampMs += header.Timestamp;
                stream.MessageLength = header.MessageLength;
                stream.MessageTypeId = header.MessageTypeId;
                break;
            case RtmpChunkType.Type2:
                stream.TimestampMs += header.Timestamp;
                break;
            default:
                // A type 3 chunk that starts a message repeats the previous header, delta included.
                // After a type 0 header that "delta" is its timestamp field, as FFmpeg and SRS read it.
                stream.TimestampMs += stream.TimestampField;
                break;
        }

        if (header.ChunkType != RtmpChunkType.Type3)
        {
            stream.TimestampField = header.Timestamp;
            stream.HasExtendedTimestamp = header.HasExtendedTimestamp;
        }

        stream.HasHeader = true;
        stream.InProgress = true;
        stream.Received = 0;
    }

    // FFmpeg and OBS repeat the extended timestamp on type 3 continuation chunks; RTMP 5.3.1.3 is
    // read that way by most servers, but some encoders omit it. Peek: the same 4 bytes as the
    // stored value means it is there. With fewer than 4 bytes buffered assume it is (FFmpeg's way).
    private static bool ContinuationRepeatsExtendedTimestamp(SequenceReader<byte> probe, RtmpChunkStream stream)
    {
        if (!probe.TryReadBigEndian(out int value))
        {
            return true;
        }

        return (uint)value == stream.TimestampField;
    }
}
