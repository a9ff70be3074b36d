using System.Threading.Channels;

namespace Sportall.MediaServer.Hub;

/// <summary>
/// One consumer of a live source (the packager, later a transcoder or a recorder) with its own bounded
/// queue. When the queue is full the publisher drops the frame for this reader only, counts it, and skips
/// that track until its next keyframe so the reader never sees a broken GOP (mediamtx asyncwriter).
/// </summary>
public sealed class HubReader
{
    private readonly Channel<HubMessage> _queue;
    private long _droppedFrames;
    // Per track: a frame was dropped, wait for a keyframe before delivering this track again.
    private ulong _awaitingKeyframeMask;

    internal HubReader(string name, int capacity)
    {
        Name = name;
        _queue = Channel.CreateBounded<HubMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Name { get; }

    public ChannelReader<HubMessage> Messages => _queue.Reader;

    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Called on the publisher's thread. Never blocks.</summary>
    internal bool TryDeliver(in HubMessage message)
    {
        if (message.Kind == HubMessageKind.Tracks)
        {
            // A track change must not be lost: if the queue is full the reader is hopelessly behind anyway;
            // skip every track until its next keyframe and keep trying to enqueue the change.
            if (_queue.Writer.TryWrite(message)) return true;
            _awaitingKeyframeMask = ulong.MaxValue;
            return false;
        }

        var unit = message.Unit;
        var bit = 1UL << (unit.TrackIndex & 63);
        if ((_awaitingKeyframeMask & bit) != 0)
        {
            if (!unit.IsKeyframe)
            {
                Interlocked.Increment(ref _droppedFrames);
                return false;
            }
            _awaitingKeyframeMask &= ~bit;
        }

        unit.Payload.AddRef();
        if (_queue.Writer.TryWrite(message)) return true;

        unit.Payload.Release();
        _awaitingKeyframeMask |= bit;
        Interlocked.Increment(ref _droppedFrames);
        return false;
    }

    internal void Complete() => _queue.Writer.TryComplete();

    /// <summary>Releases what is still queued (a reader that stops early).</summary>
    public void Drain()
    {
        while (_queue.Reader.TryRead(out var message))
        {
            if (message.Kind == HubMessageKind.AccessUnit) message.Unit.Payload.Release();
        }
    }
}
