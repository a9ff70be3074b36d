using System.Buffers;
using Sportall.Media.Amf;

namespace Sportall.Media.Tests.Amf;

public class Amf0Tests
{
    public static TheoryData<string, AmfValue, string> Values => new()
    {
        { "number 0", AmfValue.FromNumber(0), "00 0000000000000000" },
        { "number 1.5", AmfValue.FromNumber(1.5), "00 3FF8000000000000" },
        { "number -2", AmfValue.FromNumber(-2), "00 C000000000000000" },
        { "boolean true", AmfValue.FromBoolean(true), "01 01" },
        { "boolean false", AmfValue.FromBoolean(false), "01 00" },
        { "string", AmfValue.FromString("live"), "02 0004 6C697665" },
        { "empty string", AmfValue.FromString(""), "02 0000" },
        { "utf-8 string", AmfValue.FromString("é"), "02 0002 C3A9" },
        { "long string", AmfValue.FromLongString("ab"), "0C 00000002 6162" },
        { "null", AmfValue.Null, "05" },
        { "undefined", AmfValue.Undefined, "06" },
        { "empty object", AmfValue.FromObject(), "03 000009" },
        {
            "object", AmfValue.FromObject(new("app", "live"), new("n", 1d)),
            "03 0003 617070 02 0004 6C697665 0001 6E 00 3FF0000000000000 000009"
        },
        { "ecma array", AmfValue.FromEcmaArray(new AmfProperty("w", true)), "08 00000001 0001 77 01 01 000009" },
        { "strict array", AmfValue.FromStrictArray("avc1", AmfValue.Null), "0A 00000002 02 0004 61766331 05" },
        { "date", AmfValue.FromDate(1000, 0), "0B 408F400000000000 0000" },
        {
            "nested", AmfValue.FromObject(new AmfProperty("o", AmfValue.FromObject(new AmfProperty("a", AmfValue.FromStrictArray(1d))))),
            "03 0001 6F 03 0001 61 0A 00000001 00 3FF0000000000000 000009 000009"
        },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Reads(string name, AmfValue value, string hex)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", ""));
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(Amf0Reader.TryReadValue(ref reader, out var read), name);
        Assert.Equal(value, read);
        Assert.Equal(bytes.Length, reader.Consumed);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Writes(string name, AmfValue value, string hex)
    {
        var writer = new ArrayBufferWriter<byte>();
        Assert.Equal(Amf0Writer.GetSize(value), Amf0Writer.Write(writer, value));
        Assert.Equal(hex.Replace(" ", ""), Convert.ToHexString(writer.WrittenSpan), ignoreCase: true);
        _ = name;
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void RoundTrips_OneBytePerSegment(string name, AmfValue value, string hex)
    {
        _ = hex;
        var writer = new ArrayBufferWriter<byte>();
        Amf0Writer.Write(writer, value);
        var reader = new SequenceReader<byte>(SegmentedSequence.OneBytePerSegment(writer.WrittenSpan.ToArray()));
        Assert.True(Amf0Reader.TryReadValue(ref reader, out var read), name);
        Assert.Equal(value, read);
        Assert.True(reader.End);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void EveryPrefix_NeedsMore_AndConsumesNothing(string name, AmfValue value, string hex)
    {
        _ = value;
        var bytes = Convert.FromHexString(hex.Replace(" ", ""));
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(Amf0Reader.TryReadValue(ref reader, out _), $"{name}: prefix of {length}");
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Fact]
    public void LongStringIsWrittenForStringsAbove65535Bytes()
    {
        var text = new string('x', 70000);
        var writer = new ArrayBufferWriter<byte>();
        Amf0Writer.Write(writer, AmfValue.FromString(text));
        Assert.Equal((byte)Amf0Marker.LongString, writer.WrittenSpan[0]);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(writer.WrittenMemory));
        Assert.True(Amf0Reader.TryReadValue(ref reader, out var read));
        Assert.Equal(text, read.String);
    }

    [Theory]
    [InlineData(Amf0Reader.MaxDepth, true)]
    [InlineData(Amf0Reader.MaxDepth + 1, false)]
    [InlineData(1000, false)]
    public void NestingDepthIsLimited(int depth, bool accepted)
    {
        // "o": { "o": { ... } } nested `depth` objects deep.
        var bytes = new List<byte>();
        for (var i = 0; i < depth; i++)
        {
            bytes.Add(0x03);
            if (i < depth - 1)
            {
                bytes.AddRange([0x00, 0x01, (byte)'o']);
            }
        }

        for (var i = 0; i < depth; i++)
        {
            bytes.AddRange([0x00, 0x00, 0x09]);
        }

        var array = bytes.ToArray();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(array));
        if (accepted)
        {
            Assert.True(Amf0Reader.TryReadValue(ref reader, out _));
            Assert.True(reader.End);
        }
        else
        {
            var error = Assert.Throws<AmfException>(() =>
            {
                var inner = new SequenceReader<byte>(new ReadOnlySequence<byte>(array));
                Amf0Reader.TryReadValue(ref inner, out _);
            });
            Assert.Equal(AmfError.NestingTooDeep, error.Reason);
            Assert.Contains("deep AMF nesting", error.Message);
        }
    }

    [Theory]
    [InlineData("object end outside an object", "09", AmfError.UnexpectedObjectEnd)]
    [InlineData("reference", "07 0001", AmfError.UnsupportedMarker)]
    [InlineData("AMF3 switch", "11 00", AmfError.UnsupportedMarker)]
    [InlineData("huge strict array", "0A FFFFFFFF", AmfError.LengthTooLarge)]
    [InlineData("huge long string", "0C 7FFFFFFF", AmfError.LengthTooLarge)]
    [InlineData("object end as a property value", "03 0001 61 09", AmfError.UnexpectedObjectEnd)]
    public void MalformedInputThrowsTypedError(string name, string hex, AmfError reason)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", ""));
        var error = Assert.Throws<AmfException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            Amf0Reader.TryReadValue(ref reader, out _);
        });
        Assert.True(reason == error.Reason, name);
    }

    [Fact]
    public void PropertyLookupAndAccessors()
    {
        var value = AmfValue.FromObject(new("app", "live/"), new("objectEncoding", 0d), new("flag", true));
        Assert.Equal("live/", value.GetString("app"));
        Assert.Equal(0d, value.GetNumber("objectEncoding"));
        Assert.Null(value.GetNumber("app"));
        Assert.Null(value.GetString("missing"));
        Assert.True(value.TryGetProperty("flag", out var flag) && flag.Boolean);
    }
}
