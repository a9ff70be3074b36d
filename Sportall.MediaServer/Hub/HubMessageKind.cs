namespace Sportall.MediaServer.Hub;

public enum HubMessageKind : byte
{
    /// <summary>The publisher's tracks are known or changed; <see cref="HubMessage.Tracks"/> is set.</summary>
    Tracks,

    /// <summary>One access unit; the reader owns one reference to its payload and must release it.</summary>
    AccessUnit,
}
