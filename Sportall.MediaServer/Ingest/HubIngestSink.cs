using Sportall.Media.Flv;
using Sportall.Media.Model;
using Sportall.MediaServer.Hub;
using Sportall.MediaServer.Rtmp;

namespace Sportall.MediaServer.Ingest;

/// <summary>Admits RTMP publishers into the stream hub and turns their FLV tags into the media model.</summary>
public sealed class HubIngestSink(StreamHub hub) : IRtmpIngestSink
{
    public IRtmpPublishSession? BeginPublish(string playbackName, string remoteEndPoint, out string? refusalReason)
    {
        if (!hub.TryPublish(playbackName, "rtmp", remoteEndPoint, publisherThreadIsDedicated: true, out var source, out refusalReason)) return null;
        return new Session(source);
    }

    private sealed class Session(LiveSource source) : IRtmpPublishSession
    {
        private readonly FlvMediaDemuxer _demuxer = new(source);

        public void OnMetadata(StreamMetadata metadata) => _demuxer.OnMetadata(metadata);

        public void OnAudio(long timestampMs, ReadOnlySpan<byte> flvAudioTagBody) => _demuxer.OnAudioTag(timestampMs, flvAudioTagBody);

        public void OnVideo(long timestampMs, ReadOnlySpan<byte> flvVideoTagBody) => _demuxer.OnVideoTag(timestampMs, flvVideoTagBody);

        public void Dispose()
        {
            try
            {
                _demuxer.Flush();
            }
            finally
            {
                source.Dispose();
            }
        }
    }
}
