using System.Text.Json.Serialization;

namespace Sportall.MediaServer.Cluster;

/// <summary>
/// The value of a <c>streamseq:&lt;name&gt;</c> record: the media sequence number of the owner's next segment
/// and the index of its next period, as of <paramref name="At"/>.
/// </summary>
public sealed record StreamSequenceRecord(
    [property: JsonPropertyName("seq")] long NextSequence,
    [property: JsonPropertyName("period")] int NextPeriodIndex,
    [property: JsonPropertyName("at")] DateTimeOffset At);
