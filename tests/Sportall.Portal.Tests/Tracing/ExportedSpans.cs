using System.Collections;
using System.Diagnostics;

namespace Sportall.Portal.Tests.Tracing;

/// <summary>
/// Where the in-memory exporter puts spans: it appends from request threads while the test reads, and
/// a plain List is not safe for that, so every access takes one lock.
/// </summary>
public sealed class ExportedSpans : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get { lock (_spans) return _spans.Count; }
    }

    public bool IsReadOnly => false;

    public Activity[] Snapshot()
    {
        lock (_spans) return [.. _spans];
    }

    public void Add(Activity item)
    {
        lock (_spans) _spans.Add(item);
    }

    public void Clear()
    {
        lock (_spans) _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_spans) return _spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans) _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (_spans) return _spans.Remove(item);
    }

    public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
