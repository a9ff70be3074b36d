using Sportall.Media.MpegTs;
using Sportall.MediaServer.Hub;
using Sportall.MediaServer.Srt;

namespace Sportall.MediaServer.Ingest;

/// <summary>Admits SRT publishers into the stream hub and demuxes their MPEG-TS into the media model.</summary>
public sealed class HubSrtSink(StreamHub hub) : ISrtIngestSink
{
    public bool IsLive(string playbackName) => hub.TryGet(playbackName, out _);

    public ISrtPublishSession? BeginPublish(string playbackName, string remoteEndPoint, out string? refusalReason)
    {
        if (!hub.TryPublish(playbackName, "srt", remoteEndPoint, out var source, out refusalReason)) return null;
        return new Session(source);
    }

    private sealed class Session(LiveSource source) : ISrtPublishSession
    {
        private readonly MpegTsDemuxer _demuxer = new(source);

        public void OnData(ReadOnlySpan<byte> tsBytes) => _demuxer.Write(tsBytes);

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
