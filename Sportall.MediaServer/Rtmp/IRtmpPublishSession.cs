using Sportall.Media.Model;

namespace Sportall.MediaServer.Rtmp;

/// <summary>
/// One live publish. Media bodies are FLV tag bodies (audio: sound format byte onwards; video:
/// frame type/codec byte or Enhanced RTMP ExHeader onwards), valid only during the call.
/// An exception thrown from a method closes the publisher's connection. Dispose = publisher gone
/// (deleteStream, close, error).
/// </summary>
public interface IRtmpPublishSession : IDisposable
{
    void OnMetadata(StreamMetadata metadata);
    void OnAudio(long timestampMs, ReadOnlySpan<byte> flvAudioTagBody);
    void OnVideo(long timestampMs, ReadOnlySpan<byte> flvVideoTagBody);
}
