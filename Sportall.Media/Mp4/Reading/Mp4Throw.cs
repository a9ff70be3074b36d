using System.Diagnostics.CodeAnalysis;

namespace Sportall.Media.Mp4.Reading;

// Throw sites live out of line so the table loops stay small.
internal static class Mp4Throw
{
    [DoesNotReturn]
    public static void Truncated(string what) =>
        throw new Mp4FormatException(Mp4FormatError.Truncated, $"MP4 {what} is truncated.");

    [DoesNotReturn]
    public static void BadBoxSize(uint type, long size) =>
        throw new Mp4FormatException(Mp4FormatError.BadBoxSize, $"MP4 box '{Mp4FourCc.ToText(type)}' declares an impossible size {size}.");

    [DoesNotReturn]
    public static void NoMovie() =>
        throw new Mp4FormatException(Mp4FormatError.NoMovie, "No moov box in the file: not an MP4/MOV file, or an unfinished recording.");

    [DoesNotReturn]
    public static void LimitExceeded(string what, long value, long limit) =>
        throw new Mp4FormatException(Mp4FormatError.LimitExceeded, $"MP4 {what} {value} exceeds the limit of {limit}.");

    [DoesNotReturn]
    public static void Inconsistent(string message) =>
        throw new Mp4FormatException(Mp4FormatError.InconsistentSampleTables, $"MP4 sample tables disagree: {message}.");

    [DoesNotReturn]
    public static void UnsupportedCodec(uint sampleEntryType) =>
        throw new Mp4FormatException(Mp4FormatError.UnsupportedCodec,
            $"MP4 sample entry '{Mp4FourCc.ToText(sampleEntryType)}' is not supported; supported: avc1, avc3, hvc1, hev1, mp4a (AAC).");

    [DoesNotReturn]
    public static void UnsupportedCodec(string message) =>
        throw new Mp4FormatException(Mp4FormatError.UnsupportedCodec, message);

    [DoesNotReturn]
    public static void BadCodecConfiguration(string what, Exception inner) =>
        throw new Mp4FormatException(Mp4FormatError.BadCodecConfiguration, $"MP4 {what} is malformed: {inner.Message}", inner);

    [DoesNotReturn]
    public static void BadCodecConfiguration(string message) =>
        throw new Mp4FormatException(Mp4FormatError.BadCodecConfiguration, message);

    [DoesNotReturn]
    public static void UnsupportedVersion(uint type, int version) =>
        throw new Mp4FormatException(Mp4FormatError.UnsupportedVersion, $"MP4 box '{Mp4FourCc.ToText(type)}' version {version} is not supported.");

    [DoesNotReturn]
    public static void NoPlayableTrack() =>
        throw new Mp4FormatException(Mp4FormatError.NoPlayableTrack, "The movie holds no H.264/HEVC video or AAC audio track.");
}
