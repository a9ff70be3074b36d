namespace Sportall.Packager.Live;

/// <summary>
/// One live stream as the packager exposes it: a single writer (the segmenter) publishes immutable
/// snapshots; any number of readers take <see cref="Current"/> or wait asynchronously for the next one
/// (LL-HLS blocking reloads), never a thread each.
/// </summary>
public sealed class PackagedStream
{
    private StreamSnapshot _current = StreamSnapshot.Empty;
    private TaskCompletionSource<StreamSnapshot> _next = NewSignal();

    public PackagedStream(string name)
    {
        Name = name;
    }

    /// <summary>Bytes of this stream's media; set by the segmenter before its first snapshot.</summary>
    public ISegmentSource? Source { get; set; }

    /// <summary>The playback name: <c>/live/&lt;name&gt;/…</c>.</summary>
    public string Name { get; }

    public StreamSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Completes with the next published snapshot.</summary>
    public Task<StreamSnapshot> NextAsync() => Volatile.Read(ref _next).Task;

    /// <summary>Called by the segmenter only.</summary>
    public void Publish(StreamSnapshot snapshot)
    {
        Volatile.Write(ref _current, snapshot);
        var signal = Interlocked.Exchange(ref _next, NewSignal());
        signal.TrySetResult(snapshot);
    }

    private static TaskCompletionSource<StreamSnapshot> NewSignal() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
