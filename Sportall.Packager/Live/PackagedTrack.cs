using Sportall.Media.Model;

namespace Sportall.Packager.Live;

/// <summary>A CMAF track of one period: its id in URLs (stable across periods), its info and init segment.</summary>
public sealed record PackagedTrack(string Id, TrackInfo Info, ReadOnlyMemory<byte> InitSegment);
