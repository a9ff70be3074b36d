namespace Sportall.Media.Flv;

/// <summary>FLV TagType (FLV spec v10.1 Annex E.4.1), also the RTMP message type ids of the same media.</summary>
public enum FlvTagType : byte
{
    Audio = 8,
    Video = 9,
    ScriptData = 18,
}
