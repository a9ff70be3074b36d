namespace Sportall.MediaServer.Srt;

// The `m` key of the access-control stream id (AccessControl.md, "Standard Keys").
public enum SrtStreamMode
{
    /// <summary>The caller wants to receive (the default when `m` is absent).</summary>
    Request,

    /// <summary>The caller sends: the only mode this ingest listener serves.</summary>
    Publish,

    Bidirectional,
}
