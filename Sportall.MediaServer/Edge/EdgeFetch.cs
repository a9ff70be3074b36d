namespace Sportall.MediaServer.Edge;

/// <summary>An origin fetch in flight for one cache key; every concurrent request for the key awaits it.</summary>
internal sealed class EdgeFetch
{
    private readonly TaskCompletionSource<EdgeFetchResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<EdgeFetchResult> Result => _result.Task;

    public void Complete(EdgeFetchResult result) => _result.TrySetResult(result);
}
