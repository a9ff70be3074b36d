namespace Sportall.Media.Flv;

/// <summary>An FLV tag or file that cannot be demuxed; <see cref="Reason"/> says why. The publish session that sent it should be closed.</summary>
public sealed class FlvFormatException : Exception
{
    public FlvFormatException(FlvFormatError reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public FlvFormatError Reason { get; }
}
