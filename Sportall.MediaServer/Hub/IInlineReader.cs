namespace Sportall.MediaServer.Hub;

/// <summary>
/// A reader that takes each message on the publisher's thread, inside the publish call, instead of through a
/// queue. Only for consumers that never wait: no I/O, no lock that a slow party holds. The live packager is
/// one: it copies a frame into its segment buffers and hands disk work to its own writer task.
/// </summary>
/// <remarks>
/// A queued reader costs a thread hand-off per frame (the channel wakes the reader's task on the thread
/// pool); at a few hundred frames a second per stream that was a large share of ingest's CPU.
/// </remarks>
public interface IInlineReader
{
    /// <summary>A track change or a frame. The frame's payload is only valid during the call.</summary>
    void OnMessage(in HubMessage message);

    /// <summary>The publish session ended; called once, after the last message.</summary>
    void OnCompleted();
}
