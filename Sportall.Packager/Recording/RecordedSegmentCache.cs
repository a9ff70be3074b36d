using System.Collections.Concurrent;

namespace Sportall.Packager.Recording;

/// <summary>
/// Recently served recorded segments in memory, so a replay many viewers watch at once is read from the store
/// once per segment, not once per viewer. First in, first out within a byte budget: viewers of a replay move
/// forward together, so the oldest entry is the least likely to be asked for again.
/// </summary>
internal sealed class RecordedSegmentCache(long budgetBytes)
{
    // A segment above this (a 6 s segment at 20 Mbit/s is 15 MB) streams through without being cached.
    public const int MaxEntryBytes = 16 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    public bool TryGet(string key, out byte[] bytes) => _entries.TryGetValue(key, out bytes!);

    public void Add(string key, byte[] bytes)
    {
        if (bytes.Length > MaxEntryBytes || bytes.Length > budgetBytes || !_entries.TryAdd(key, bytes))
        {
            return;
        }
        _order.Enqueue(key);
        Interlocked.Add(ref _bytes, bytes.Length);
        while (Interlocked.Read(ref _bytes) > budgetBytes && _order.TryDequeue(out var oldest))
        {
            if (_entries.TryRemove(oldest, out var removed))
            {
                Interlocked.Add(ref _bytes, -removed.Length);
            }
        }
    }
}
