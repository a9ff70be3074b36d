using System.Buffers;
using Sportall.Media.Bits;

namespace Sportall.Media.Codecs.Aac;

/// <summary>
/// The leading fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1): object type,
/// sampling frequency and channel configuration, with explicit SBR/PS signalling followed to the
/// core object type. The FLV AAC sequence header body, and the DecoderSpecificInfo of an esds.
/// </summary>
/// <remarks>
/// <code>
/// audioObjectType        5 bits   (31 = escape: 32 + next 6 bits)
/// samplingFrequencyIndex 4 bits   (0xF = explicit: samplingFrequency 24 bits)
/// channelConfiguration   4 bits
/// [aot 5 (SBR) / 29 (PS): extensionSamplingFrequencyIndex 4 (+24), audioObjectType 5 (+6)]
/// GASpecificConfig …     (frameLengthFlag, dependsOnCoreCoder, extensionFlag, …)
/// </code>
/// </remarks>
public sealed record AudioSpecificConfig
{
    /// <summary>§1.6.3.4 Table 1.18 samplingFrequencyIndex → Hz; 13 and 14 are reserved.</summary>
    private static ReadOnlySpan<int> SamplingFrequencies => [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>The object type as signalled first (5 = SBR / HE-AAC, 29 = PS / HE-AACv2, else the core type); goes into the codec string.</summary>
    public required int AudioObjectType { get; init; }

    /// <summary>The core coder's object type (2 = AAC-LC under SBR/PS signalling).</summary>
    public required int CoreAudioObjectType { get; init; }

    /// <summary>samplingFrequencyIndex, or 15 when the frequency is explicit.</summary>
    public required int SamplingFrequencyIndex { get; init; }

    /// <summary>Core sampling frequency in Hz: one AAC frame is 1024 samples at this rate.</summary>
    public required int SamplingFrequency { get; init; }

    /// <summary>Output sampling frequency of the SBR extension when explicitly signalled, else 0.</summary>
    public int ExtensionSamplingFrequency { get; init; }

    public required int ChannelConfiguration { get; init; }

    /// <summary>Channels implied by channelConfiguration (§1.6.3.5 Table 1.19, plus 23003-3's 11–14); 0 when a program_config_element defines them.</summary>
    public int ChannelCount => ChannelConfiguration switch
    {
        >= 1 and <= 6 => ChannelConfiguration,
        7 => 8,
        11 => 7,
        12 or 14 => 8,
        13 => 24,
        _ => 0,
    };

    /// <summary>RFC 6381 codec string <c>mp4a.40.&lt;audioObjectType&gt;</c>.</summary>
    public string CodecString => $"mp4a.40.{AudioObjectType}";

    /// <exception cref="CodecFormatException">The config is truncated or names a reserved sampling frequency index.</exception>
    public static AudioSpecificConfig Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2) CodecThrow.Truncated("AudioSpecificConfig");
        var reader = new BitReader(data);
        var objectType = ReadObjectType(ref reader);
        var (index, frequency) = ReadFrequency(ref reader);
        var channels = (int)reader.ReadBits(4);
        var coreType = objectType;
        var extensionFrequency = 0;
        if (objectType is 5 or 29)
        {
            (_, extensionFrequency) = ReadFrequency(ref reader);
            coreType = ReadObjectType(ref reader);
        }
        if (reader.Overrun) CodecThrow.Truncated("AudioSpecificConfig");
        if (objectType == 0) CodecThrow.Invalid("AudioSpecificConfig audioObjectType 0 is the null object.");
        if (frequency == 0) CodecThrow.Invalid("AudioSpecificConfig sampling frequency is 0.");
        return new AudioSpecificConfig
        {
            AudioObjectType = objectType,
            CoreAudioObjectType = coreType,
            SamplingFrequencyIndex = index,
            SamplingFrequency = frequency,
            ExtensionSamplingFrequency = extensionFrequency,
            ChannelConfiguration = channels,
        };
    }

    /// <summary>The config an ADTS stream implies: profile + 1 as object type, its frequency index and channels (§1.A.3.2.1).</summary>
    public static AudioSpecificConfig FromAdts(in AdtsHeader header) => new()
    {
        AudioObjectType = header.AudioObjectType,
        CoreAudioObjectType = header.AudioObjectType,
        SamplingFrequencyIndex = header.SamplingFrequencyIndex,
        SamplingFrequency = SamplingFrequencies[header.SamplingFrequencyIndex],
        ChannelConfiguration = header.ChannelConfiguration,
    };

    internal static int FrequencyOfIndex(int index) => (uint)index < (uint)SamplingFrequencies.Length ? SamplingFrequencies[index] : 0;

    /// <summary>Size of the plain form this type writes: object type, frequency, channels and a zero GASpecificConfig (no SBR signalling).</summary>
    public int ComputeSize() => (BitCount() + 7) / 8;

    /// <summary>Writes the plain form (explicit SBR/PS signalling is not written; AudioObjectType is written as given).</summary>
    public void Write(IBufferWriter<byte> writer)
    {
        var size = ComputeSize();
        var span = writer.GetSpan(size)[..size];
        span.Clear();
        var bit = 0;
        if (AudioObjectType < 31)
        {
            Put(span, ref bit, (uint)AudioObjectType, 5);
        }
        else
        {
            Put(span, ref bit, 31, 5);
            Put(span, ref bit, (uint)(AudioObjectType - 32), 6);
        }
        var tableIndex = IndexOfFrequency(SamplingFrequency);
        if (tableIndex >= 0 && SamplingFrequencyIndex != 15)
        {
            Put(span, ref bit, (uint)tableIndex, 4);
        }
        else
        {
            Put(span, ref bit, 15, 4);
            Put(span, ref bit, (uint)SamplingFrequency, 24);
        }
        Put(span, ref bit, (uint)ChannelConfiguration, 4);
        // GASpecificConfig(): frameLengthFlag 0 (1024 samples), dependsOnCoreCoder 0, extensionFlag 0 — already zero.
        writer.Advance(size);
    }

    public byte[] ToArray()
    {
        var buffer = new ArrayBufferWriter<byte>(ComputeSize());
        Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private int BitCount()
    {
        var bits = AudioObjectType < 31 ? 5 : 11;
        bits += IndexOfFrequency(SamplingFrequency) >= 0 && SamplingFrequencyIndex != 15 ? 4 : 28;
        return bits + 4 + 3;
    }

    private static int IndexOfFrequency(int frequency) => SamplingFrequencies.IndexOf(frequency);

    private static void Put(Span<byte> span, ref int bit, uint value, int count)
    {
        for (var i = count - 1; i >= 0; i--, bit++)
        {
            if (((value >> i) & 1) != 0) span[bit >> 3] |= (byte)(0x80 >> (bit & 7));
        }
    }

    // §1.6.2.1 GetAudioObjectType()
    private static int ReadObjectType(ref BitReader reader)
    {
        var type = (int)reader.ReadBits(5);
        return type == 31 ? 32 + (int)reader.ReadBits(6) : type;
    }

    private static (int Index, int Frequency) ReadFrequency(ref BitReader reader)
    {
        var index = (int)reader.ReadBits(4);
        if (index == 15) return (15, (int)reader.ReadBits(24));
        if (index >= SamplingFrequencies.Length) CodecThrow.Invalid($"AudioSpecificConfig samplingFrequencyIndex {index} is reserved.");
        return (index, SamplingFrequencies[index]);
    }
}
