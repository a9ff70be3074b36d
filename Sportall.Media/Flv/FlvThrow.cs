using System.Diagnostics.CodeAnalysis;

namespace Sportall.Media.Flv;

internal static class FlvThrow
{
    // Named in every unsupported-codec message so an operator reading the log knows what to configure the encoder to.
    internal const string SupportedCodecs = "supported video: H.264 (7), Enhanced RTMP hvc1, av01, avc1; audio: AAC (10)";

    [DoesNotReturn]
    public static void Truncated(string what, int length) =>
        throw new FlvFormatException(FlvFormatError.Truncated, $"FLV {what} of {length} bytes is truncated.");

    [DoesNotReturn]
    public static void UnsupportedVideoCodecId(int codecId) =>
        throw new FlvFormatException(FlvFormatError.UnsupportedVideoCodec, $"FLV video CodecID {codecId} is not supported; {SupportedCodecs}.");

    [DoesNotReturn]
    public static void UnsupportedVideoFourCc(uint fourCc) =>
        throw new FlvFormatException(FlvFormatError.UnsupportedVideoCodec, $"Enhanced RTMP video FourCC '{FourCcText(fourCc)}' is not supported; {SupportedCodecs}.");

    [DoesNotReturn]
    public static void UnsupportedAudioCodec(int soundFormat) =>
        throw new FlvFormatException(FlvFormatError.UnsupportedAudioCodec, $"FLV audio SoundFormat {soundFormat} is not supported; {SupportedCodecs}.");

    [DoesNotReturn]
    public static void UnsupportedPacketType(string what, int packetType) =>
        throw new FlvFormatException(FlvFormatError.UnsupportedPacketType, $"FLV {what} {packetType} is not supported.");

    [DoesNotReturn]
    public static void BadSequenceHeader(string codec, Exception inner) =>
        throw new FlvFormatException(FlvFormatError.BadSequenceHeader, $"{codec} sequence header is malformed: {inner.Message}", inner);

    [DoesNotReturn]
    public static void EmptySequenceHeader(string codec) =>
        throw new FlvFormatException(FlvFormatError.BadSequenceHeader, $"{codec} sequence header is empty.");

    [DoesNotReturn]
    public static void BadFileHeader() =>
        throw new FlvFormatException(FlvFormatError.BadFileHeader, "Not an FLV file: the signature 'FLV' is missing.");

    private static string FourCcText(uint fourCc)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            var c = (char)((fourCc >> (24 - 8 * i)) & 0xFF);
            chars[i] = c is >= ' ' and <= '~' ? c : '?';
        }
        return new string(chars);
    }
}
