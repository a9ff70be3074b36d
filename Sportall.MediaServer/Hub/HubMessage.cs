using Sportall.Media.Model;

namespace Sportall.MediaServer.Hub;

/// <summary>What a reader's queue carries: a track change or a frame, in publish order.</summary>
public readonly record struct HubMessage(HubMessageKind Kind, AccessUnit Unit, IReadOnlyList<TrackInfo>? Tracks);
