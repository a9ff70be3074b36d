using System.Threading.Channels;

namespace Sportall.MediaServer.Hub;

/// <summary>
/// One consumer of a live source. A queued reader (a transcoder) has its own bounded queue: when the queue is
/// full the publisher drops the frame for this reader only, counts it, and skips that track until its next
/// keyframe so the reader never sees a broken GOP (mediamtx asyncwriter). An inline reader
/// (<see cref="IInlineReader"/>, the packager) is called on the publisher's thread instead.
/// </summary>
public sealed class HubReader
{
    private readonly Channel<HubMessage>? _queue;
    private readonly IInlineReader? _inline;
    private readonly Lock? _inlineGate;
    private bool _inlineCompleted;
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

    internal HubReader(string name, IInlineReader inline)
    {
        Name = name;
        _inline = inline;
        _inlineGate = new Lock();
    }

    public string Name { get; }

    /// <summary>The queue of a queued reader.</summary>
    public ChannelReader<HubMessage> Messages =>
        _queue?.Reader ?? throw new InvalidOperationException($"Reader '{Name}' is inline: it has no queue.");

    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Called on the publisher's thread. Never blocks on a queued reader.</summary>
    internal bool TryDeliver(in HubMessage message)
    {
        if (_inline is not null)
        {
            // Uncontended in steady state (one publisher thread); it orders the last message before the end
            // when a session is completed from another thread (a close racing a frame).
            lock (_inlineGate!)
            {
                if (_inlineCompleted) return false;
                _inline.OnMessage(message);
            }
            return true;
        }

        if (message.Kind == HubMessageKind.Tracks)
        {
            // A track change must not be lost: if the queue is full the reader is hopelessly behind anyway;
            // skip every track until its next keyframe and keep trying to enqueue the change.
            if (_queue!.Writer.TryWrite(message)) return true;
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
        if (_queue!.Writer.TryWrite(message)) return true;

        unit.Payload.Release();
        _awaitingKeyframeMask |= bit;
        Interlocked.Increment(ref _droppedFrames);
        return false;
    }

    internal void Complete()
    {
        if (_inline is not null)
        {
            lock (_inlineGate!)
            {
                if (_inlineCompleted) return;
                _inlineCompleted = true;
            }
            _inline.OnCompleted();
            return;
        }
        _queue!.Writer.TryComplete();
    }

    /// <summary>Releases what is still queued (a reader that stops early).</summary>
    public void Drain()
    {
        if (_queue is null) return;
        while (_queue.Reader.TryRead(out var message))
        {
            if (message.Kind == HubMessageKind.AccessUnit) message.Unit.Payload.Release();
        }
    }
}
