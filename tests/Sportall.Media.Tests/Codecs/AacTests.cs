using System.Buffers;
using Sportall.Media.Codecs;
using Sportall.Media.Codecs.Aac;

namespace Sportall.Media.Tests.Codecs;

public class AacTests
{
    // name, AudioSpecificConfig, object type (signalled), core object type, sample rate, extension rate, channels, codec string, written back identically
    public static TheoryData<string, string, int, int, int, int, int, string, bool> Configs => new()
    {
        { "AAC-LC 48 kHz stereo", "1190", 2, 2, 48000, 0, 2, "mp4a.40.2", true },
        { "AAC-LC 44.1 kHz stereo", "1210", 2, 2, 44100, 0, 2, "mp4a.40.2", true },
        { "AAC-LC 44.1 kHz stereo + SBR sync extension (ffmpeg FLV)", "121056e500", 2, 2, 44100, 0, 2, "mp4a.40.2", false },
        { "AAC-LC 8 kHz mono", "1588", 2, 2, 8000, 0, 1, "mp4a.40.2", true },
        { "AAC-LC 7.1 (channelConfiguration 7 = 8 channels)", "11b8", 2, 2, 48000, 0, 8, "mp4a.40.2", true },
        { "explicit 22000 Hz (index 0xF + 24 bits), mono", "17802af808", 2, 2, 22000, 0, 1, "mp4a.40.2", true },
        { "HE-AAC explicit SBR: 24 kHz core, 48 kHz output", "2b118800", 5, 2, 24000, 48000, 2, "mp4a.40.5", false },
        { "escape object type 31 → 42", "f94640", 42, 42, 48000, 0, 2, "mp4a.40.42", true },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Parses_audio_specific_configs(string name, string hex, int objectType, int coreType, int rate, int extensionRate, int channels, string codecString, bool roundTrips)
    {
        _ = name;
        var bytes = Convert.FromHexString(hex);
        var config = AudioSpecificConfig.Parse(bytes);
        Assert.Equal(objectType, config.AudioObjectType);
        Assert.Equal(coreType, config.CoreAudioObjectType);
        Assert.Equal(rate, config.SamplingFrequency);
        Assert.Equal(extensionRate, config.ExtensionSamplingFrequency);
        Assert.Equal(channels, config.ChannelCount);
        Assert.Equal(codecString, config.CodecString);
        if (roundTrips)
        {
            Assert.Equal(bytes, config.ToArray());
        }
    }

    [Theory]
    [InlineData("11")] // one byte
    [InlineData("f9")] // escape needs 6 more bits
    [InlineData("17802a")] // explicit frequency cut
    public void Truncated_configs_are_rejected(string hex)
    {
        Assert.Equal(CodecFormatError.Truncated, Assert.Throws<CodecFormatException>(() => AudioSpecificConfig.Parse(Convert.FromHexString(hex))).Reason);
    }

    [Theory]
    [InlineData("16a0")] // samplingFrequencyIndex 13 is reserved
    [InlineData("0190")] // audioObjectType 0
    public void Invalid_configs_are_rejected(string hex)
    {
        Assert.Equal(CodecFormatError.InvalidValue, Assert.Throws<CodecFormatException>(() => AudioSpecificConfig.Parse(Convert.FromHexString(hex))).Reason);
    }

    // name, header bytes, header, AudioSpecificConfig it implies
    public static TheoryData<string, string, AdtsHeader, string> AdtsHeaders => new()
    {
        { "LC 48 kHz stereo, 371 bytes, VBR", "fff14c802e7ffc", new AdtsHeader(true, 2, 3, 2, 371, 0x7FF, 0), "1190" },
        { "LC 44.1 kHz mono, 7-byte minimum frame", "fff1504000fff8", new AdtsHeader(true, 2, 4, 1, 7, 0x7FE, 0), "1208" },
        { "Main 96 kHz 5.1, max frame length 8191, 4 blocks", "fff10183ffffff", new AdtsHeader(true, 1, 0, 6, 8191, 0x7FF, 3), "0830" },
    };

    [Theory]
    [MemberData(nameof(AdtsHeaders))]
    public void Reads_writes_and_round_trips_adts(string name, string hex, AdtsHeader expected, string ascHex)
    {
        _ = name;
        var bytes = Convert.FromHexString(hex);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(AdtsHeader.TryRead(ref reader, out var header));
        Assert.Equal(expected, header);
        Assert.Equal(7, reader.Consumed);

        var written = new byte[7];
        header.Write(written);
        Assert.Equal(bytes, written);

        Assert.Equal(Convert.FromHexString(ascHex), AudioSpecificConfig.FromAdts(header).ToArray());
    }

    [Theory]
    [MemberData(nameof(AdtsHeaders))]
    public void Adts_prefixes_need_more_and_byte_segments_parse_the_same(string name, string hex, AdtsHeader expected, string ascHex)
    {
        _ = (name, ascHex);
        var bytes = Convert.FromHexString(hex);
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(AdtsHeader.TryRead(ref reader, out _));
            Assert.Equal(0, reader.Consumed);
        }
        var segmented = new SequenceReader<byte>(TestSequences.OneBytePerSegment(bytes));
        Assert.True(AdtsHeader.TryRead(ref segmented, out var header));
        Assert.Equal(expected, header);
    }

    [Fact]
    public void Adts_with_crc_is_nine_bytes_and_waits_for_them()
    {
        // protection_absent = 0: a 16-bit CRC follows the 7 header bytes.
        var bytes = Convert.FromHexString("fff04c802eff fc 1234".Replace(" ", ""));
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, 8));
        Assert.False(AdtsHeader.TryRead(ref reader, out _));
        Assert.Equal(0, reader.Consumed);
        reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(AdtsHeader.TryRead(ref reader, out var header));
        Assert.False(header.ProtectionAbsent);
        Assert.Equal(9, header.HeaderLength);
        Assert.Equal(9, reader.Consumed);
        Assert.Equal(375 - 9, header.PayloadLength);
    }

    [Theory]
    [InlineData("fff74c802e7ffc", CodecFormatError.UnsupportedVersion)] // layer 3
    [InlineData("ffe14c802e7ffc", CodecFormatError.InvalidValue)] // syncword cut short
    [InlineData("fff17c802e7ffc", CodecFormatError.InvalidValue)] // sampling_frequency_index 15
    [InlineData("fff14c8000dffc", CodecFormatError.InvalidValue)] // frame length 6 < header
    public void Bad_adts_headers_throw(string hex, CodecFormatError reason)
    {
        var bytes = Convert.FromHexString(hex);
        var e = Assert.Throws<CodecFormatException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            AdtsHeader.TryRead(ref reader, out _);
        });
        Assert.Equal(reason, e.Reason);
    }
}
