using System.Diagnostics.CodeAnalysis;

namespace Sportall.MediaServer.Rtmp;

// Throw helpers kept out of line so the parsing loops stay small enough to inline well.
internal static class RtmpThrow
{
    [DoesNotReturn]
    public static void ProtocolError(RtmpProtocolError reason, string message) =>
        throw new RtmpProtocolException(reason, message);

    [DoesNotReturn]
    public static void MessageTooLarge(int length, int limit) =>
        throw new RtmpProtocolException(RtmpProtocolError.MessageTooLarge,
            $"message of {length} bytes exceeds Ingest:MaxMessageSize ({limit} bytes)");

    [DoesNotReturn]
    public static void ChunkSizeTooLarge(long requested, int limit) =>
        throw new RtmpProtocolException(RtmpProtocolError.ChunkSizeTooLarge,
            $"peer asked for chunk size {requested}, above Ingest:MaxChunkSize ({limit})");

    [DoesNotReturn]
    public static void InvalidChunkSize(uint requested) =>
        throw new RtmpProtocolException(RtmpProtocolError.InvalidChunkSize,
            $"Set Chunk Size of {requested}: the value must be 1..2147483647 (RTMP 5.4.1)");

    [DoesNotReturn]
    public static void TooManyChunkStreams(int limit) =>
        throw new RtmpProtocolException(RtmpProtocolError.TooManyChunkStreams,
            $"more than {limit} chunk streams in use on one connection");

    [DoesNotReturn]
    public static void ChunkWithoutPreviousHeader(int chunkType, int chunkStreamId) =>
        throw new RtmpProtocolException(RtmpProtocolError.ChunkWithoutPreviousHeader,
            $"chunk type {chunkType} on chunk stream {chunkStreamId} without an earlier type 0 header");

    [DoesNotReturn]
    public static void MalformedControlMessage(RtmpMessageType type, int length) =>
        throw new RtmpProtocolException(RtmpProtocolError.MalformedControlMessage,
            $"{type} message with a {length}-byte body");
}
