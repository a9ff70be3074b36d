namespace Sportall.Media.Flv;

/// <summary>One tag of an FLV file: its type, timestamp and body (AUDIODATA, VIDEODATA or SCRIPTDATA, unparsed).</summary>
public sealed record FlvTag(FlvTagType Type, long TimestampMs, byte[] Body);
