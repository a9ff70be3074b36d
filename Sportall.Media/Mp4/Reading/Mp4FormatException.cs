namespace Sportall.Media.Mp4.Reading;

/// <summary>An MP4/MOV file that cannot be indexed; <see cref="Reason"/> says why.</summary>
public sealed class Mp4FormatException : Exception
{
    public Mp4FormatException(Mp4FormatError reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public Mp4FormatError Reason { get; }
}
