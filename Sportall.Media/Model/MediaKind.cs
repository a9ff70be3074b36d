namespace Sportall.Media.Model;

public enum MediaKind : byte
{
    Video,
    Audio,
}
