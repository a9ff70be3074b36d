namespace Sportall.MediaServer.Srt;

/// <summary>
/// One live SRT publish. <see cref="OnData"/> receives each SRT message as it was delivered (normally
/// 1316 bytes = 7 TS packets; a message is not guaranteed to hold whole TS packets, so the demuxer
/// re-syncs on 0x47), valid only during the call, always on the listener's receive thread. An exception
/// thrown from it closes the publisher's connection. Dispose = publisher gone (close, break, idle).
/// </summary>
public interface ISrtPublishSession : IDisposable
{
    void OnData(ReadOnlySpan<byte> tsBytes);
}
