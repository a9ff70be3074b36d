namespace Sportall.Media.Codecs;

/// <summary>A codec configuration or header that cannot be parsed; <see cref="Reason"/> says why.</summary>
public sealed class CodecFormatException : Exception
{
    public CodecFormatException(CodecFormatError reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public CodecFormatError Reason { get; }
}
