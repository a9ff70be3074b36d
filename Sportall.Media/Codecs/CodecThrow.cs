using System.Diagnostics.CodeAnalysis;

namespace Sportall.Media.Codecs;

// Throw sites live out of line so the parsers' hot paths stay small enough to inline.
internal static class CodecThrow
{
    [DoesNotReturn]
    public static void Truncated(string structure) =>
        throw new CodecFormatException(CodecFormatError.Truncated, $"{structure} is truncated.");

    [DoesNotReturn]
    public static void Invalid(string message) =>
        throw new CodecFormatException(CodecFormatError.InvalidValue, message);

    [DoesNotReturn]
    public static void UnsupportedVersion(string message) =>
        throw new CodecFormatException(CodecFormatError.UnsupportedVersion, message);

    [DoesNotReturn]
    public static void LimitExceeded(string message) =>
        throw new CodecFormatException(CodecFormatError.LimitExceeded, message);

    [DoesNotReturn]
    public static void WrongUnitType(string message) =>
        throw new CodecFormatException(CodecFormatError.WrongUnitType, message);
}
