namespace Sportall.Media.Mp4.Reading;

/// <summary>
/// Walks the child boxes of a container already in memory. A size-0 child runs to the end of its parent; fewer
/// than 8 trailing bytes are ignored (QuickTime ends some containers with a 32-bit zero terminator).
/// </summary>
internal ref struct Mp4ChildBoxes
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _position;

    public Mp4ChildBoxes(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        _position = 0;
    }

    public uint Type { get; private set; }

    public ReadOnlySpan<byte> Payload { get; private set; }

    public bool MoveNext()
    {
        var rest = _payload[_position..];
        if (rest.Length < 8) return false;
        if (!Mp4BoxHeader.TryRead(rest, out var header)) Mp4Throw.Truncated("box header");
        var size = header.Size == Mp4BoxHeader.ToEnd ? rest.Length : header.Size;
        if (size > rest.Length) Mp4Throw.Truncated($"'{Mp4FourCc.ToText(header.Type)}' box ({size} bytes declared, {rest.Length} left in its parent)");
        Type = header.Type;
        Payload = rest.Slice(header.HeaderSize, (int)size - header.HeaderSize);
        _position += (int)size;
        return true;
    }

    /// <summary>The payload of the first child of <paramref name="type"/>, or an empty span when there is none.</summary>
    public static bool TryFind(ReadOnlySpan<byte> parent, uint type, out ReadOnlySpan<byte> payload)
    {
        var children = new Mp4ChildBoxes(parent);
        while (children.MoveNext())
        {
            if (children.Type == type)
            {
                payload = children.Payload;
                return true;
            }
        }
        payload = default;
        return false;
    }
}
