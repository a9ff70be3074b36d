namespace Sportall.Packager.Recording;

/// <summary>What one line of a recording's spool journal says.</summary>
public enum RecordingJournalKind
{
    /// <summary>First line: the asset id, playback name and start.</summary>
    Start,

    /// <summary>An init segment of a track of a period is in the spool.</summary>
    Init,

    /// <summary>A complete media segment of a track is in the spool.</summary>
    Segment,

    /// <summary>The stream ended after its reconnect grace period.</summary>
    End,
}
